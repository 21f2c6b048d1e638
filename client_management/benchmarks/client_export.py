"""Exporting N clients with a contact each, as the desk's Export and `bench export-clients` write it
(goal: 10,000 clients in <= 15 s). The export reads the Client and Client Contact tables only, so
bare rows inserted in bulk, rolled back afterwards, stand for clients made by hand."""

import frappe
from frappe.utils import now_datetime

from client_management.benchmarks import seconds, seconds_row
from client_management.benchmarks.duplicates import seed_clients
from client_management.imports.exporter import export_content

GOAL_SECONDS_AT_10K = 15


def seed_contacts(count: int):
	now = now_datetime()
	rows = [
		(
			f"BENCH-CONTACT-{i:06d}",
			f"BENCH-{i:06d}",
			"Client",
			"contacts",
			1,
			1,
			"Anne",
			f"Bench{i}",
			f"anne.{i}@bench-export.fr",
			f"+33 2 40 {i // 100 % 100:02d} {i % 100:02d} 00",
			now,
			now,
		)
		for i in range(count)
	]
	fields = [
		"name",
		"parent",
		"parenttype",
		"parentfield",
		"idx",
		"is_primary",
		"first_name",
		"last_name",
		"email",
		"phone",
		"creation",
		"modified",
	]
	frappe.db.bulk_insert("Client Contact", fields, rows, ignore_duplicates=True)


def run(count: int = 10_000) -> dict:
	frappe.set_user("Administrator")
	try:
		seed_clients(count)
		seed_contacts(count)
		clients = frappe.db.count("Client")
		return seconds_row(
			f"export {clients} clients (.xlsx)",
			seconds(lambda: export_content("xlsx")),
			GOAL_SECONDS_AT_10K * clients / 10_000,
		)
	finally:
		frappe.db.rollback()
