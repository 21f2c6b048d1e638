"""The duplicate check the Client form runs, against a site with 100,000 clients (goal < 50 ms)."""

import statistics
import time

import frappe
from frappe.utils import now_datetime, random_string

from client_management.duplicates.finder import find_duplicates, invalidate_name_index
from client_management.duplicates.scoring import normalize_company_name
from client_management.tests.sample_data import client_values

GOAL_MS = 50
WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda sigma omega nova terra".split()


def seed_clients(count: int):
	"""Bare Client rows (no mirror): enough for the duplicate queries, fast to insert and roll back."""
	now = now_datetime()
	rows = []
	for i in range(count):
		name = (
			f"{WORDS[i % len(WORDS)].title()} {WORDS[(i // 15) % len(WORDS)].title()} {random_string(6)} Ltd"
		)
		rows.append(
			(
				f"BENCH-{i:06d}",
				name,
				normalize_company_name(name),
				f"FR{i:011d}",
				now,
				now,
				"Administrator",
				"Administrator",
			)
		)
	fields = [
		"name",
		"company_name",
		"normalized_name",
		"vat_number",
		"creation",
		"modified",
		"owner",
		"modified_by",
	]
	frappe.db.bulk_insert("Client", fields, rows, ignore_duplicates=True)


def run(clients: int = 100_000, calls: int = 20) -> dict:
	frappe.set_user("Administrator")
	try:
		seed_clients(clients)
		candidate = frappe.get_doc(
			client_values(company_name="Alpha Beta Holding", vat_number="FR40303265045")
		)
		candidate.flags.update(allow_incomplete=True, problems=[])
		candidate.normalize_fields()
		find_duplicates(candidate)  # warm-up
		timings = []
		for _ in range(calls):
			start = time.perf_counter()
			find_duplicates(candidate)
			timings.append((time.perf_counter() - start) * 1000)
	finally:
		frappe.db.rollback()
		invalidate_name_index()  # the names of the rolled-back clients are in this worker's index
	median = statistics.median(timings)
	row = {
		"operation": f"duplicate check against {clients} clients",
		"ours_ms": round(median, 1),
		"goal_ms": GOAL_MS,
		"met": median < GOAL_MS,
	}
	print(
		f"{row['operation']}: median {median:.1f} ms (goal < {GOAL_MS} ms) {'OK' if row['met'] else 'MISSED'}"
	)
	return row
