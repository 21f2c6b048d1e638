"""Import processes side by side, as the import's jobs run on several `bench worker`s: each spawned
(not forked: a forked child would share the parent's database socket), with its own database
connection, timing its own import after Frappe is loaded and connected."""

import multiprocessing

import frappe

from client_management.imports.importer import COMMIT_EVERY, import_rows


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


def row_locks() -> tuple[int, int]:
	"""InnoDB's row lock waits so far, and the milliseconds waited."""
	status = dict(
		frappe.db.sql(
			"show global status where Variable_name in ('Innodb_row_lock_waits', 'Innodb_row_lock_time')"
		)
	)
	return int(status["Innodb_row_lock_waits"]), int(status["Innodb_row_lock_time"])


def timed(workers: list[list], lock_waits: list[tuple[int, int]]) -> float:
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
	before = row_locks()
	start.set()
	reports = [results.get(timeout=3600) for _ in processes]
	for process in processes:
		process.join()
	after = row_locks()
	lock_waits.append((after[0] - before[0], after[1] - before[1]))  # (waits, ms waited)
	if refused := sum(report[2] for report in reports):
		raise AssertionError(f"{refused} rows not created")
	return max(report[1] for report in reports) - min(report[0] for report in reports)
