"""Import workers side by side: N rows in two chunks, imported by one process (one chunk after the other),
then by two processes at once, each with its own database connection as two `bench worker`s have (goal:
two no slower than one). InnoDB's row lock waits during each side are reported (goal 0): a batch
that held a lock across its rows (the client number series, a gap of the assignments' index) would
make the other worker wait for its commit.

The processes are spawned (not forked: a forked child would share the parent's database socket); each
times its own import, after Frappe is loaded and connected."""

import multiprocessing

import frappe

from client_management.benchmarks import ratio_row
from client_management.benchmarks.client_import import cleanup, client_sheet
from client_management.imports.importer import COMMIT_EVERY, import_rows
from client_management.imports.reader import read_sheet

GOAL = 1.0


def import_chunks(site: str, sites_path: str, chunks: list, ready, start, results):
	"""A worker: connect, say so, wait for the start, import its chunks one after the other, report
	(start, end, rows not created)."""
	import time

	frappe.init(site=site, sites_path=sites_path)
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		ready.wait()
		start.wait()
		began = time.time()
		refused = 0
		for rows in chunks:
			refused += sum(o.action != "created" for o in import_rows(rows, commit_every=COMMIT_EVERY))
		results.put((began, time.time(), refused))
	finally:
		frappe.destroy()


def row_lock_waits() -> int:
	return int(frappe.db.sql("show global status like 'Innodb_row_lock_waits'")[0][1])


def timed(workers: list[list], lock_waits: list[int]) -> float:
	"""Wall seconds from the start of the first worker to the end of the last."""
	spawn = multiprocessing.get_context("spawn")
	ready, start, results = spawn.Barrier(len(workers) + 1), spawn.Event(), spawn.Queue()
	args = (frappe.local.site, frappe.local.sites_path)
	processes = [
		spawn.Process(target=import_chunks, args=(*args, chunks, ready, start, results)) for chunks in workers
	]
	for process in processes:
		process.start()
	ready.wait(300)
	before = row_lock_waits()
	start.set()
	reports = [results.get(timeout=3600) for _ in processes]
	for process in processes:
		process.join()
	lock_waits.append(row_lock_waits() - before)
	if refused := sum(report[2] for report in reports):
		raise AssertionError(f"{refused} rows not created")
	return max(report[1] for report in reports) - min(report[0] for report in reports)


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
	row["lock_waits"] = {"one worker": lock_waits[0], "two workers": lock_waits[1], "goal": 0}
	print(f"row lock waits: one worker {lock_waits[0]}, two workers {lock_waits[1]} (goal 0)")
	return [row]
