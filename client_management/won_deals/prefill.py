"""What a won opportunity tells about its client: one source for the automation, the backfill
command and the "Create Client" button.

The automation reads as the system. The button reads as the user (`as_user=True`): a party,
customer, contact or address the user may not read (role or User Permission) is left out."""

import frappe
from frappe.contacts.doctype.address.address import get_default_address

from client_management.constants import ADDRESS_PARTS, CONTACT_DETAILS
from client_management.mirror.customer import CUSTOMER_FIELDS


def prefill_values(
	opp, customer: str | None, finalized_date: str | None = None, as_user: bool = False
) -> dict:
	def readable(doctype: str | None, name: str | None) -> bool:
		return bool(doctype and name) and (not as_user or frappe.has_permission(doctype, "read", name))

	customer = customer if readable("Customer", customer) else None
	party = (
		frappe.get_doc(opp.opportunity_from, opp.party_name)
		if readable(opp.opportunity_from, opp.party_name)
		else None
	)
	values = {
		"doctype": "Client",
		"company_name": opp.customer_name or party_title(party),
		"client_type": "Individual"
		if party and party.doctype == "Lead" and not party.company_name
		else "Company",
		"client_owner": opp.opportunity_owner or opp.owner,
		"lead_source": opp.source or (party and party.get("source")),
		"inquiry_date": opp.transaction_date,
		"finalized_date": finalized_date,
		"website": opp.website or (party and party.get("website")),
		"industry": opp.industry or (party and party.get("industry")),
		"territory": opp.territory or (party and party.get("territory")),
		"customer_group": opp.customer_group or (party and party.get("customer_group")),
		"default_currency": opp.currency,
		"opportunity": opp.name,
		"customer": customer,
		"contacts": [contact] if (contact := contact_values(opp, party, customer, readable)) else [],
		**address_values(opp, party, customer, readable),
	}
	if customer:  # an existing customer's own values win: the client mirrors onto it
		values.update({field: value for field, value in customer_as_client(customer).items() if value})
	return values


def party_title(party) -> str | None:
	if not party:
		return None
	if party.doctype == "Lead":
		return party.company_name or party.lead_name
	return party.get("customer_name") or party.get("company_name") or party.name


def customer_as_client(customer: str) -> dict:
	row = frappe.db.get_value("Customer", customer, list(CUSTOMER_FIELDS), as_dict=True) or {}
	return {client_field: row.get(customer_field) for customer_field, client_field in CUSTOMER_FIELDS.items()}


def contact_values(opp, party, customer: str | None, readable) -> dict | None:
	"""The opportunity's contact person, else the Lead's Contact, else the Lead itself. The row keeps
	the Contact (the mirror adopts it) only when it is one of the customer's own."""
	contact_name = opp.contact_person or linked_contact(party)
	if readable("Contact", contact_name):
		contact = frappe.get_doc("Contact", contact_name)
		row = {
			"contact": contact.name if contact.has_link("Customer", customer) else None,
			**{field: contact.get(source) for field, source in CONTACT_DETAILS.items()},
		}
	elif party and party.doctype == "Lead":
		first, _sep, last = (party.lead_name or "").partition(" ")
		row = {
			"first_name": party.first_name or first,
			"last_name": party.last_name or last,
			"email": party.email_id,
			"phone": party.phone,
			"mobile_no": party.mobile_no,
			"designation": party.job_title,
		}
	else:
		row = {}
	row.setdefault("email", None)
	row["email"] = row["email"] or opp.contact_email
	row["mobile_no"] = row.get("mobile_no") or opp.contact_mobile
	row["phone"] = row.get("phone") or opp.phone
	row["designation"] = row.get("designation") or opp.job_title
	if not any(row.get(f) for f in ("first_name", "last_name", "email")):
		return None
	return {**row, "is_primary": 1, "is_billing_contact": 1}


def linked_contact(party) -> str | None:
	if not party:
		return None
	return frappe.db.get_value(
		"Dynamic Link",
		{"parenttype": "Contact", "link_doctype": party.doctype, "link_name": party.name},
		"parent",
	)


def address_values(opp, party, customer: str | None, readable) -> dict:
	"""The opportunity's Address, else the party's or the customer's default one, else city/country.
	The client keeps the Address itself (the mirror adopts it) only when it is the customer's own."""
	address_name = (
		opp.customer_address
		or (party and get_default_address(party.doctype, party.name))
		or (customer and get_default_address("Customer", customer))
	)
	if readable("Address", address_name):
		address = frappe.get_doc("Address", address_name)
		return {
			**{part: address.get(part) for part in ADDRESS_PARTS},
			"billing_address": address_name if address.has_link("Customer", customer) else None,
		}
	# no Address record: the party's own city/country (an Opportunity's country is only a default)
	return {part: (party and party.get(part)) or opp.get(part) for part in ("city", "state", "country")}
