"""The Client form's sales popups: a deal (Opportunity), an estimate (Quotation), a sales order or an
invoice for the client's customer. ERPNext's own functions fill them in, as its form does when the
customer is chosen (party details: address, contact, price list, currency, taxes, payment terms) and
when items are added (item details, taxes and totals); they are saved as the user, all or nothing."""

import frappe
from frappe import _
from frappe.contacts.doctype.contact.contact import get_contact_details
from frappe.model.document import Document
from frappe.utils import add_days, add_months, cint, escape_html, flt, nowdate

from erpnext.accounts.party import get_party_details
from erpnext.controllers.accounts_controller import get_default_taxes_and_charges

from client_management.constants import CLIENT_DOCTYPES
from client_management.finance.payments import all_or_nothing

# doctype -> the date its popup asks for
SALES_DOCUMENTS = {"Quotation": "valid_till", "Sales Order": "delivery_date", "Sales Invoice": "due_date"}
DEAL_FIELDS = ("title", "opportunity_amount", "expected_closing", "sales_stage", "source")
TAX_TEMPLATE = "Sales Taxes and Charges Template"


def check_sales_doctype(doctype: str):
	if doctype not in SALES_DOCUMENTS:
		frappe.throw(
			_("{0} cannot be made from the client's sales popups.").format(escape_html(doctype)),
			title=_("Wrong Document Type"),
		)


def new_deal(client: Document, values: dict) -> Document:
	"""The unsaved Opportunity of the client's customer with the popup's values (its contact: the
	chosen one, else the primary contact)."""
	deal = frappe.new_doc("Opportunity")
	deal.update({"opportunity_from": "Customer", "party_name": client.customer})
	deal.company = values.get("company") or deal.company
	deal.update({field: values[field] for field in DEAL_FIELDS if values.get(field)})
	set_party(deal, client, values.get("contact_person"))
	return deal


def new_sales_document(client: Document, doctype: str, values: dict) -> Document:
	"""The unsaved Quotation, Sales Order or Sales Invoice of the client's customer with the popup's
	values, its rates, taxes and totals computed by ERPNext.

	values: company, contact_person (else the invoice recipient for an invoice, the primary contact
	otherwise), customer_address (else the client's billing address), the doctype's date,
	taxes_and_charges (when absent, ERPNext's default: a Tax Rule's, else the company's default
	template; empty: no taxes), items [{item_code, description, qty, rate}] (an empty rate or
	description is ERPNext's: the client's price list rate, the item's description)."""
	check_sales_doctype(doctype)
	doc = frappe.new_doc(doctype)
	carrier = CLIENT_DOCTYPES[doctype]
	if carrier.party_type:
		doc.set(carrier.party_type, "Customer")
	doc.set(carrier.party, client.customer)
	doc.company = values.get("company") or doc.company
	set_party(
		doc, client, values.get("contact_person"), values.get("customer_address") or client.billing_address
	)
	if "taxes_and_charges" in values:
		doc.taxes_and_charges = values["taxes_and_charges"] or ""  # "" stays: ERPNext fills only None
	elif not doc.taxes_and_charges:
		default = get_default_taxes_and_charges(TAX_TEMPLATE, company=doc.company) or {}
		doc.taxes_and_charges = default.get("taxes_and_charges")
	date_field = SALES_DOCUMENTS[doctype]  # an invoice's due date: from its payment terms when not typed
	doc.set(date_field, values.get(date_field) or doc.get(date_field) or proposed_date(doc))
	for row in values.get("items") or []:
		doc.append("items", item_row(row))
	doc.set_missing_values()
	doc.calculate_taxes_and_totals()
	return doc


def item_row(row: dict) -> dict:
	"""An item line as typed; what is left empty is ERPNext's to fill (a quantity typed as 0 stays)."""
	return {
		"item_code": row.get("item_code") or None,
		"description": row.get("description") or None,
		"qty": None if row.get("qty") in (None, "") else flt(row["qty"]),
		"rate": flt(row["rate"]) if row.get("rate") else None,
	}


def proposed_date(doc: Document) -> str | None:
	"""The date ERPNext's form proposes: a quotation is valid for CRM Settings' days, else a month."""
	if doc.doctype != "Quotation":
		return None
	days = cint(frappe.db.get_single_value("CRM Settings", "default_valid_till"))
	date = doc.transaction_date or nowdate()
	return add_days(date, days) if days else add_months(date, 1)


def set_party(doc: Document, client: Document, contact: str | None, address: str | None = None):
	"""What ERPNext's form fills in when the customer is chosen (its party details), then the
	contact (the chosen one, else the client's default for the doctype) and its details."""
	contact = contact or default_contact(client, doc.doctype)
	check_contact(client, contact)
	check_address(client, address)
	details = get_party_details(
		client.customer,
		party_type="Customer",
		company=doc.company,
		posting_date=doc.get("posting_date") or doc.get("transaction_date"),
		doctype=doc.doctype,
		party_address=address,
	)
	if contact:
		details.update(get_contact_details(contact))
	doc.update({field: value for field, value in details.items() if doc.meta.has_field(field)})
	if doc.meta.has_field("conversion_rate") and doc.currency != frappe.get_cached_value(
		"Company", doc.company, "default_currency"
	):
		doc.conversion_rate = 0  # ERPNext's set_missing_values fetches the exchange rate


def default_contact(client: Document, doctype: str) -> str | None:
	"""An invoice goes to the client's invoice recipient, anything else to its primary contact."""
	flag = "is_billing_contact" if doctype == "Sales Invoice" else "is_primary"
	return next((row.contact for row in client.contacts if row.get(flag) and row.contact), None)


def check_contact(client: Document, contact: str | None):
	if contact and contact not in {row.contact for row in client.contacts}:
		frappe.throw(
			_("{0} is not a contact of client {1}.").format(escape_html(contact), client.name),
			title=_("Wrong Contact"),
		)


def check_address(client: Document, address: str | None):
	if address and not frappe.db.exists(
		"Dynamic Link",
		{
			"parenttype": "Address",
			"parent": address,
			"link_doctype": "Customer",
			"link_name": client.customer,
		},
	):
		frappe.throw(
			_("{0} is not an address of client {1}.").format(escape_html(address), client.name),
			title=_("Wrong Address"),
		)


def save(doc: Document, submit: bool = False) -> Document:
	"""Insert the document as the user (Frappe's and ERPNext's permission checks and validations
	apply) and submit it when asked (Frappe refuses a user who may not). All or nothing."""
	with all_or_nothing("client_sales_document"):
		doc.insert()
		if submit:
			doc.submit()
	return doc
