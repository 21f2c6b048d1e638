"""The import as a background job: progress to the desk, a commit per row, a result file."""

import os
from collections import Counter

import frappe
from frappe import _
from frappe.utils.file_manager import save_file

from client_management.imports.importer import COMMIT_EVERY, import_rows
from client_management.imports.options import ACTIONS, UPDATE_BY
from client_management.imports.reader import MAX_FILE_BYTES, read_sheet
from client_management.imports.sheets import header, to_xlsx
from client_management.validation import InvalidValue


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


def progress_reporter(doc, title: str):
	def progress(done: int, total: int):
		if done % 20 == 0 or done == total:
			frappe.publish_progress(done * 100 / total, title=title, doctype=doc.doctype, docname=doc.name)

	return progress


def run_check(client_import: str):
	"""Check File as a job: every row validated as the import would, nothing written but the outcomes."""
	doc = frappe.get_doc("Client Import", client_import)
	try:
		rows = read_import_file(doc)
		outcomes = import_rows(
			rows,
			UPDATE_BY[doc.update_by],
			dry_run=True,
			progress=progress_reporter(doc, _("Checking clients")),
		)
	except Exception:
		frappe.db.rollback()
		doc.db_set("status", "Draft", commit=True, notify=True)
		raise
	doc.db_set(
		{
			**outcome_counts(outcomes),
			"outcomes": frappe.as_json([o.__dict__ for o in outcomes]),
			"status": "Checked",
		},
		commit=True,
		notify=True,
	)


def run_import(client_import: str):
	doc = frappe.get_doc("Client Import", client_import)
	doc.db_set("status", "Running", commit=True)
	try:
		rows = read_import_file(doc)
		outcomes = import_rows(
			rows,
			UPDATE_BY[doc.update_by],
			progress=progress_reporter(doc, _("Importing clients")),
			commit_every=COMMIT_EVERY,
		)
	except Exception:
		frappe.db.rollback()
		doc.db_set("status", "Failed", commit=True, notify=True)
		raise
	counts = outcome_counts(outcomes)
	result = save_file(
		f"client-import-result-{doc.name}.xlsx",
		result_workbook(rows, outcomes),
		"Client Import",
		doc.name,
		is_private=1,
	)
	doc.db_set(
		{
			**counts,
			"result_file": result.file_url,
			"outcomes": frappe.as_json([o.__dict__ for o in outcomes]),
			"status": "Partly Completed" if counts["rejected_count"] else "Completed",
		},
		commit=True,
		notify=True,
	)


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
