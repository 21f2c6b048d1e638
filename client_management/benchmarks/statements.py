"""Our balance-forward statement vs ERPNext's General Ledger report for the same party and period."""

import frappe
from frappe.utils import add_days, today

import erpnext
from erpnext.accounts.report.general_ledger.general_ledger import execute as general_ledger

from client_management.benchmarks import compare
from client_management.statements import BALANCE_FORWARD, build_statement
from client_management.tests.factories import create_client, ensure_item

GOAL = 1.1


def seed_invoices(customer: str, company: str, count: int):
	"""`count` submitted invoices (one party GL row each), spread over the last year."""
	item = ensure_item()
	for i in range(count):
		date = add_days(today(), -(i % 365))
		invoice = frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"customer": customer,
				"company": company,
				"posting_date": date,
				"set_posting_time": 1,
				"due_date": date,
				"items": [{"item_code": item, "qty": 1, "rate": 10 + i % 90}],
			}
		)
		invoice.insert()
		invoice.submit()


def run(gl_rows: int = 10_000, rounds: int = 3) -> dict:
	frappe.set_user("Administrator")
	company = erpnext.get_default_company()
	client = create_client()
	seed_invoices(client.customer, company, gl_rows)
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
