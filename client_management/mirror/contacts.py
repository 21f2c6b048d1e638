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
	return bool(row.alternate_email) and not has_email(contact, row.alternate_email)


def fill_contact(contact, row, customer: str):
	"""Its e-mail, phone and mobile: Contact.validate sets them from the rows marked primary here.
	Its email and phone rows are looked up in the document, not in the database as Contact.add_email
	and add_phone do (two queries per contact, of no use for a new one)."""
	contact.update(desired_contact(row))
	for email in filter(None, (row.email, row.alternate_email)):
		if not has_email(contact, email):
			contact.append("email_ids", {"email_id": email})
	for entry in contact.email_ids:
		entry.is_primary = int(same_email(entry.email_id, row.email))
	for number, flag in ((row.phone, "is_primary_phone"), (row.mobile_no, "is_primary_mobile_no")):
		if number and number not in {p.phone for p in contact.phone_nos}:
			contact.append("phone_nos", {"phone": number})
		for entry in contact.phone_nos:
			entry.set(flag, int(bool(number) and entry.phone == number))
	if not contact.has_link("Customer", customer):
		contact.append("links", {"link_doctype": "Customer", "link_name": customer})


def has_email(contact, email: str) -> bool:
	return any(same_email(entry.email_id, email) for entry in contact.email_ids)


def same_email(one: str | None, other: str | None) -> bool:
	"""As the database compares them (a Contact made elsewhere may have capitals in its e-mail)."""
	return bool(one and other) and one.casefold() == other.casefold()


def unlink_contact(contact_name: str, customer: str):
	"""A removed contact row keeps its Contact (it may hold history) but no longer speaks for the customer."""
	contact = frappe.get_doc("Contact", contact_name)
	drop_customer_link(contact, customer)
	contact.is_primary_contact = 0
	contact.is_billing_contact = 0
	save_as_mirror(contact)
