"""The import as a background job: progress to the desk, a commit per row, a result file."""

from collections import Counter

import frappe
from frappe.utils.file_manager import save_file

from client_management.imports.reader import read_sheet
from client_management.imports.sheets import header, to_xlsx
from client_management.validation import InvalidValue

ACTIONS = ("created", "updated", "unchanged", "skipped", "rejected")


def read_import_file(file_url: str) -> list:
	file = frappe.get_doc("File", {"file_url": file_url})
	content = file.get_content()
	try:
		rows, _unknown = read_sheet(file.file_name, content.encode() if isinstance(content, str) else content)
	except InvalidValue as error:
		frappe.throw(
			frappe._("Cannot read {0}: {1}").format(file.file_name, error), title=frappe._("Unreadable File")
		)
	return rows


def outcome_counts(outcomes) -> dict:
	counts = Counter(outcome.action for outcome in outcomes)
	return {f"{action}_count": counts.get(action, 0) for action in ACTIONS}


def run_import(client_import: str):
	from client_management.client_management.doctype.client_import.client_import import UPDATE_BY
	from client_management.imports.importer import import_rows

	doc = frappe.get_doc("Client Import", client_import)
	doc.db_set("status", "Running", commit=True)
	rows = read_import_file(doc.import_file)

	def progress(done: int, total: int):
		if done % 20 == 0 or done == total:
			frappe.publish_progress(
				done * 100 / total,
				title=frappe._("Importing clients"),
				doctype="Client Import",
				docname=doc.name,
			)

	try:
		outcomes = import_rows(rows, UPDATE_BY[doc.update_by], progress=progress, commit_each=True)
	except Exception:
		frappe.db.rollback()
		doc.db_set("status", "Failed", commit=True)
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
