"""Whitelisted methods of personal data: forgetting a client's contact, exporting what we hold on a
person. Thin: the rules are `privacy.erasure` and `privacy.subject_access`, which the bench commands
call too."""

import frappe
from frappe import _

from client_management.constants import CLIENT_MANAGER
from client_management.privacy.erasure import check_forgettable, find_person, forget
from client_management.privacy.subject_access import personal_data_archive

FORGETTING_ROLES = (CLIENT_MANAGER, "System Manager")


def require_role(*roles: str):
	"""frappe.only_for, which tests skip: here the rule holds in tests too."""
	if frappe.session.user != "Administrator" and set(roles).isdisjoint(frappe.get_roles()):
		raise frappe.PermissionError(_("Only a {0} may do this.").format(" / ".join(_(r) for r in roles)))


def contact_to_forget(client: str, row: str):
	"""(person, row) of a contact row of a client the caller may edit, as a Client Manager or System
	Manager; the person must be forgettable here (no login) and on clients the caller may edit."""
	require_role(*FORGETTING_ROLES)
	doc = frappe.get_doc("Client", client)
	doc.check_permission("write")
	contact = next((r for r in doc.contacts if r.name == row), None)
	if not contact:
		frappe.throw(_("Client {0} has no such contact row.").format(client), title=_("Unknown Contact"))
	person = find_person(contact.email)
	check_forgettable(person)
	for other in person.clients:
		frappe.get_doc("Client", other).check_permission("write")
	return person, contact


@frappe.whitelist(methods=["GET"])
def preview_forget_contact(client: str, row: str) -> dict:
	"""What Forget Contact would erase, and the name to type to confirm it."""
	person, contact = contact_to_forget(client, row)
	return {"name": contact_name(contact), "email": contact.email, "actions": person.describe()}


@frappe.whitelist(methods=["POST"])
def forget_contact(client: str, row: str, confirm_name: str) -> dict:
	"""Erase a contact without a login wherever the app keeps them, once its name is typed."""
	person, contact = contact_to_forget(client, row)
	if " ".join((confirm_name or "").split()).casefold() != contact_name(contact).casefold():
		frappe.throw(
			_("Type the contact's name, {0}, to confirm.").format(frappe.bold(contact_name(contact))),
			title=_("Not Confirmed"),
		)
	forget(person)
	return {"clients": person.clients}


def contact_name(contact) -> str:
	return " ".join(filter(None, (contact.first_name, contact.last_name)))


@frappe.whitelist(methods=["GET"])
def export_personal_data(email: str) -> None:
	"""A zip of every row the app and ERPNext hold on the address, with the statement PDFs sent to it."""
	require_role("System Manager")
	content, _data = personal_data_archive(email)
	frappe.response.update(
		{
			"type": "download",
			"filename": f"personal-data-{email.strip().lower()}.zip",
			"filecontent": content,
		}
	)
