"""The desk's Export of clients: at once when small, a job when large, whose file only its user gets."""

from unittest.mock import patch

from rq.job import Job

import frappe
from frappe.utils import add_to_date, now_datetime
from frappe.utils.background_jobs import create_job_id, get_redis_conn

from client_management.api import imports as api_imports
from client_management.imports.exporter import EXPORTS_FOLDER, delete_old_exports, export_in_background
from client_management.tests.factories import ClientTestCase, create_client, discard_queued_jobs, ensure_user


class TestExport(ClientTestCase):
	def setUp(self):
		self.a, self.b = create_client(), create_client()
		self.user = ensure_user("export-restricted@example.com", ["Sales User"])
		frappe.get_doc(
			{"doctype": "User Permission", "user": self.user, "allow": "Client", "for_value": self.a.name}
		).insert()

	def test_a_small_export_downloads_at_once(self):
		frappe.set_user(self.user)
		self.assertEqual(
			api_imports.start_export("csv"),
			{"download": "/api/method/client_management.api.imports.export_clients?format=csv"},
		)
		with self.assertRaisesRegex(frappe.ValidationError, "xlsx or csv"):
			api_imports.start_export("pdf")

	def test_a_large_export_is_a_job_whose_file_only_its_user_gets(self):
		frappe.set_user(self.user)
		job_id = f"client_export::{self.user}::csv"
		self.addCleanup(discard_queued_jobs, job_id)
		with patch.object(api_imports, "EXPORT_IN_REQUEST_MAX", 0):
			self.assertEqual(api_imports.start_export("csv"), {"queued": 1})  # A only: B is not theirs
		job = Job.fetch(create_job_id(job_id), connection=get_redis_conn())
		self.assertEqual((job.kwargs["user"], job.kwargs["kwargs"]), (self.user, {"format": "csv"}))

		export_in_background("csv")  # the job, as a worker runs it: as the user who queued it
		file = frappe.get_last_doc("File", {"folder": EXPORTS_FOLDER})
		self.addCleanup(frappe.delete_doc, "File", file.name, force=True, ignore_missing=True)
		self.assertEqual((file.owner, file.is_private), (self.user, 1))
		content = file.get_content()
		self.assertIn(self.a.name, content)
		self.assertNotIn(self.b.name, content)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": self.user, "document_type": "File", "document_name": file.name},
			)
		)
		frappe.set_user(ensure_user("export-other@example.com", ["Sales User"]))
		self.assertFalse(frappe.has_permission("File", "read", file))

		frappe.set_user("Administrator")
		delete_old_exports()
		self.assertTrue(frappe.db.exists("File", file.name), "a fresh export is kept for a day")
		frappe.db.set_value("File", file.name, "creation", add_to_date(now_datetime(), days=-2))
		delete_old_exports()
		self.assertFalse(frappe.db.exists("File", file.name))
