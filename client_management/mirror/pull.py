"""Both ways: a Contact or Address of a client's Customer edited on the ERPNext side, or a Contact
added to that Customer there, is written onto the Client at once. So it shows on the Client, and the
Client's next save (which writes its rows back) keeps it instead of overwriting it. The Client's
`modified` moves too: a Client form opened before the edit must be reloaded before it can save."""

import frappe
from frappe import _
from frappe.utils import get_link_to_form

from client_management.constants import ADDRESS_PARTS, CONTACT_DETAILS

KEPT_WHEN_EMPTY = ("email", "last_name")  # required on the row: an empty value does not erase it


def pull_contact(contact):
	"""Contact.on_update from anything but the mirror."""
	if contact.flags.from_client:
		return
	rows = frappe.get_all(
		"Client Contact",
		{"parenttype": "Client", "contact": contact.name},
		["name", "parent", "is_primary", *CONTACT_DETAILS],
	)
	for row in rows:
		values = row_values(contact)
		changed = {field: value for field, value in values.items() if (row.get(field) or None) != value}
		if changed:
			frappe.db.set_value("Client Contact", row.name, changed)
			touch_client(row.parent, primary_email=changed.get("email") if row.is_primary else None)
	linked = {row.parent for row in rows}
	for client in clients_of(contact):
		if client not in linked:
			add_contact_row(client, contact)


def check_new_client_contact(contact):
	"""Contact.validate: a contact joining a client's Customer becomes a client row, which needs an email."""
	if contact.flags.from_client or contact.email_id:
		return
	rows = set(
		frappe.get_all("Client Contact", {"parenttype": "Client", "contact": contact.name}, pluck="parent")
	)
	joining = [client for client in clients_of(contact) if client not in rows]
	if joining:
		frappe.throw(
			_(
				"Contacts of client {0} need an email address: add one, or add the contact on the client."
			).format(get_link_to_form("Client", joining[0])),
			title=_("Email Required"),
		)


def row_values(contact) -> dict:
	values = {field: contact.get(source) or None for field, source in CONTACT_DETAILS.items()}
	return {field: value for field, value in values.items() if value or field not in KEPT_WHEN_EMPTY}


def clients_of(contact) -> list[str]:
	customers = [link.link_name for link in contact.links if link.link_doctype == "Customer"]
	if not customers:
		return []
	return frappe.get_all("Customer", {"name": ("in", customers), "client": ("is", "set")}, pluck="client")


def add_contact_row(client: str, contact):
	"""A Contact added to the client's Customer on the ERPNext side becomes one of the client's rows."""
	row = frappe.get_doc(
		{
			"doctype": "Client Contact",
			"parent": client,
			"parenttype": "Client",
			"parentfield": "contacts",
			"idx": frappe.db.count("Client Contact", {"parent": client, "parenttype": "Client"}) + 1,
			"contact": contact.name,
			**row_values(contact),
		}
	)
	row.db_insert()
	touch_client(client)


def pull_address(address):
	"""Address.on_update from anything but the mirror: the Client's billing or shipping columns follow."""
	if address.flags.from_client:
		return
	for link_field, prefix in (("billing_address", ""), ("shipping_address", "shipping_")):
		for client in frappe.get_all(
			"Client", {link_field: address.name}, ["name", *address_columns(prefix)]
		):
			values = {prefix + part: address.get(part) or None for part in ADDRESS_PARTS}
			changed = {
				field: value for field, value in values.items() if (client.get(field) or None) != value
			}
			if changed:
				frappe.db.set_value("Client", client.name, changed)


def address_columns(prefix: str) -> list[str]:
	return [prefix + part for part in ADDRESS_PARTS]


def touch_client(client: str, primary_email: str | None = None):
	"""Move the Client's `modified` (and its primary email when the primary contact's changed)."""
	values = {"primary_email": primary_email} if primary_email else {}
	frappe.db.set_value("Client", client, values or {"modified_by": frappe.session.user})
