"""Benchmarks: our path against ERPNext's own on the same site, printed as ratios.

Run with `bench --site SITE execute client_management.benchmarks.<module>.run`.
Every benchmark works inside one transaction and rolls it back, or deletes the records it had to
commit: the site is left as it was. Invoices and ledger entries go to a throwaway company.
"""

import statistics
import time
from collections.abc import Callable

import frappe

from client_management.tests.sample_data import insert_company


def seconds(work: Callable[[], None]) -> float:
	start = time.perf_counter()
	work()
	return time.perf_counter() - start


def compare(
	label: str, ours: Callable[[], None], theirs: Callable[[], None], goal: float, rounds: int = 3
) -> dict:
	"""Time both sides alternately in one process, after one warm-up round each (caches, imports);
	print and return the ratio of the medians against its goal."""
	ours_runs, theirs_runs = [], []
	try:
		for _ in range(rounds + 1):
			ours_runs.append(seconds(ours))
			theirs_runs.append(seconds(theirs))
	finally:
		frappe.db.rollback()
	return ratio_row(label, statistics.median(ours_runs[1:]), statistics.median(theirs_runs[1:]), goal)


def ratio_row(
	label: str,
	ours_s: float,
	theirs_s: float,
	goal: float | None,
	sides: tuple[str, str] = ("ours", "ERPNext"),
) -> dict:
	"""Print and return one line of the table; a row without a goal is a reference figure."""
	ratio = ours_s / theirs_s
	row = {
		"operation": label,
		"ours_s": round(ours_s, 6),
		"erpnext_s": round(theirs_s, 6),
		"ratio": round(ratio, 2),
		"goal": goal,
		"met": None if goal is None else ratio <= goal,
	}
	verdict = "(reference)" if goal is None else f"(goal <= {goal}x) {'OK' if row['met'] else 'MISSED'}"
	print(f"{label}: {sides[0]} {ours_s:.4g}s, {sides[1]} {theirs_s:.4g}s, ratio {ratio:.2f}x {verdict}")
	return row


def seconds_row(label: str, ours_s: float, goal_s: float | None) -> dict:
	"""Print and return a line timed against a number of seconds; without a goal, a reference figure."""
	row = {"operation": label, "ours_s": round(ours_s, 6), "goal_s": goal_s}
	row["met"] = None if goal_s is None else ours_s <= goal_s
	verdict = "(reference)" if goal_s is None else f"(goal <= {goal_s:g}s) {'OK' if row['met'] else 'MISSED'}"
	print(f"{label}: {ours_s:.2f}s {verdict}")
	return row


def delete_records(doctype: str, names: list[str]):
	"""Remove what a benchmark made and committed, fast: its rows, child rows, Versions, ToDos and
	Comments (delete_doc would check every link and keep a Deleted Document of each, minutes for
	thousands)."""
	for start in range(0, len(names), 1000):
		chunk = names[start : start + 1000]
		for table in frappe.get_meta(doctype).get_table_fields():
			frappe.db.delete(table.options, {"parent": ("in", chunk), "parenttype": doctype})
		frappe.db.delete("Version", {"ref_doctype": doctype, "docname": ("in", chunk)})
		# the owner's assignment and the timeline's notes
		frappe.db.delete("ToDo", {"reference_type": doctype, "reference_name": ("in", chunk)})
		frappe.db.delete("Comment", {"reference_doctype": doctype, "reference_name": ("in", chunk)})
		frappe.db.delete(doctype, {"name": ("in", chunk)})


def throwaway_company() -> str:
	"""A company of the benchmark's own (chart of accounts, cost center, defaults), made inside its
	transaction and rolled back with it. Its country has no regional setup, so no schema change commits
	the transaction; its currency is the site's default one."""
	name = f"Benchmark {frappe.generate_hash(length=8)}"
	return insert_company(name, name.split()[1].upper())
