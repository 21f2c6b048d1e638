"""Payments and refunds from a client, built with ERPNext's own Payment Entry mapper."""

import frappe
from frappe import _
from frappe.utils import flt

from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

from client_management.finance import available_credits


def make_payment(customer: str, allocations: dict[str, float]):
	"""An unsaved Payment Entry (Receive) allocating `allocations` {invoice: amount} of this customer."""
	if not allocations:
		frappe.throw(_("Tick at least one invoice to pay."), title=_("Nothing to Pay"))
	entries = []
	for invoice, amount in allocations.items():
		check_allocation(customer, invoice, flt(amount))
		entries.append(get_payment_entry("Sales Invoice", invoice, party_amount=flt(amount)))
	return merge_entries(entries)


def check_allocation(customer: str, invoice: str, amount: float):
	row = frappe.db.get_value(
		"Sales Invoice", invoice, ["customer", "docstatus", "outstanding_amount", "company"], as_dict=True
	)
	if not row or row.customer != customer or row.docstatus != 1:
		frappe.throw(
			_("Invoice {0} is not a submitted invoice of this client.").format(invoice),
			title=_("Wrong Invoice"),
		)
	if amount <= 0 or amount > flt(row.outstanding_amount):
		frappe.throw(
			_("The amount for {0} must be more than 0 and at most its outstanding {1}.").format(
				invoice, row.outstanding_amount
			),
			title=_("Invalid Amount"),
		)


def merge_entries(entries: list):
	"""One Payment Entry holding the references of several single-invoice ones."""
	payment = entries[0]
	if len({entry.company for entry in entries}) > 1:
		frappe.throw(_("Pay invoices of one company at a time."), title=_("Several Companies"))
	for entry in entries[1:]:
		for reference in entry.references:
			payment.append("references", reference.as_dict(no_default_fields=True))
		payment.paid_amount += entry.paid_amount
		payment.received_amount += entry.received_amount
	for reference in payment.references:  # the real totals, not the allocated part
		reference.total_amount, reference.outstanding_amount = frappe.db.get_value(
			reference.reference_doctype, reference.reference_name, ["grand_total", "outstanding_amount"]
		)
	payment.set_amounts()
	return payment


def make_refund(customer: str, company: str):
	"""An unsaved Payment Entry (Pay) refunding the customer's credit notes and unallocated payments."""
	credits = available_credits(customer, company)
	if not credits:
		frappe.throw(_("This client has no credit to refund."), title=_("Nothing to Refund"))
	credit_notes = [row for row in credits if row.voucher_type == "Sales Invoice"]
	if credit_notes:
		payment = merge_entries([get_payment_entry("Sales Invoice", row.voucher_no) for row in credit_notes])
	else:
		payment = unreferenced_refund(customer, company)
	unallocated = -sum(flt(row.outstanding) for row in credits if row.voucher_type != "Sales Invoice")
	payment.paid_amount += unallocated
	payment.received_amount += unallocated
	payment.set_amounts()
	return payment


def unreferenced_refund(customer: str, company: str):
	"""A Pay entry with no invoice to reference: unallocated payments are paid back as such."""
	from erpnext.accounts.doctype.journal_entry.journal_entry import get_default_bank_cash_account
	from erpnext.accounts.party import get_party_account

	cash = get_default_bank_cash_account(company, "Cash") or {}
	payment = frappe.new_doc("Payment Entry")
	payment.update(
		{
			"payment_type": "Pay",
			"company": company,
			"party_type": "Customer",
			"party": customer,
			"paid_from": cash.get("account"),
			"paid_to": get_party_account("Customer", customer, company),
			"paid_amount": 0,
			"received_amount": 0,
		}
	)
	payment.setup_party_account_field()
	payment.set_missing_values()
	return payment
