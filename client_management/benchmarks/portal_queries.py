"""Portal client home: database queries for a customer with 5 vs 500 invoices (goal: equal counts)."""

import frappe

from client_management.portal.home import client_home
from client_management.tests.factories import create_client, create_sales_invoice


def questions() -> int:
	"""MariaDB's own count of statements this connection sent."""
	return int(frappe.db.sql("show session status like 'Questions'")[0][1])


def queries_for(invoices: int) -> int:
	client = create_client()
	for _ in range(invoices):
		create_sales_invoice(client.customer, rate=10)
	client_home(client.name)  # warm caches
	before = questions()
	client_home(client.name)
	return questions() - before - 1  # the status query itself


def run(small: int = 5, large: int = 500) -> dict:
	frappe.set_user("Administrator")
	try:
		few, many = queries_for(small), queries_for(large)
	finally:
		frappe.db.rollback()
	row = {
		"operation": f"portal client home queries, {small} vs {large} invoices",
		"small": few,
		"large": many,
		"met": few == many,
	}
	print(f"{row['operation']}: {few} vs {many} queries {'OK' if row['met'] else 'MISSED'}")
	return row
