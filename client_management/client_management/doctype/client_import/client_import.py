# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from client_management.imports.job import outcome_counts, read_import_file, run_import

UPDATE_BY = {"Client Number": "number", "Tax ID": "tax-id"}


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
		status: DF.Literal["Draft", "Checked", "Queued", "Running", "Completed", "Partly Completed", "Failed"]
		unchanged_count: DF.Int
		update_by: DF.Literal["Client Number", "Tax ID"]
		updated_count: DF.Int

	# end: auto-generated types
	def validate(self):
		if self.has_value_changed("import_file") or self.has_value_changed("update_by"):
			self.status = "Draft"  # a new file needs a new check

	@frappe.whitelist(methods=["POST"])
	def check(self) -> dict:
		"""Dry run: what each row would do, with every rejection's row, column and message."""
		self.check_permission("write")
		from client_management.imports.importer import import_rows

		rows = read_import_file(self.import_file)
		outcomes = import_rows(rows, UPDATE_BY[self.update_by], dry_run=True)
		self.update(outcome_counts(outcomes))
		self.outcomes = frappe.as_json([o.__dict__ for o in outcomes])
		self.status = "Checked"
		self.save()
		return {"outcomes": [o.__dict__ for o in outcomes]}

	@frappe.whitelist(methods=["POST"])
	def start(self) -> None:
		"""Import in a background job; progress shows live on the form."""
		self.check_permission("write")
		if self.status != "Checked":
			frappe.throw(_("Check the file first (dry run), then start the import."), title=_("Not Checked"))
		self.db_set("status", "Queued")
		frappe.enqueue(
			run_import,
			queue="long",
			timeout=3600,
			client_import=self.name,
			job_id=f"client_import::{self.name}",
			deduplicate=True,
			enqueue_after_commit=True,
		)
