# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from client_management.imports.job import JOB_PREFIXES, cleared_outcomes, run_check, run_import
from client_management.imports.options import BUSY, CHECKABLE, IMPORT_STATUS, STARTABLE

# Written by the check and import jobs only: read-only in the form, and kept as stored whatever
# the REST API sends.
JOB_FIELDS = (
	"status",
	"result_file",
	"outcomes",
	"total_rows",
	"created_count",
	"updated_count",
	"unchanged_count",
	"skipped_count",
	"rejected_count",
)


class ClientImport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		created_count: DF.Int
		import_file: DF.Attach
		outcomes: DF.JSON | None
		rejected_count: DF.Int
		result_file: DF.Attach | None
		skipped_count: DF.Int
		status: DF.Literal[
			"Draft", "Checking", "Checked", "Queued", "Running", "Completed", "Partly Completed", "Failed"
		]
		total_rows: DF.Int
		unchanged_count: DF.Int
		update_by: DF.Literal["Client Number", "Tax ID"]
		updated_count: DF.Int

	# end: auto-generated types
	def onload(self):
		"""The statuses the form's buttons and headline follow, so that they are written once."""
		self.set_onload("statuses", {"checkable": CHECKABLE, "startable": STARTABLE, "busy": BUSY})

	def validate(self):
		self.keep_job_fields()
		self.validate_import_file()
		if self.has_value_changed("import_file") or self.has_value_changed("update_by"):
			if self.status in BUSY:
				frappe.throw(
					_("The file is being checked or imported: wait until it is done."), title=_("Busy")
				)
			self.status = IMPORT_STATUS.draft  # a new file needs a new check

	def keep_job_fields(self):
		before = self.get_doc_before_save() or {"status": IMPORT_STATUS.draft}
		for fieldname in JOB_FIELDS:
			self.set(fieldname, before.get(fieldname) or (0 if fieldname.endswith("_count") else None))

	def validate_import_file(self):
		"""Only a file uploaded by this user for this import, never another document's file."""
		if not self.import_file or not (self.is_new() or self.has_value_changed("import_file")):
			return
		files = frappe.get_all(
			"File",
			filters={"file_url": self.import_file, "is_folder": 0},
			fields=["owner", "attached_to_doctype", "attached_to_name"],
		)
		if not any(
			(f.attached_to_doctype, f.attached_to_name) == (self.doctype, self.name)
			or (not f.attached_to_doctype and f.owner == frappe.session.user)
			for f in files
		):
			frappe.throw(
				_("Upload the import file here (Import File): a file of another document cannot be used."),
				title=_("Invalid Import File"),
				exc=frappe.PermissionError,
			)

	@frappe.whitelist(methods=["POST"])
	def check(self) -> None:
		"""Dry run in a background job: what each row would do, with every rejection's row, column
		and message. The form follows its progress."""
		self.check_permission("write")
		self.claim_status(
			CHECKABLE, IMPORT_STATUS.checking, _("The file cannot be checked while the import is {0}.")
		)
		self.enqueue_job(run_check, JOB_PREFIXES["check"])

	@frappe.whitelist(methods=["POST"])
	def start(self) -> None:
		"""Import in a background job; progress shows live on the form."""
		self.check_permission("write")
		self.claim_status(
			STARTABLE,
			IMPORT_STATUS.queued,
			_("Check the file first (dry run), then start the import. Status: {0}."),
		)
		self.enqueue_job(run_import, JOB_PREFIXES["import"])

	def enqueue_job(self, job, prefix: str):
		frappe.enqueue(
			job,
			queue="long",
			timeout=3600,
			client_import=self.name,
			job_id=f"{prefix}::{self.name}",
			deduplicate=True,
			enqueue_after_commit=True,
		)

	def claim_status(self, allowed: tuple[str, ...], new_status: str, refusal: str):
		"""Move to `new_status` only from `allowed`, under a row lock: two clicks never run two jobs."""
		current = frappe.db.get_value(self.doctype, self.name, "status", for_update=True)
		if current not in allowed:
			frappe.throw(refusal.format(_(current)), title=_("Not Allowed Now"))
		# outcomes of an earlier run go now: if its jobs are lost, they cannot pass for this run's
		self.db_set({"status": new_status, **cleared_outcomes()})
