"""Benchmarks: our path against ERPNext's own on the same site, printed as ratios.

Run with `bench --site SITE execute client_management.benchmarks.<module>.run`.
Every benchmark works inside one transaction and rolls it back: the site is left as it was.
"""

import statistics
import time
from collections.abc import Callable

import frappe


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


def ratio_row(label: str, ours_s: float, theirs_s: float, goal: float) -> dict:
	"""Print and return one line of the table."""
	ratio = ours_s / theirs_s
	row = {
		"operation": label,
		"ours_s": round(ours_s, 3),
		"erpnext_s": round(theirs_s, 3),
		"ratio": round(ratio, 2),
		"goal": goal,
		"met": ratio <= goal,
	}
	print(
		f"{label}: ours {ours_s:.2f}s, ERPNext {theirs_s:.2f}s, ratio {ratio:.2f}x (goal <= {goal}x) {'OK' if row['met'] else 'MISSED'}"
	)
	return row


def delete_records(doctype: str, names: list[str]):
	"""Remove what a benchmark made and committed, fast: its rows, child rows and Versions (delete_doc
	would check every link and keep a Deleted Document of each, minutes for thousands)."""
	for start in range(0, len(names), 1000):
		chunk = names[start : start + 1000]
		for table in frappe.get_meta(doctype).get_table_fields():
			frappe.db.delete(table.options, {"parent": ("in", chunk), "parenttype": doctype})
		frappe.db.delete("Version", {"ref_doctype": doctype, "docname": ("in", chunk)})
		frappe.db.delete(doctype, {"name": ("in", chunk)})
