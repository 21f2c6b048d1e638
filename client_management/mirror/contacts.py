import frappe

from client_management.constants import CONTACT_FIELDS
from client_management.mirror.customer import drop_customer_link, save_as_mirror, set_link


def sync_contacts(client, customer):
	"""One ERPNext Contact per contact row, linked to the Customer. Returns the primary Contact document."""
	primary = None
	for row in client.contacts:
		contact = frappe.get_doc("Contact", row.contact) if row.contact else frappe.new_doc("Contact")
		if contact_differs(contact, row, customer.name):
			fill_contact(contact, row, customer.name)
			save_as_mirror(contact, in_import=bool(client.flags.in_import))
		if row.contact != contact.name:
			set_link(row, "contact", contact.name)
		if row.is_primary:
			primary = contact

	before = client.get_doc_before_save()
	kept = {row.contact for row in client.contacts}
	for row in before.contacts if before else []:
		if row.contact and row.contact not in kept:
			unlink_contact(row.contact, customer.name)
	return primary


def desired_contact(row) -> dict:
	"""What the Contact shows of its row. Its other emails and phones are left alone (nothing lost)."""
	return {contact_field: row.get(field) for field, contact_field in CONTACT_FIELDS.items()}


def contact_differs(contact, row, customer: str) -> bool:
	if contact.is_new() or not contact.has_link("Customer", customer):
		return True
	wanted = desired_contact(row)
	if any((contact.get(field) or "") != (value or "") for field, value in wanted.items()):
		return True
	return bool(row.alternate_email) and row.alternate_email not in {e.email_id for e in contact.email_ids}


def fill_contact(contact, row, customer: str):
	# its e-mail, phone and mobile: Contact.validate sets them from the rows marked primary below
	contact.update(desired_contact(row))
	for email in filter(None, (row.email, row.alternate_email)):
		contact.add_email(email)
	for entry in contact.email_ids:
		entry.is_primary = int(entry.email_id == row.email)
	for number, flag in ((row.phone, "is_primary_phone"), (row.mobile_no, "is_primary_mobile_no")):
		if number and number not in {p.phone for p in contact.phone_nos}:
			contact.add_phone(number)
		for entry in contact.phone_nos:
			entry.set(flag, int(bool(number) and entry.phone == number))
	if not contact.has_link("Customer", customer):
		contact.append("links", {"link_doctype": "Customer", "link_name": customer})


def unlink_contact(contact_name: str, customer: str):
	"""A removed contact row keeps its Contact (it may hold history) but no longer speaks for the customer."""
	contact = frappe.get_doc("Contact", contact_name)
	drop_customer_link(contact, customer)
	contact.is_primary_contact = 0
	contact.is_billing_contact = 0
	save_as_mirror(contact)
