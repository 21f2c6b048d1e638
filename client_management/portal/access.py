"""Granting, switching and revoking portal access. One rule for the desk, the CLI and the API.

Only Website Users that hold nothing but the portal role are ever created, enabled, disabled or
mailed a password link here: a desk user or a user with other roles is never touched."""

import frappe
from frappe import _
from frappe.sessions import clear_sessions
from frappe.utils import get_link_to_form, get_url, now_datetime

from client_management.mirror.customer import save_as_mirror
from client_management.portal import PORTAL_ROLE
from client_management.portal.gate import access_on, granted_logins, withdraw_contact_logins
from client_management.statements import preferred_company, statement_companies


def grant_access(portal_user):
	"""Create (or reuse) the Website User, add it to the Customer's portal users, send the invitation."""
	user = ensure_website_user(portal_user.email, portal_user.full_name)
	portal_user.db_set({"user": user.name, "invited_on": now_datetime()}, update_modified=False)
	apply_access(portal_user, user)
	if access_on(portal_user):
		send_invitation(portal_user)
	note_on_client(portal_user, _("{0} was invited to the customer portal."))


def ensure_website_user(email: str, full_name: str | None):
	"""The portal-only Website User of `email`, created when there is none."""
	if frappe.db.exists("User", email):
		user = portal_only_user(email)
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
		user.flags.ignore_permissions = True  # made by a Client Manager through Customer Portal User
		user.insert()
	user.flags.ignore_permissions = True
	user.add_roles(PORTAL_ROLE)
	return user


def portal_only_user(name: str):
	"""The User, when it is a Website User holding no role but the portal's; else a clear refusal."""
	user = frappe.get_doc("User", name)
	if not is_portal_only(user):
		frappe.throw(
			_(
				"{0} is a desk user or holds other roles: portal access never changes such a user. Invite a portal user with an email of its own."
			).format(frappe.bold(name)),
			title=_("Not a Portal User"),
		)
	return user


def set_user_enabled(user, enabled: int):
	"""Through the User document, so a disable ends the user's sessions at once."""
	if user.enabled == enabled:
		return
	# User.validate saves the user's Notification Settings as the acting user, which only that user
	# and System Managers may write: set them first, so that save has nothing left to do
	frappe.db.set_value("Notification Settings", {"name": user.name}, "enabled", enabled)
	user.enabled = enabled
	if not enabled:  # an invitation link not yet used dies with the access
		user.reset_password_key = None
	user.flags.ignore_permissions = True  # the caller's right on Customer Portal User was checked
	user.save()
	if not enabled:  # User.on_update logs out only inside a request; the CLI needs it too
		clear_sessions(user.name, force=True)


def apply_access(portal_user, user):
	on = access_on(portal_user)
	set_user_enabled(user, int(on))
	set_portal_user(customer_of(portal_user), user.name, present=on)
	if not on:
		withdraw_contact_logins(customer_of(portal_user), user.name)


def follow_client_status(client):
	"""Client.on_update: Inactive turns the client's portal users off; back from Inactive turns on
	those whose switch is on. Users with other roles are never changed."""
	for portal_user in frappe.get_all(
		"Customer Portal User", {"client": client.name, "user": ("is", "set")}, ["client", "user", "enabled"]
	):
		user = frappe.get_doc("User", portal_user.user)
		if is_portal_only(user):
			apply_access(portal_user, user)


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


def give_merged_access(client: str):
	"""After a merge the client has the merged client's portal users too: its Customer takes those
	whose access is on."""
	customer = frappe.db.get_value("Client", client, "customer")
	for user in granted_logins(client):
		set_portal_user(customer, user, present=True)


def customer_of(portal_user) -> str | None:
	return frappe.db.get_value("Client", portal_user.client, "customer")


def send_invitation(portal_user):
	"""Email a set-password link to the User's own address; no password ever travels by mail."""
	user = portal_only_user(portal_user.user)
	link = user.reset_password(send_email=False)
	frappe.sendmail(
		recipients=[user.email],
		subject=_("Your access to the {0} customer portal").format(invitation_company(portal_user) or ""),
		template="portal_invitation",
		args={
			"full_name": portal_user.full_name,
			"client": frappe.db.get_value("Client", portal_user.client, "company_name"),
			"link": link,
			"portal": get_url("/client-portal"),
		},
		reference_doctype="Customer Portal User",
		reference_name=portal_user.name,
	)


def invitation_company(portal_user) -> str | None:
	"""The company the client deals with: the one it has transactions in (the site's default company
	first when it has several), or the default company when it has none yet."""
	return preferred_company(statement_companies(customer_of(portal_user)))


def set_active(portal_user):
	"""The Active switch: an inactive portal user cannot log in and leaves the Customer's portal users."""
	apply_access(portal_user, portal_only_user(portal_user.user))
	note_on_client(
		portal_user,
		portal_user.flags.switch_note
		or (
			_("Portal access of {0} was turned on.")
			if portal_user.enabled
			else _("Portal access of {0} was turned off.")
		),
	)


def revoke_access(portal_user):
	"""Delete = revoke: off the Customer's portal users; a portal-only user not used elsewhere is
	disabled. No business data goes, and no other kind of user is changed."""
	if not portal_user.user or not frappe.db.exists("User", portal_user.user):
		return
	customer = customer_of(portal_user)
	set_portal_user(customer, portal_user.user, present=False)
	withdraw_contact_logins(customer, portal_user.user)
	still_used = frappe.db.exists("Portal User", {"user": portal_user.user}) or frappe.db.exists(
		"Customer Portal User", {"user": portal_user.user, "name": ("!=", portal_user.name)}
	)
	user = frappe.get_doc("User", portal_user.user)
	if not still_used and is_portal_only(user):
		set_user_enabled(user, 0)
	note_on_client(portal_user, _("Portal access of {0} was revoked."))


def is_portal_only(user) -> bool:
	return user.user_type == "Website User" and not ({row.role for row in user.roles} - {PORTAL_ROLE})


def note_on_client(portal_user, message: str):
	frappe.get_doc("Client", portal_user.client).add_comment(
		"Info", message.format(get_link_to_form("Customer Portal User", portal_user.name, portal_user.email))
	)
