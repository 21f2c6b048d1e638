"""Our balance-forward statement vs ERPNext's General Ledger report for the same party and period."""

import frappe
from frappe.utils import add_days, getdate, today

from erpnext.accounts.report.general_ledger.general_ledger import execute as general_ledger
from erpnext.accounts.utils import get_fiscal_year

from client_management.benchmarks import compare, throwaway_company
from client_management.statements import BALANCE_FORWARD, build_statement
from client_management.tests.sample_data import create_client

GOAL = 1.1


def ledger_start(company: str, days: int = 366) -> str:
	"""The first day of the period: `days` ago, or later where the site's fiscal years begin later
	(a fresh site has only the current one), so every entry has a fiscal year to post in."""
	start = getdate(today())
	while (getdate(today()) - start).days < days:
		years = get_fiscal_year(add_days(start, -1), company=company, boolean=True)
		if not years:
			break
		start = years[0][1]
	return str(max(start, getdate(add_days(today(), -days))))


# Party rows per Journal Entry: with its balancing row, 100 accounts, the most ERPNext submits at
# once (above, `submit` queues itself as a background job).
ROWS_PER_ENTRY = 99


def seed_party_entries(customer: str, company: str, count: int, start: str):
	"""`count` party GL rows from submitted Journal Entries of ROWS_PER_ENTRY party rows each, spread
	from `start` to today: the same rows for the statement and the General Ledger, ninety-nine times
	fewer documents to submit than one entry (or invoice) per row."""
	span = (getdate(today()) - getdate(start)).days + 1
	entries = -(-count // ROWS_PER_ENTRY)
	receivable = frappe.get_cached_value("Company", company, "default_receivable_account")
	income = frappe.get_cached_value("Company", company, "default_income_account")
	for entry_index, first in enumerate(range(0, count, ROWS_PER_ENTRY)):
		amounts = [10 + i % 90 for i in range(first, min(first + ROWS_PER_ENTRY, count))]
		party_rows = [
			{
				"account": receivable,
				"party_type": "Customer",
				"party": customer,
				"debit_in_account_currency": a,
			}
			for a in amounts
		]
		entry = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"company": company,
				"posting_date": add_days(today(), -(entry_index * span // entries)),
				"accounts": [*party_rows, {"account": income, "credit_in_account_currency": sum(amounts)}],
			}
		)
		entry.insert()
		entry.submit()


def run(gl_rows: int = 10_000, rounds: int = 3) -> dict:
	frappe.set_user("Administrator")
	company = throwaway_company()
	client = create_client()
	start, end = ledger_start(company), today()
	seed_party_entries(client.customer, company, gl_rows, start)
	filters = frappe._dict(
		company=company,
		from_date=start,
		to_date=end,
		party_type="Customer",
		party=[client.customer],
		group_by="Group by Voucher (Consolidated)",
		include_dimensions=0,
	)
	return compare(
		f"balance-forward statement vs General Ledger, {gl_rows} GL rows",
		lambda: build_statement(client.name, company, BALANCE_FORWARD, start, end),
		lambda: general_ledger(frappe._dict(filters)),
		GOAL,
		rounds,
	)
