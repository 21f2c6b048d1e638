"""Our balance-forward statement vs ERPNext's General Ledger report for the same party and period."""

import frappe
from frappe.utils import add_days, today

from erpnext.accounts.report.general_ledger.general_ledger import execute as general_ledger

from client_management.benchmarks import compare, throwaway_company
from client_management.statements import BALANCE_FORWARD, build_statement
from client_management.tests.factories import create_client

GOAL = 1.1


def seed_party_entries(customer: str, company: str, count: int):
	"""`count` submitted Journal Entries, one party GL row each, spread over the last year: a tenth of
	the time of as many Sales Invoices, the same party rows for the statement and the General Ledger."""
	receivable = frappe.get_cached_value("Company", company, "default_receivable_account")
	income = frappe.get_cached_value("Company", company, "default_income_account")
	for i in range(count):
		amount = 10 + i % 90
		entry = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"company": company,
				"posting_date": add_days(today(), -(i % 365)),
				"accounts": [
					{
						"account": receivable,
						"party_type": "Customer",
						"party": customer,
						"debit_in_account_currency": amount,
					},
					{"account": income, "credit_in_account_currency": amount},
				],
			}
		)
		entry.insert()
		entry.submit()


def run(gl_rows: int = 10_000, rounds: int = 3) -> dict:
	frappe.set_user("Administrator")
	company = throwaway_company()
	client = create_client()
	seed_party_entries(client.customer, company, gl_rows)
	start, end = add_days(today(), -366), today()
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
