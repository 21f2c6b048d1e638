"""The import and its check as background jobs on the long queue: a first job reads the file and
queues a job per chunk of rows, which the bench's workers share; progress to the desk; the chunk that
completes the file writes the counts, the result file and the status."""

import json
import os
from collections import Counter
from dataclasses import asdict

import frappe
from frappe import _
from frappe.utils import add_to_date, now_datetime
from frappe.utils.file_manager import save_file

from client_management.imports.importer import COMMIT_EVERY, RowOutcome, clean, import_rows, split_rows
from client_management.imports.options import ACTIONS, BUSY, IMPORT_STATUS, UPDATE_BY
from client_management.imports.reader import MAX_FILE_BYTES, read_sheet
from client_management.imports.sheets import header, to_xlsx
from client_management.validation import InvalidValue

# Rows per job: 10,000 rows make 20 jobs, a few minutes each.
CHUNK_ROWS = 500
# The first job of a check or an import, and the job of each chunk: "<prefix>::<import>[::<first row>]".
JOB_PREFIXES = {"check": "client_import_check", "import": "client_import", "chunk": "client_import_chunk"}
# An import busy for this long with no job of it queued or running has lost its jobs.
STALLED_AFTER_MINUTES = 10


def read_import_file(doc) -> list:
	"""The rows of the file attached to this Client Import, and of no other file."""
	name = attached_file(doc)
	if not name:
		frappe.throw(
			_("Upload the file to this Client Import (Import File), then check it."),
			title=_("No Import File"),
		)
	file = frappe.get_doc("File", name)
	try:
		if os.path.getsize(file.get_full_path()) > MAX_FILE_BYTES:  # before reading it into memory
			raise InvalidValue(_("the file is larger than {0} MB").format(MAX_FILE_BYTES // (1024 * 1024)))
		content = file.get_content()
		rows, _unknown = read_sheet(file.file_name, content.encode() if isinstance(content, str) else content)
	except InvalidValue as error:
		frappe.throw(_("Cannot read {0}: {1}").format(file.file_name, error), title=_("Unreadable File"))
	return rows


def attached_file(doc) -> str | None:
	return frappe.db.get_value(
		"File",
		{
			"file_url": doc.import_file,
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"is_folder": 0,
		},
	)


def outcome_counts(outcomes) -> dict:
	counts = Counter(outcome.action for outcome in outcomes)
	return {f"{action}_count": counts.get(action, 0) for action in ACTIONS}


def run_check(client_import: str, chunk_rows: int = CHUNK_ROWS):
	"""Check File as a job: every row validated as the import would, nothing written but the outcomes."""
	queue_chunks(client_import, True, chunk_rows)


def run_import(client_import: str, chunk_rows: int = CHUNK_ROWS):
	queue_chunks(client_import, False, chunk_rows)


def queue_chunks(client_import: str, dry_run: bool, chunk_rows: int):
	"""The first job: reads the file, then queues a job per chunk of rows on the long queue, where
	every worker of the bench can take one."""
	for chunk in plan_chunks(client_import, dry_run, chunk_rows):
		frappe.enqueue(
			run_chunk,
			queue="long",
			timeout=3600,
			job_id=f"{JOB_PREFIXES['chunk']}::{client_import}::{chunk['rows'][0][0]}",
			deduplicate=True,
			enqueue_after_commit=True,
			**chunk,
		)
	frappe.db.commit()


def plan_chunks(client_import: str, dry_run: bool, chunk_rows: int = CHUNK_ROWS) -> list[dict]:
	"""The arguments of each chunk's job; the outcomes of an earlier run are cleared."""
	doc = frappe.get_doc("Client Import", client_import)
	try:
		rows = read_import_file(doc)
	except Exception:
		frappe.db.rollback()
		doc.db_set("status", ended_status(dry_run), commit=True, notify=True)
		raise
	frappe.cache.delete_value(progress_key(client_import))
	doc.db_set(
		{
			**cleared_outcomes(),
			"total_rows": len(rows),
			"status": IMPORT_STATUS.checking if dry_run else IMPORT_STATUS.running,
		},
		commit=True,
	)
	if not rows:
		finish(client_import, dry_run, [])
		frappe.db.commit()
	return [
		{"client_import": client_import, "dry_run": dry_run, "rows": chunk, "seen": seen, "total": len(rows)}
		for chunk, seen in split_rows(rows, UPDATE_BY[doc.update_by], chunk_rows)
	]


def cleared_outcomes() -> dict:
	return {**outcome_counts([]), "outcomes": "[]", "result_file": None}


def ended_status(dry_run: bool) -> str:
	"""Where a check (back to a draft) or an import (failed) that could not run through is left."""
	return IMPORT_STATUS.draft if dry_run else IMPORT_STATUS.failed


def run_chunk(client_import: str, dry_run: bool, rows: list, seen: dict, total: int):
	"""Rows committed by COMMIT_EVERY, each batch with its outcomes. If the job stops, the rows it
	did not commit are reported as not imported (the file can be imported again: done rows come out
	unchanged or skipped)."""
	update_by = UPDATE_BY[frappe.db.get_value("Client Import", client_import, "update_by")]
	recorded = 0

	def record(outcomes: list[RowOutcome]):
		nonlocal recorded
		record_outcomes(client_import, dry_run, outcomes)
		frappe.db.commit()
		recorded += len(outcomes)

	try:
		import_rows(
			rows,
			update_by,
			dry_run=dry_run,
			progress=progress_reporter(client_import, dry_run, total),
			commit_every=COMMIT_EVERY,
			seen=seen,
			after_batch=record,
		)
	except Exception as error:
		frappe.db.rollback()
		frappe.log_error(title=f"Client Import {client_import}: chunk from row {rows[0][0]} stopped")
		reason = (_("not checked: {0}") if dry_run else _("not imported: {0}")).format(clean(error))
		record([RowOutcome(number, "rejected", errors=[("", reason)]) for number, _values in rows[recorded:]])


def record_outcomes(client_import: str, dry_run: bool, outcomes: list[RowOutcome]):
	"""Adds a chunk's outcomes under a lock on the import; the chunk that completes the file writes
	the counts, the result file and the final status. A row's outcome replaces the one it had: a
	chunk that reports after its import was ended as stalled puts the truth back, and ends it again."""
	stored = frappe.db.get_value(
		"Client Import", client_import, ["outcomes", "total_rows"], as_dict=True, for_update=True
	)
	by_row = {outcome["row"]: outcome for outcome in json.loads(stored.outcomes or "[]")}
	by_row.update((outcome.row, asdict(outcome)) for outcome in outcomes)
	every = list(by_row.values())
	if len(every) >= stored.total_rows:
		finish(client_import, dry_run, every)
	else:
		frappe.db.set_value(
			"Client Import", client_import, "outcomes", frappe.as_json(every), update_modified=False
		)


def finish(client_import: str, dry_run: bool, outcomes: list[dict]):
	doc = frappe.get_doc("Client Import", client_import)
	outcomes = sorted((RowOutcome(**outcome) for outcome in outcomes), key=lambda outcome: outcome.row)
	counts = outcome_counts(outcomes)
	values = {**counts, "outcomes": frappe.as_json([asdict(outcome) for outcome in outcomes])}
	if dry_run:
		values["status"] = IMPORT_STATUS.checked
	else:
		result = save_file(
			f"client-import-result-{doc.name}.xlsx",
			result_workbook(read_import_file(doc), outcomes),
			"Client Import",
			doc.name,
			is_private=1,
		)
		values["result_file"] = result.file_url
		values["status"] = (
			IMPORT_STATUS.partly_completed if counts["rejected_count"] else IMPORT_STATUS.completed
		)
	doc.db_set(values, notify=True)
	frappe.cache.delete_value(progress_key(client_import))


def recover_stalled_imports():
	"""Scheduled: a check or an import whose jobs are all gone without reporting (a worker killed
	mid-chunk runs no exception handler) gets an outcome for each row they left, and its final
	status, instead of staying busy for ever. Its rows are reported as not imported (not checked)."""
	cutoff = add_to_date(now_datetime(), minutes=-STALLED_AFTER_MINUTES)
	busy = frappe.get_all("Client Import", {"status": ("in", BUSY), "modified": ("<", cutoff)}, pluck="name")
	if not busy:
		return
	alive = imports_with_live_jobs()
	for client_import in busy:
		if client_import in alive:
			continue
		try:
			end_stalled_import(client_import)
			frappe.db.commit()
		except Exception:  # one import that cannot be ended does not keep the others busy
			frappe.db.rollback()
			frappe.log_error(title=f"Client Import {client_import}: could not end it")


def imports_with_live_jobs() -> set[str]:
	"""The imports that have a job queued or running on the long queue."""
	from rq.registry import StartedJobRegistry

	from frappe.utils.background_jobs import get_queue

	queue = get_queue("long")
	site_prefix = f"{frappe.local.site}::"
	names = set()
	for job_id in [*queue.get_job_ids(), *StartedJobRegistry(queue=queue).get_job_ids()]:
		prefix, _sep, rest = job_id.removeprefix(site_prefix).partition("::")
		if job_id.startswith(site_prefix) and prefix in JOB_PREFIXES.values():
			names.add(rest.partition("::")[0])
	return names


def end_stalled_import(client_import: str):
	stored = frappe.db.get_value(
		"Client Import", client_import, ["status", "outcomes"], as_dict=True, for_update=True
	)
	if stored.status not in BUSY:  # finished meanwhile
		return
	dry_run = stored.status == IMPORT_STATUS.checking
	doc = frappe.get_doc("Client Import", client_import)
	try:
		rows = read_import_file(doc)
	except (frappe.ValidationError, OSError):  # unreadable, or gone from the disk
		frappe.clear_last_message()
		frappe.log_error(title=f"Client Import {client_import}: its jobs stopped and its file cannot be read")
		doc.db_set("status", ended_status(dry_run), notify=True)
		return
	outcomes = json.loads(stored.outcomes or "[]")
	done = {outcome["row"] for outcome in outcomes}
	reason = (
		_("not checked: the check's background job stopped before this row (its worker was ended)")
		if dry_run
		else _(
			"not imported: the import's background job stopped before this row (its worker was ended);"
			" import the file again, the rows already imported come out unchanged"
		)
	)
	left = [
		RowOutcome(number, "rejected", errors=[("", reason)])
		for number, _values in rows
		if number not in done
	]
	frappe.log_error(
		title=f"Client Import {client_import}: its jobs stopped",
		message=f"{len(left)} of {len(rows)} rows had no outcome; they are reported as rejected.",
	)
	doc.db_set("total_rows", len(rows), update_modified=False)
	finish(client_import, dry_run, outcomes + [asdict(outcome) for outcome in left])


def progress_key(client_import: str) -> str:
	return f"client_management:import_progress:{client_import}"


def progress_reporter(client_import: str, dry_run: bool, total: int):
	"""Progress of the whole file, whichever worker runs which chunk: one counter in Redis."""
	key = frappe.cache.make_key(progress_key(client_import))
	title = _("Checking clients") if dry_run else _("Importing clients")

	def progress(_done: int, _chunk_total: int):
		done = frappe.cache.incr(key)
		if done == 1:
			frappe.cache.expire(key, 86400)
		if done % 20 == 0 or done == total:
			frappe.publish_progress(
				done * 100 / total, title=title, doctype="Client Import", docname=client_import
			)

	return progress


def result_workbook(rows, outcomes) -> bytes:
	"""Every row of the file with its outcome, client number and errors."""
	table = [["row", "outcome", "client", "errors", *header()]]
	for (number, values), outcome in zip(rows, outcomes, strict=True):
		table.append(
			[
				number,
				outcome.action,
				outcome.client or "",
				outcome.message(),
				*[values.get(key, "") for key in header()],
			]
		)
	return to_xlsx(table)
