"""A client's money, in ERPNext's own numbers: its reports and functions, never recomputed here."""

from bisect import bisect_left

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import DateFormat, Sum
from frappe.utils import add_months, date_diff, flt, get_first_day, getdate, nowdate

from erpnext.accounts.party import get_party_account_currency
from erpnext.accounts.utils import get_balance_on, get_fiscal_year

# Days past due ending each bucket but the last, as ERPNext's Accounts Receivable report ranges them.
AGEING_LIMITS = (30, 60, 90)
AGEING_RANGES = ", ".join(map(str, AGEING_LIMITS))
AGEING_LABELS = ("1-30", "31-60", "61-90", "90+")
# Amounts not yet overdue (due today or later): with it the buckets add up to the total.
CURRENT = "Current"
AGEING_BUCKETS = (CURRENT, *AGEING_LABELS)


def receivable_rows(
	customer: str, company: str, report_date: str | None = None, in_party_currency: bool = False
) -> list:
	"""The Accounts Receivable report's voucher rows for one customer."""
	# imported here: the report module queries the database when imported, so a module-level
	# import breaks any bench command that loads this app before connecting to the site
	from erpnext.accounts.report.accounts_receivable.accounts_receivable import execute as accounts_receivable

	filters = frappe._dict(
		company=company,
		report_date=report_date or nowdate(),
		party_type="Customer",
		party=[customer],
		ageing_based_on="Due Date",
		calculate_ageing_with="Report Date",  # aged as of report_date (ERPNext's default is today)
		range=AGEING_RANGES,
		in_party_currency=int(in_party_currency),
	)
	return [row for row in accounts_receivable(filters)[1] if row.get("voucher_no")]


def companies_with_transactions(customer: str | None) -> list[str]:
	"""The companies a customer has transactions in: those holding a GL entry of the party that is not
	cancelled, by name. The one rule for statements (desk, portal, schedule), the portal's balances and
	the portal invitation."""
	if not customer:
		return []
	return sorted(
		frappe.get_all(
			"GL Entry",
			filters={"party_type": "Customer", "party": customer, "is_cancelled": 0},
			pluck="company",
			distinct=True,
			order_by=None,
		)
	)


def finance_summary(customer: str, with_ledger: bool) -> list[dict]:
	"""Per company, from the customer's submitted Sales Invoices the user may read: billed this fiscal
	year and lifetime, outstanding, overdue by age and not yet due, open invoices; with `with_ledger`
	the ledger's figures too (balance, available credit, last payments, billed vs paid per month).
	Amounts in the customer's account currency, and in the company's where they differ."""
	invoice = {"customer": customer, "docstatus": 1}
	fiscal_year = get_fiscal_year(nowdate(), as_dict=True)
	lifetime = billed_by_company(invoice)
	this_year = billed_by_company(
		{**invoice, "posting_date": ("between", [fiscal_year.year_start_date, fiscal_year.year_end_date])}
	)
	open_invoices = frappe.get_list(
		"Sales Invoice",
		filters={**invoice, "outstanding_amount": (">", 0)},
		fields=[
			"name",
			"company",
			"posting_date",
			"due_date",
			"grand_total",
			"outstanding_amount",
			"currency",
		],
		order_by="due_date asc, name asc",
	)
	summary = []
	for company, billed in sorted(lifetime.items()):
		company_currency = frappe.get_cached_value("Company", company, "default_currency")
		currency = get_party_account_currency("Customer", customer, company)
		in_party_currency = currency != company_currency
		total = "grand_total" if in_party_currency else "base_grand_total"
		owed = [row for row in open_invoices if row.company == company]
		aged = [ageing(frappe._dict(row, outstanding=row.outstanding_amount), nowdate()) for row in owed]
		figures = {
			"company": company,
			"currency": currency,
			"company_currency": company_currency,
			"billed_this_year": flt(this_year.get(company, {}).get(total)),
			"billed_lifetime": flt(billed[total]),
			"outstanding": sum(flt(row.outstanding_amount) for row in owed),
			"overdue": {label: sum(row[label] for row in aged) for label in AGEING_LABELS},
			"current": sum(row[CURRENT] for row in aged),
			"open_invoices": owed,
		}
		if with_ledger:
			figures.update(ledger_figures(customer, company, in_party_currency))
		summary.append(figures)
	return summary


def billed_by_company(filters: dict) -> dict:
	"""{company: {grand_total, base_grand_total}} of the Sales Invoices matching `filters` that the user
	may read (returns and credit notes count as negatives, their totals being negative)."""
	rows = frappe.get_list(
		"Sales Invoice",
		filters=filters,
		fields=["company", "sum(grand_total) as grand_total", "sum(base_grand_total) as base_grand_total"],
		group_by="company",
		order_by="company",
	)
	return {row.company: row for row in rows}


def ledger_figures(customer: str, company: str, in_party_currency: bool) -> dict:
	"""What the ledger says: the balance in the company's currency, the credit available (unallocated
	payments and credit notes, from the Accounts Receivable report), the last payments, billed vs paid."""
	rows = receivable_rows(customer, company, in_party_currency=in_party_currency)
	return {
		"outstanding_company_currency": flt(
			get_balance_on(party_type="Customer", party=customer, company=company)
		),
		"available_credit": -sum(flt(row.outstanding) for row in rows if flt(row.outstanding) < 0),
		"last_payments": last_payments(customer, company),
		"monthly": billed_and_paid_by_month(customer, company, in_party_currency),
	}


def ageing(row, report_date: str) -> dict:
	"""{bucket: amount} of an open item (an Accounts Receivable row, an invoice) as of report_date: all
	of its outstanding in Current when it is not yet overdue (due that day or later; no due date: its
	posting date), else in the bucket of its days past due."""
	buckets = dict.fromkeys(AGEING_BUCKETS, 0.0)
	days_past_due = date_diff(report_date, row.get("due_date") or row.posting_date)
	bucket = CURRENT if days_past_due <= 0 else AGEING_LABELS[bisect_left(AGEING_LIMITS, days_past_due)]
	buckets[bucket] = flt(row.outstanding)
	return buckets


def billed_and_paid_by_month(
	customer: str, company: str, in_party_currency: bool, months: int = 12, today: str | None = None
) -> dict:
	"""The last `months` calendar months up to today's: billed (submitted Sales Invoices by posting
	month, returns and credit notes as negatives, as in "Billed, lifetime") and paid (submitted Payment
	Entries received, less refunds paid). In the customer's account currency when it is not the
	company's (the rest of the panel's convention), else in the company's."""
	end = getdate(today or nowdate())
	start = add_months(get_first_day(end), 1 - months)
	labels = [add_months(start, i).strftime("%Y-%m") for i in range(months)]

	invoice = frappe.qb.DocType("Sales Invoice")
	invoice_month = DateFormat(invoice.posting_date, "%Y-%m")
	billed = (
		frappe.qb.from_(invoice)
		.select(
			invoice_month.as_("month"),
			Sum(invoice.grand_total if in_party_currency else invoice.base_grand_total).as_("amount"),
		)
		.where(
			(invoice.customer == customer)
			& (invoice.company == company)
			& (invoice.docstatus == 1)
			& invoice.posting_date.between(start, end)
		)
		.groupby(invoice_month)
	).run(as_dict=True)

	payment = frappe.qb.DocType("Payment Entry")
	payment_month = DateFormat(payment.posting_date, "%Y-%m")
	# the party account's side: paid_amount for Receive (paid from it), received_amount for Pay
	received = payment.paid_amount if in_party_currency else payment.base_paid_amount
	refunded = payment.received_amount if in_party_currency else payment.base_received_amount
	paid = (
		frappe.qb.from_(payment)
		.select(
			payment_month.as_("month"),
			Sum(Case().when(payment.payment_type == "Receive", received).else_(-refunded)).as_("amount"),
		)
		.where(
			(payment.party_type == "Customer")
			& (payment.party == customer)
			& (payment.company == company)
			& (payment.docstatus == 1)
			& payment.payment_type.isin(["Receive", "Pay"])
			& payment.posting_date.between(start, end)
		)
		.groupby(payment_month)
	).run(as_dict=True)

	billed = {row.month: flt(row.amount) for row in billed}
	paid = {row.month: flt(row.amount) for row in paid}
	return {
		"months": labels,
		"billed": [billed.get(month, 0.0) for month in labels],
		"paid": [paid.get(month, 0.0) for month in labels],
	}


def last_payments(customer: str, company: str, limit: int = 5) -> list[dict]:
	return frappe.get_all(
		"Payment Entry",
		filters={"party_type": "Customer", "party": customer, "company": company, "docstatus": 1},
		fields=[
			"name",
			"posting_date",
			"payment_type",
			"paid_amount",
			"paid_from_account_currency as currency",
		],
		order_by="posting_date desc, creation desc",
		limit=limit,
	)


def outstanding_invoices(customer: str, company: str) -> list[dict]:
	"""Invoices with something left to pay, oldest due first (the Payment dialog's list)."""
	return frappe.get_all(
		"Sales Invoice",
		filters={"customer": customer, "company": company, "docstatus": 1, "outstanding_amount": (">", 0)},
		fields=["name", "posting_date", "due_date", "grand_total", "outstanding_amount", "currency"],
		order_by="due_date asc, name asc",
	)
