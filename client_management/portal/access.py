"""Granting, switching and revoking portal access. One rule for the desk, the CLI and the API."""

import frappe
from frappe import _
from frappe.utils import get_link_to_form, get_url, now_datetime

from client_management.mirror.customer import save_as_mirror
from client_management.portal import PORTAL_ROLE


def grant_access(portal_user):
	"""Create (or reuse) the Website User, add it to the Customer's portal users, send the invitation."""
	user = ensure_website_user(portal_user.email, portal_user.full_name, portal_user.enabled)
	portal_user.db_set({"user": user.name, "invited_on": now_datetime()}, update_modified=False)
	customer = frappe.db.get_value("Client", portal_user.client, "customer")
	set_portal_user(customer, user.name, present=True)
	send_invitation(portal_user)
	note_on_client(portal_user, _("{0} was invited to the customer portal."))


def ensure_website_user(email: str, full_name: str | None, enabled: int = 1):
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)
		if user.user_type == "System User":
			frappe.throw(
				_("{0} is a desk user; a portal user needs an email of its own.").format(email),
				title=_("Desk User"),
			)
	else:
		first, _sep, last = (full_name or email.split("@")[0]).partition(" ")
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first,
				"last_name": last,
				"user_type": "Website User",
				"send_welcome_email": 0,
			}
		)
	user.enabled = enabled
	user.flags.ignore_permissions = True  # set up by a Client Manager through Customer Portal User
	user.save()
	user.add_roles(PORTAL_ROLE)
	return user


def set_portal_user(customer: str | None, user: str, present: bool):
	"""Keep ERPNext's Customer.portal_users in step: its /invoices, /orders… pages read it."""
	if not customer:
		return
	doc = frappe.get_doc("Customer", customer)
	if present == any(row.user == user for row in doc.portal_users):
		return
	if present:
		doc.append("portal_users", {"user": user})
	else:
		doc.set("portal_users", [row for row in doc.portal_users if row.user != user])
	save_as_mirror(doc)


def send_invitation(portal_user):
	"""Email a set-password link; no password ever travels by mail."""
	user = frappe.get_doc("User", portal_user.user)
	link = user.reset_password(send_email=False)
	client = frappe.get_doc("Client", portal_user.client)
	frappe.sendmail(
		recipients=[portal_user.email],
		subject=_("Your access to the {0} customer portal").format(frappe.db.get_default("company") or ""),
		template="portal_invitation",
		args={
			"full_name": portal_user.full_name,
			"client": client.company_name,
			"link": link,
			"portal": get_url("/client-portal"),
		},
		reference_doctype="Customer Portal User",
		reference_name=portal_user.name,
	)


def set_active(portal_user):
	"""The Active switch: an inactive portal user cannot log in."""
	frappe.db.set_value("User", portal_user.user, "enabled", portal_user.enabled)
	note_on_client(
		portal_user,
		_("Portal access of {0} was turned on.")
		if portal_user.enabled
		else _("Portal access of {0} was turned off."),
	)


def revoke_access(portal_user):
	"""Delete = revoke: off the Customer's portal users, user disabled unless used elsewhere. No business data goes."""
	if not portal_user.user:
		return
	customer = frappe.db.get_value("Client", portal_user.client, "customer")
	set_portal_user(customer, portal_user.user, present=False)
	still_used = frappe.db.exists("Portal User", {"user": portal_user.user}) or frappe.db.exists(
		"Customer Portal User", {"user": portal_user.user, "name": ("!=", portal_user.name)}
	)
	if not still_used:
		frappe.db.set_value("User", portal_user.user, "enabled", 0)
	note_on_client(portal_user, _("Portal access of {0} was revoked."))


def note_on_client(portal_user, message: str):
	frappe.get_doc("Client", portal_user.client).add_comment(
		"Info", message.format(get_link_to_form("Customer Portal User", portal_user.name, portal_user.email))
	)
