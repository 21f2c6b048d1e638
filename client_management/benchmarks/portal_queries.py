"""Portal pages of a customer with 5 vs 500 invoices: database queries per page (goal: equal counts for
the client home) and p95 of sequential requests, as the portal user, through Frappe's page renderer."""

import statistics
import time

import frappe
from frappe.utils import random_string, set_request
from frappe.website.serve import get_response

from client_management.benchmarks import throwaway_company
from client_management.tests.sample_data import create_client, create_sales_invoice, use_test_outgoing_email

PAGES = {"client home": "/client-portal", "invoice list (ERPNext)": "/invoices"}


def questions() -> int:
	"""MariaDB's own count of statements this connection sent."""
	return int(frappe.db.sql("show session status like 'Questions'")[0][1])


def portal_user_with(invoices: int, company: str) -> str:
	client = create_client()
	for _ in range(invoices):
		create_sales_invoice(client.customer, rate=10, company=company)
	portal_user = frappe.get_doc(
		{
			"doctype": "Customer Portal User",
			"client": client.name,
			"email": f"bench-{random_string(8)}@example.com",
		}
	).insert()
	return portal_user.user


def render(path: str) -> int:
	set_request(method="GET", path=path)
	response = get_response()
	if response.status_code != 200:
		frappe.throw(f"{path} answered {response.status_code}")
	return len(response.get_data())


def queries_for(user: str, path: str) -> int:
	frappe.set_user(user)
	render(path)  # warm caches
	before = questions()
	render(path)
	count = questions() - before - 1  # the status query itself
	frappe.set_user("Administrator")
	return count


def p95_ms(user: str, path: str, requests: int) -> float:
	frappe.set_user(user)
	times = []
	for _ in range(requests):
		start = time.perf_counter()
		render(path)
		times.append((time.perf_counter() - start) * 1000)
	frappe.set_user("Administrator")
	return statistics.quantiles(times, n=20)[-1]


def run(small: int = 5, large: int = 500, requests: int = 200) -> list[dict]:
	frappe.set_user("Administrator")
	use_test_outgoing_email()
	rows = []
	try:
		company = throwaway_company()
		few, many = portal_user_with(small, company), portal_user_with(large, company)
		for page, path in PAGES.items():
			counts = queries_for(few, path), queries_for(many, path)
			p95 = p95_ms(many, path, requests)
			row = {
				"operation": f"portal {page} ({path}): queries with {small} vs {large} invoices, p95 of {requests} requests",
				"small": counts[0],
				"large": counts[1],
				"p95_ms": round(p95, 1),
				"met": counts[0] == counts[1] if path == "/client-portal" else None,
			}
			verdict = {True: "OK", False: "MISSED", None: "(ERPNext's page, no goal)"}[row["met"]]
			print(f"{row['operation']}: {counts[0]} vs {counts[1]} queries, p95 {p95:.1f} ms {verdict}")
			rows.append(row)
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
	return rows
