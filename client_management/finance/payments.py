"""Payments and refunds from a client, built with ERPNext's own Payment Entry mapper."""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import flt, nowdate

from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.accounts.doctype.sales_invoice.sales_invoice import get_bank_cash_account

from client_management.finance import receivable_rows


def make_payment(
	customer: str,
	allocations: dict[str, float],
	mode_of_payment: str,
	posting_date: str | None = None,
	reference_no: str | None = None,
	reference_date: str | None = None,
):
	"""The Payment Entry (Receive) of the ticked invoices {invoice: amount}, in one step: inserted as the
	user and submitted when the user may submit Payment Entries, else left a draft. All or nothing."""
	payment = build_payment(customer, allocations, mode_of_payment)
	set_payment_details(payment, posting_date, reference_no, reference_date)
	return finish(payment, SUBMIT)


def build_payment(customer: str, allocations: dict[str, float], mode_of_payment: str):
	"""An unsaved Payment Entry allocating `allocations`, into the account of `mode_of_payment`."""
	if not allocations:
		frappe.throw(_("Tick at least one invoice to pay."), title=_("Nothing to Pay"))
	if not mode_of_payment:
		frappe.throw(_("Choose the mode of payment."), title=_("Missing Value"))
	companies = {check_allocation(customer, invoice, flt(amount)) for invoice, amount in allocations.items()}
	if len(companies) > 1:
		frappe.throw(_("Pay invoices of one company at a time."), title=_("Several Companies"))
	account = get_bank_cash_account(mode_of_payment, companies.pop())["account"]  # ERPNext's message if none
	payment = merge_entries(
		[
			get_payment_entry("Sales Invoice", invoice, party_amount=flt(amount), bank_account=account)
			for invoice, amount in allocations.items()
		]
	)
	payment.mode_of_payment = mode_of_payment
	return payment


def check_allocation(customer: str, invoice: str, amount: float) -> str:
	"""The invoice's company, once the invoice is this customer's and `amount` at most its outstanding."""
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
	return row.company


@contextmanager
def all_or_nothing(savepoint: str):
	"""Undo the block's writes when it fails: a request rolls back anyway, but a caller with a longer
	transaction (a test, a job) must not keep a draft whose submit failed."""
	frappe.db.savepoint(savepoint)
	try:
		yield
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		raise
	frappe.db.release_savepoint(savepoint)


# What a popup's buttons ask for: ERPNext's form with what was typed, a draft, or a submitted document.
FORM, DRAFT, SUBMIT = "form", "draft", "submit"


def finish(doc, action: str):
	"""`doc` unsaved for ERPNext's form (FORM), or inserted as the user and, for SUBMIT, submitted when the
	user may submit it (else it stays a draft). All or nothing."""
	if action not in (FORM, DRAFT, SUBMIT):
		frappe.throw(_("Unknown action {0}.").format(action), title=_("Invalid Action"))
	if action == FORM:
		return doc
	with all_or_nothing("client_document"):
		doc.insert()
		if action == SUBMIT and frappe.has_permission(doc.doctype, "submit", doc):
			doc.submit()
	return doc


def popup_result(doc, action: str) -> dict:
	"""What the popup gets back: the unsaved document for ERPNext's form, else what its alert names."""
	if action == FORM:
		return doc.as_dict()
	return {"doctype": doc.doctype, "name": doc.name, "docstatus": doc.docstatus}


def set_payment_details(payment, posting_date=None, reference_no=None, reference_date=None):
	"""The date and the bank reference typed in the dialog."""
	posting_date = posting_date or nowdate()
	payment.update(
		{
			"posting_date": posting_date,
			"reference_no": reference_no,
			"reference_date": reference_date or posting_date,
		}
	)


def merge_entries(entries: list):
	"""One Payment Entry holding the references of several single-invoice ones (of one company)."""
	payment = entries[0]
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


def refundable_credits(customer: str, company: str) -> list[dict]:
	"""The Refund dialog's list: credit notes and unallocated payments, each with its available credit.

	ERPNext leaves the refund of an unallocated payment (a Pay entry, unreferenced) unreconciled with
	that payment: the Accounts Receivable report keeps both, the payment's credit and the refund's debit.
	Those debits are taken off the unallocated payments here, newest first, so that no credit is
	refunded twice (Payment Reconciliation can match them in ERPNext)."""
	rows = receivable_rows(customer, company)
	refunded = sum(
		flt(r.outstanding) for r in rows if r.voucher_type == "Payment Entry" and flt(r.outstanding) > 0
	)
	credits = []
	for row in sorted(
		(r for r in rows if flt(r.outstanding) < 0),
		key=lambda r: (r.posting_date, r.voucher_no),
		reverse=True,
	):
		credit = -flt(row.outstanding)
		if row.voucher_type != "Sales Invoice":
			taken = min(credit, refunded)
			credit, refunded = credit - taken, refunded - taken
		if credit > 0:
			credits.append(
				{
					"voucher_type": row.voucher_type,
					"voucher_no": row.voucher_no,
					"posting_date": row.posting_date,
					"credit": credit,
					"currency": row.currency,
				}
			)
	return credits[::-1]  # oldest first, as the report lists them


def make_refund(
	customer: str,
	company: str,
	selection: dict[str, float],
	mode_of_payment: str | None,
	posting_date: str | None = None,
	reference_no: str | None = None,
	reference_date: str | None = None,
	action: str = SUBMIT,
):
	"""The Payment Entry (Pay) refunding the ticked credits {voucher: amount} from the account of
	`mode_of_payment`, finished as `action` asks (see `finish`). ERPNext's form may open it with nothing
	ticked yet."""
	if action != FORM:
		if not selection:
			frappe.throw(_("Tick at least one credit to refund."), title=_("Nothing to Refund"))
		if not mode_of_payment:
			frappe.throw(_("Choose the mode of payment."), title=_("Missing Value"))
	refund = build_refund(customer, company, selection, mode_of_payment)
	set_payment_details(refund, posting_date, reference_no, reference_date)
	return finish(refund, action)


def build_refund(customer: str, company: str, selection: dict[str, float], mode_of_payment: str | None):
	"""An unsaved Payment Entry (Pay): it references the ticked credit notes; the ticked unallocated
	payments add their amount."""
	credits = {row["voucher_no"]: row for row in refundable_credits(customer, company)}
	for voucher, amount in selection.items():
		check_refund(credits.get(voucher), voucher, flt(amount))
	# ERPNext's message if the mode has no account in the company
	account = get_bank_cash_account(mode_of_payment, company)["account"] if mode_of_payment else None
	credit_notes = {v: flt(a) for v, a in selection.items() if credits[v]["voucher_type"] == "Sales Invoice"}
	if credit_notes:
		payment = merge_entries(
			[
				get_payment_entry("Sales Invoice", v, party_amount=-amount, bank_account=account)
				for v, amount in credit_notes.items()
			]
		)
	else:
		payment = unreferenced_refund(customer, company, account)
	unallocated = sum(flt(amount) for voucher, amount in selection.items() if voucher not in credit_notes)
	payment.paid_amount += unallocated
	payment.received_amount += unallocated
	payment.mode_of_payment = mode_of_payment
	payment.set_amounts()
	return payment


def check_refund(credit: dict | None, voucher: str, amount: float):
	if not credit:
		frappe.throw(
			_("{0} is not an available credit of this client.").format(voucher), title=_("Wrong Credit")
		)
	if amount <= 0 or amount > credit["credit"]:
		frappe.throw(
			_("The refund of {0} must be more than 0 and at most its available credit {1}.").format(
				voucher, credit["credit"]
			),
			title=_("Invalid Amount"),
		)


def unreferenced_refund(customer: str, company: str, account: str | None):
	"""A Pay entry with no invoice to reference, from `account` (else the company's cash): unallocated
	payments are paid back as such."""
	from erpnext.accounts.doctype.journal_entry.journal_entry import get_default_bank_cash_account
	from erpnext.accounts.party import get_party_account

	account = account or (get_default_bank_cash_account(company, "Cash") or {}).get("account")
	payment = frappe.new_doc("Payment Entry")
	payment.update(
		{
			"payment_type": "Pay",
			"company": company,
			"party_type": "Customer",
			"party": customer,
			"paid_from": account,
			"paid_to": get_party_account("Customer", customer, company),
			"paid_amount": 0,
			"received_amount": 0,
		}
	)
	payment.setup_party_account_field()
	payment.set_missing_values()
	return payment
