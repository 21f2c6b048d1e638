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
