"""What the mirror owns on a Client: the links to its Customer, Contacts and Addresses, the
opportunity it came from, and the project count. Read-only in the form, which the REST API does not
enforce, so every save is checked here: they are never set or changed from input, and they only
ever point at records of this client's own Customer."""

import frappe
from frappe import _

from client_management.clients.links import party_customer
from client_management.utils.exceptions import MirrorLinkError

MIRROR_LINKS = ("customer", "opportunity", "billing_address", "shipping_address")


def validate_mirror_links(client):
	before = client.get_doc_before_save()
	if before:
		refuse_changes(client, before)
	else:
		check_new_links(client)


def refuse_changes(client, before):
	changed = [
		client.meta.get_label(field)
		for field in MIRROR_LINKS
		if (client.get(field) or None) != (before.get(field) or None)
	]
	contact_before = {row.name: row.contact for row in before.contacts}
	changed += foreign_contacts(
		client,
		[row for row in client.contacts if (row.contact or None) != (contact_before.get(row.name) or None)],
	)
	if changed:
		refuse(changed)
	client.project_count = before.project_count


def check_new_links(client):
	"""A new client's links: its customer only as the one of its own opportunity (which the user
	may read), and contacts and addresses only of that customer (as on a saved client's rows)."""
	if client.opportunity:
		opportunity = frappe.get_doc("Opportunity", client.opportunity)
		if not client.flags.ignore_permissions:
			opportunity.check_permission("read")
		expected = party_customer(opportunity)
	else:
		expected = None
	if client.customer and client.customer != expected:
		refuse([client.meta.get_label("customer")])
	if client.customer and (owner := frappe.db.get_value("Customer", client.customer, "client")):
		frappe.throw(
			_("Customer {0} already belongs to client {1}.").format(client.customer, owner),
			title=_("Customer Taken"),
		)
	foreign = foreign_contacts(client, [row for row in client.contacts if row.contact])
	foreign += [
		client.meta.get_label(field)
		for field in ("billing_address", "shipping_address")
		if client.get(field) and not linked_to(client.customer, "Address", client.get(field))
	]
	if foreign:
		refuse(foreign)
	client.project_count = frappe.db.count("Project", {"customer": client.customer}) if client.customer else 0


def foreign_contacts(client, rows) -> list[str]:
	"""Labels of the rows whose Contact is not one of the client's own customer."""
	return [
		_("Contact row {0}: {1}").format(row.idx, row.meta.get_label("contact"))
		for row in rows
		if not linked_to(client.customer, "Contact", row.contact)
	]


def linked_to(customer: str | None, doctype: str, name: str) -> bool:
	return bool(customer) and bool(
		frappe.db.exists(
			"Dynamic Link",
			{"parenttype": doctype, "parent": name, "link_doctype": "Customer", "link_name": customer},
		)
	)


def refuse(labels: list[str]):
	frappe.throw(
		_("{0}: set by Client Management from the client's own customer, not from input.").format(
			", ".join(map(str, labels))
		),
		title=_("Managed Field"),
		exc=MirrorLinkError,
	)
