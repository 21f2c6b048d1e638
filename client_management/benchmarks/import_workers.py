"""Import workers side by side: N rows in two chunks, imported by one process (one chunk after the other),
then by two processes at once, each with its own database connection as two `bench worker`s have (goal:
two no slower than one). InnoDB's row lock waits during each side are reported (goal 0): a batch
that held a lock across its rows (the client number series, a gap of the assignments' index) would
make the other worker wait for its commit.

The processes are those of `workers.timed`."""

import frappe

from client_management.benchmarks import ratio_row
from client_management.benchmarks.client_import import cleanup, client_sheet
from client_management.benchmarks.workers import timed
from client_management.imports.reader import read_sheet

GOAL = 1.0


def run(count: int = 600) -> list[dict]:
	frappe.set_user("Administrator")
	frappe.db.commit()
	sides, lock_waits = {}, []
	for side, workers in (("one", 1), ("two", 2)):
		tag = frappe.generate_hash(length=5)
		rows, _unknown = read_sheet("clients.csv", client_sheet(count, tag))
		half = len(rows) // 2
		chunks = [rows[:half], rows[half:]]
		try:
			sides[side] = timed([chunks] if workers == 1 else [[chunk] for chunk in chunks], lock_waits)
		finally:
			cleanup(tag)
	row = ratio_row(
		f"import {count} rows in two chunks: two workers vs one",
		sides["two"],
		sides["one"],
		GOAL,
		sides=("two workers", "one worker"),
	)
	(one, one_ms), (two, two_ms) = lock_waits
	row["lock_waits"] = {"one worker": one, "two workers": two, "ms waited": [one_ms, two_ms], "goal": 0}
	print(f"row lock waits: one worker {one} ({one_ms} ms), two workers {two} ({two_ms} ms) (goal 0)")
	return [row]
