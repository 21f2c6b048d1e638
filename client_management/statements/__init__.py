"""Account statements of a client: balance forward, open item, transaction.

The figures are ERPNext's: the party's GL entries (as the General Ledger reads them), get_balance_on
for opening and closing balances, and the Accounts Receivable report for open items and ageing.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Min, Sum
from frappe.utils import add_days, escape_html, flt, fmt_money, formatdate, getdate, nowdate

from erpnext.accounts.party import get_party_account_currency
from erpnext.accounts.utils import get_balance_on

from client_management.constants import (  # noqa: F401 - importers of statements use them from here too
	BALANCE_FORWARD,
	OPEN_ITEM,
	STATEMENT_TYPES,
	TRANSACTION,
)
from client_management.finance import AGEING_LABELS, companies_with_transactions, receivable_rows


def statement_companies(customer: str | None) -> list[str]:
	"""The companies a client gets statements from: each company its customer has transactions in,
	or the default company when it has none yet (an empty statement, as before any invoice)."""
	import erpnext

	companies = companies_with_transactions(customer)
	if companies:
		return companies
	default = erpnext.get_default_company()
	return [default] if default else []


def preferred_company(companies: list[str], preferred: str | None = None) -> str | None:
	"""The company to offer first: `preferred` (e.g. the user's default company) when it is one of
	`companies`, else the site's default company when it is, else the first."""
	import erpnext

	for company in (preferred, erpnext.get_default_company()):
		if company and company in companies:
			return company
	return companies[0] if companies else None


def check_statement_company(customer: str | None, company: str | None) -> str:
	"""`company` when the client has transactions in it; None picks the preferred one. Any other
	company is refused with a clear message."""
	companies = statement_companies(customer)
	if not company:
		company = preferred_company(companies)
	if company not in companies:
		frappe.throw(
			_("There is no statement from {0} for this account. Choose one of: {1}.").format(
				escape_html(company or ""), escape_html(", ".join(companies))
			),
			title=_("Invalid Company"),
		)
	return company


def build_statement(
	client: str,
	company: str,
	statement_type: str,
	from_date: str | None = None,
	to_date: str | None = None,
	statement_date: str | None = None,
) -> dict:
	"""The statement as data: rows, totals and labels, ready for the template and the log."""
	statement_date = str(getdate(statement_date or nowdate()))
	validate_request(statement_type, from_date, to_date)
	doc = frappe.get_doc("Client", client)
	if not doc.customer:
		frappe.throw(_("Client {0} has no ERPNext customer yet.").format(client), title=_("No Customer"))
	currency = get_party_account_currency("Customer", doc.customer, company)
	company_currency = frappe.get_cached_value("Company", company, "default_currency")
	in_account_currency = currency != company_currency

	statement = {
		"client": doc.name,
		"company_name": doc.company_name,
		"customer": doc.customer,
		"company": company,
		"statement_type": statement_type,
		"title": _("{0} Statement").format(_(statement_type)),
		"from_date": from_date and str(getdate(from_date)),
		"to_date": to_date and str(getdate(to_date)),
		"statement_date": statement_date,
		"currency": currency,
		"address": address_lines(doc),
	}
	if statement_type == OPEN_ITEM:
		statement.update(open_items(doc.customer, company, statement_date, in_account_currency))
		statement["period"] = _("as of {0}").format(formatdate(statement_date))
	else:
		statement.update(
			ledger(doc.customer, company, from_date, to_date, in_account_currency, statement_type)
		)
		statement["period"] = _("{0} to {1}").format(formatdate(from_date), formatdate(to_date))
	statement["total_display"] = fmt_money(statement["total"], currency=currency)
	return statement


def validate_request(statement_type: str, from_date, to_date):
	if statement_type not in STATEMENT_TYPES:
		frappe.throw(
			_("Statement type must be one of: {0}").format(", ".join(STATEMENT_TYPES)),
			title=_("Invalid Statement Type"),
		)
	if statement_type == OPEN_ITEM:
		return
	if not (from_date and to_date):
		frappe.throw(_("Enter the start and end date of the period."), title=_("Missing Period"))
	if getdate(to_date) < getdate(from_date):
		frappe.throw(
			_("The end date {0} is before the start date {1}.").format(
				formatdate(to_date), formatdate(from_date)
			),
			title=_("Invalid Period"),
		)


def ledger(
	customer: str, company: str, from_date, to_date, in_account_currency: bool, statement_type: str
) -> dict:
	"""Every transaction of the period, one row a voucher; balance forward adds opening and running balance."""
	rows = gl_rows(customer, company, from_date, to_date, in_account_currency)
	result = {"rows": rows, "empty": not rows}
	if statement_type == TRANSACTION:
		result["total"] = sum(row["debit"] - row["credit"] for row in rows)
		return result

	opening = party_balance(customer, company, add_days(from_date, -1), in_account_currency)
	balance = opening
	for row in rows:
		balance += row["debit"] - row["credit"]
		row["balance"] = balance
	result.update(opening=opening, closing=balance, total=balance)
	return result


def gl_rows(customer: str, company: str, from_date, to_date, in_account_currency: bool) -> list[dict]:
	gle = frappe.qb.DocType("GL Entry")
	debit = gle.debit_in_account_currency if in_account_currency else gle.debit
	credit = gle.credit_in_account_currency if in_account_currency else gle.credit
	query = (
		frappe.qb.from_(gle)
		.select(
			gle.posting_date,
			gle.voucher_type,
			gle.voucher_no,
			Sum(debit).as_("debit"),
			Sum(credit).as_("credit"),
		)
		.where(
			(gle.party_type == "Customer")
			& (gle.party == customer)
			& (gle.company == company)
			& (gle.is_cancelled == 0)
			& (gle.posting_date >= from_date)
			& (gle.posting_date <= to_date)
		)
		.groupby(gle.posting_date, gle.voucher_type, gle.voucher_no)
		.orderby(gle.posting_date)
		.orderby(Min(gle.creation))
	)
	return [
		{
			"posting_date": str(row.posting_date),
			"voucher_type": row.voucher_type,
			"voucher_no": row.voucher_no,
			"debit": flt(row.debit),
			"credit": flt(row.credit),
		}
		for row in query.run(as_dict=True)
	]


def party_balance(customer: str, company: str, date, in_account_currency: bool) -> float:
	return flt(
		get_balance_on(
			party_type="Customer",
			party=customer,
			company=company,
			date=date,
			in_account_currency=in_account_currency,
		)
	)


def open_items(customer: str, company: str, statement_date: str, in_account_currency: bool) -> dict:
	"""Invoices still outstanding and unallocated credits as of the statement date, with ageing."""
	rows = [
		{
			"posting_date": str(row.posting_date),
			"voucher_type": row.voucher_type,
			"voucher_no": row.voucher_no,
			"due_date": str(row.due_date) if row.get("due_date") else "",
			"invoiced": flt(row.invoiced),
			"paid": flt(row.paid) + flt(row.credit_note),
			"outstanding": flt(row.outstanding),
			"ageing": {label: flt(row.get(f"range{i}")) for i, label in enumerate(AGEING_LABELS, 1)},
		}
		for row in receivable_rows(customer, company, statement_date, in_party_currency=in_account_currency)
	]
	return {
		"rows": rows,
		"empty": not rows,
		"ageing": {label: sum(row["ageing"][label] for row in rows) for label in AGEING_LABELS},
		"total": sum(row["outstanding"] for row in rows),
	}


def address_lines(client) -> list[str]:
	return [
		line
		for line in (
			client.address_line1,
			client.address_line2,
			" ".join(filter(None, (client.pincode, client.city))),
			client.country,
		)
		if line
	]


def render_statement(statement: dict) -> str:
	context = {
		"statement": statement,
		"ageing_labels": AGEING_LABELS,
		"money": lambda value: fmt_money(value, currency=statement["currency"]),
		"date": formatdate,
	}
	return frappe.render_template("client_management/templates/statements/statement.html", context)


def statement_pdf(statement: dict) -> bytes:
	from frappe.utils.pdf import get_pdf

	return get_pdf(render_statement(statement))


def pdf_filename(statement: dict) -> str:
	"""statement-CLIENT-COMPANY ABBR-TYPE-DATE.pdf: a client's statements from two companies differ."""
	company = statement.get("company")
	abbr = company and frappe.scrub(frappe.get_cached_value("Company", company, "abbr") or company)
	parts = ("statement", statement["client"], abbr, frappe.scrub(statement["statement_type"]))
	return "-".join(filter(None, (*parts, statement["statement_date"]))) + ".pdf"
