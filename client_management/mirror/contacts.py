import frappe

from client_management.mirror.customer import save_as_mirror, set_link


def sync_contacts(client, customer) -> str | None:
	"""One ERPNext Contact per contact row, linked to the Customer. Returns the primary Contact."""
	primary = None
	for row in client.contacts:
		contact = frappe.get_doc("Contact", row.contact) if row.contact else frappe.new_doc("Contact")
		if contact_differs(contact, row, customer.name):
			fill_contact(contact, row, customer.name)
			save_as_mirror(contact)
		if row.contact != contact.name:
			set_link(row, "contact", contact.name)
		if row.is_primary:
			primary = contact.name

	before = client.get_doc_before_save()
	kept = {row.contact for row in client.contacts}
	for row in before.contacts if before else []:
		if row.contact and row.contact not in kept:
			unlink_contact(row.contact, customer.name)
	return primary


def desired_contact(row) -> dict:
	return {
		"first_name": row.first_name,
		"last_name": row.last_name,
		"designation": row.designation,
		"is_primary_contact": row.is_primary,
		"is_billing_contact": row.is_billing_contact,
		"emails": [e for e in (row.email, row.alternate_email) if e],
		"phones": [(p, phone_is_mobile) for p, phone_is_mobile in ((row.phone, 0), (row.mobile_no, 1)) if p],
	}


def contact_differs(contact, row, customer: str) -> bool:
	if contact.is_new():
		return True
	wanted = desired_contact(row)
	current = {
		"first_name": contact.first_name,
		"last_name": contact.last_name,
		"designation": contact.designation,
		"is_primary_contact": contact.is_primary_contact,
		"is_billing_contact": contact.is_billing_contact,
		"emails": [e.email_id for e in contact.email_ids],
		"phones": [(p.phone, p.is_primary_mobile_no) for p in contact.phone_nos],
	}
	return current != wanted or not contact.has_link("Customer", customer)


def fill_contact(contact, row, customer: str):
	wanted = desired_contact(row)
	contact.update({key: wanted[key] for key in wanted if key not in ("emails", "phones")})
	contact.set("email_ids", [])
	for index, email in enumerate(wanted["emails"]):
		contact.add_email(email, is_primary=index == 0)
	contact.set("phone_nos", [])
	for phone, is_mobile in wanted["phones"]:
		contact.add_phone(phone, is_primary_phone=not is_mobile, is_primary_mobile_no=is_mobile)
	if not contact.has_link("Customer", customer):
		contact.append("links", {"link_doctype": "Customer", "link_name": customer})


def unlink_contact(contact_name: str, customer: str):
	"""A removed contact row keeps its Contact (it may hold history) but no longer speaks for the customer."""
	contact = frappe.get_doc("Contact", contact_name)
	contact.set(
		"links",
		[
			link
			for link in contact.links
			if not (link.link_doctype == "Customer" and link.link_name == customer)
		],
	)
	contact.is_primary_contact = 0
	contact.is_billing_contact = 0
	save_as_mirror(contact)
