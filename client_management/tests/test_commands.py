"""Every bench command of the app, run as an admin runs it: `bench --site SITE <command>` in a new
process, against committed data, which the class removes afterwards."""

import json
import re
import tempfile
import time
from pathlib import Path

import psutil

import frappe
from frappe.utils import add_to_date, get_first_day, get_last_day, now_datetime, random_string, today
from frappe.utils.file_manager import save_file

from client_management.imports.job import JOB_PREFIXES, STALLED_AFTER_MINUTES, progress_key, queue_chunks
from client_management.imports.options import ACTIONS
from client_management.imports.reader import xlsx_table
from client_management.imports.sheets import to_xlsx
from client_management.tests.factories import (
	ClientTestCase,
	bench,
	bench_process,
	client_values,
	create_client,
	create_sales_invoice,
	discard_queued_jobs,
	remove_committed,
	use_test_outgoing_email,
)
from client_management.tests.test_imports import delete_import

TAG = random_string(6).lower()
HEADER = (  # the columns a client needs, the settings' required ones included
	"company_name,lead_source,inquiry_date,finalized_date,address_line1,city,state,pincode,country,tax_id,"
	"contact_first_name,contact_last_name,contact_email,contact_phone,contact_designation"
)


def counts_of(output: str) -> dict[str, int]:
	"""{action: n} from the import command's closing line, e.g. '3 created, 0 updated, …'."""
	return {action: int(n) for n, action in re.findall(rf"(\d+) ({'|'.join(ACTIONS)})", output)}


class TestBenchCommands(ClientTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		use_test_outgoing_email()
		cls.client = create_client(company_name=f"Command {TAG} SARL")
		cls.invoice = create_sales_invoice(cls.client.customer, rate=120)
		incomplete = frappe.get_doc(
			client_values(company_name=f"Command {TAG} Incomplete", address_line1=None, city=None)
		)
		incomplete.flags.allow_incomplete = True  # as a won deal's client is saved
		incomplete.insert(ignore_permissions=True)
		cls.incomplete = incomplete.name
		frappe.db.commit()
		cls.folder = Path(tempfile.mkdtemp(prefix="client-commands-"))

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		remove_committed("Sales Invoice", cls.invoice.name)
		clients = frappe.get_all("Client", {"company_name": ("like", f"%{TAG}%")}, pluck="name")
		for name in frappe.get_all("Statement Log", {"client": ("in", clients)}, pluck="name"):
			frappe.delete_doc("Statement Log", name, force=True)
		for name in frappe.get_all("Customer Portal User", {"client": ("in", clients)}, pluck="name"):
			frappe.delete_doc("Customer Portal User", name, force=True)
		for name in clients:
			frappe.delete_doc("Client", name, force=True)
		for user in frappe.get_all("User", {"name": ("like", f"%{TAG}@example.com")}, pluck="name"):
			frappe.delete_doc("User", user, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def run_bench(self, *args: str, exit_code: int = 0) -> str:
		result = bench(*args)
		self.assertEqual(
			result.returncode, exit_code, f"{args}: {result.stdout[-1500:]}{result.stderr[-3000:]}"
		)
		return result.stdout

	def sheet(self, kind: str, count: int) -> str:
		"""A CSV of `count` clients named "Command TAG <kind> i", each with its own tax id and phone."""
		rows = (
			f"Command {TAG} {kind} {i},{self.client.lead_source},2026-01-15,2026-01-31,{i} rue du Port,"
			f"Nantes,Pays de la Loire,44000,France,TX{TAG}{kind.upper()}{i},Jean,{kind}{i},"
			f"{kind.lower()}{i}-{TAG}@{kind.lower()}s.example.com,02 40 {len(kind):02d} 00 {i:02d},Gérant"
			for i in range(count)
		)
		return f"{HEADER}\n" + "\n".join(rows) + "\n"

	def queued_import(self, kind: str, count: int):
		"""A Client Import of `self.sheet(kind, count)`, Queued as Start leaves it; removed afterwards
		with its files and error logs."""
		file = save_file(f"{kind.lower()}.csv", self.sheet(kind, count).encode(), None, None, is_private=1)
		doc = frappe.get_doc(
			{"doctype": "Client Import", "update_by": "Client Number", "import_file": file.file_url}
		).insert()
		doc.db_set("status", "Queued")
		self.addCleanup(delete_import, doc.name)
		return doc

	def logs(self) -> int:
		return frappe.db.count("Statement Log", {"client": self.client.name})

	def test_send_statements_of_every_type_dry_run_then_real(self):
		period = ("--from", str(get_first_day(today())), "--to", str(get_last_day(today())))
		out = self.run_bench("send-statements", "--type", "Open Item", "--all", "--dry-run")
		# no --company: one statement per company the client has transactions in
		self.assertIn(f"{self.client.name} ({self.invoice.company}): would send", out)
		self.assertIn("dry run: nothing sent or logged", out)
		self.assertEqual(self.logs(), 0)

		for statement_type, extra in (
			("Open Item", ()),
			("Balance Forward", period),
			("Transaction", period),
		):
			with self.subTest(statement_type=statement_type):
				out = self.run_bench(
					"send-statements",
					"--type",
					statement_type,
					"--client",
					self.client.name,
					"--company",
					self.invoice.company,
					*extra,
				)
				self.assertIn(f"{self.client.name}: sent", out)
				self.assertIn("1 sent, 0 not sent", out)
		self.assertEqual(self.logs(), 3)
		self.assertEqual(
			frappe.db.get_value(
				"Statement Log",
				{"client": self.client.name, "statement_type": "Open Item"},
				"total_due",
			),
			self.invoice.outstanding_amount,
		)
		missing_period = bench("send-statements", "--type", "Transaction", "--client", self.client.name)
		self.assertEqual(missing_period.returncode, 1)
		self.assertIn("Enter the start and end date", missing_period.stdout)

	def test_portal_user_commands_invite_list_and_revoke(self):
		email = f"cli-portal-{TAG}@example.com"
		out = self.run_bench("invite-portal-user", "--client", self.client.name, "--email", email)
		self.assertIn(f"invited {email}", out)
		self.assertTrue(frappe.db.get_value("User", email, "enabled"))

		listed = self.run_bench("list-portal-users", "--client", self.client.name)
		self.assertRegex(listed, rf"{self.client.name}\t{re.escape(email)}\tactive\tinvited 20")

		self.assertIn(f"revoked {email}", self.run_bench("revoke-portal-user", "--email", email))
		self.assertFalse(frappe.db.exists("Customer Portal User", {"email": email}))
		self.assertFalse(frappe.db.get_value("User", email, "enabled"))
		self.assertNotIn(email, self.run_bench("list-portal-users", "--client", self.client.name))
		unknown = bench("revoke-portal-user", "--email", f"nobody-{TAG}@example.com")
		self.assertNotEqual(unknown.returncode, 0)
		self.assertIn("no portal user with email", unknown.stderr + unknown.stdout)

	def test_export_then_import_reports_every_row_unchanged_incomplete_clients_included(self):
		exported = self.folder / "clients.xlsx"
		out = self.run_bench("export-clients", str(exported))
		self.assertIn(f"exported {frappe.db.count('Client')} clients", out)

		# the rows of this class's two clients, as exported: the site's other clients are not this test's
		header, *rows = xlsx_table(exported.read_bytes())
		own = [
			row for row in rows if row[header.index("client_number")] in (self.client.name, self.incomplete)
		]
		self.assertEqual(len(own), 2)
		sheet = self.folder / "own-clients.xlsx"
		sheet.write_bytes(to_xlsx([header, *own]))
		out = self.run_bench("import-clients", str(sheet), "--dry-run")
		counts = counts_of(out.splitlines()[-1])
		self.assertEqual(counts, {**dict.fromkeys(ACTIONS, 0), "unchanged": 2}, out[-2000:])

	def test_import_creates_then_a_rerun_creates_nothing(self):
		sheet = self.folder / "new.csv"
		sheet.write_text(
			f"{HEADER}\n"
			f"Command {TAG} Import,{self.client.lead_source},2026-01-15,2026-01-31,1 rue du Port,"
			f"Nantes,Pays de la Loire,44000,France,TX{TAG}IMPORT,Jean,Import,jean-{TAG}@import.example.com,"
			"02 40 00 00 00,Gérant\n"
			",,,,,,,,,,,,,,\n"
			f"Command {TAG} Broken,{self.client.lead_source},2026-01-15,31/13/2026,,,,,,,,,bad,,\n"
		)
		dry = counts_of(self.run_bench("import-clients", str(sheet), "--dry-run", exit_code=1))
		self.assertEqual((dry["created"], dry["rejected"]), (1, 1))
		self.assertFalse(frappe.db.exists("Client", {"company_name": f"Command {TAG} Import"}))

		out = self.run_bench("import-clients", str(sheet), exit_code=1)  # exit 1: a row was rejected
		self.assertEqual(counts_of(out)["created"], 1)
		self.assertIn("row 4: rejected", out)
		self.assertTrue(frappe.db.exists("Client", {"company_name": f"Command {TAG} Import"}))

		again = counts_of(self.run_bench("import-clients", str(sheet), exit_code=1))
		self.assertEqual(again["created"], 0)
		self.assertEqual(frappe.db.count("Client", {"company_name": f"Command {TAG} Import"}), 1)

	def test_two_imports_of_the_same_file_at_once_make_each_client_once(self):
		sheet = self.folder / "twins.csv"
		sheet.write_text(self.sheet("Twin", 15))
		first, second = (bench_process("import-clients", str(sheet)) for _ in range(2))
		outputs = [process.communicate(timeout=600) for process in (first, second)]
		frappe.db.commit()
		for process, (out, err) in zip((first, second), outputs, strict=True):
			self.assertEqual(process.returncode, 0, f"{out[-1500:]}{err[-3000:]}")
			self.assertNotIn("Traceback", err)
		self.assertEqual(frappe.db.count("Client", {"company_name": ("like", f"Command {TAG} Twin %")}), 15)
		totals = [counts_of(out.splitlines()[-1]) for out, _err in outputs]
		self.assertEqual(sum(t["created"] for t in totals), 15, totals)
		self.assertEqual(sum(t["skipped"] + t["unchanged"] for t in totals), 15, totals)

	def test_an_import_in_chunks_is_shared_by_the_workers_of_the_bench(self):
		doc = self.queued_import("Chunk", 8)
		queue_chunks(doc.name, dry_run=False, chunk_rows=2)  # the first job: it commits and queues 4
		workers = [bench_process("worker", "--queue", "long", "--burst") for _ in range(2)]
		for worker in workers:
			out, err = worker.communicate(timeout=600)
			self.assertEqual(worker.returncode, 0, f"{out[-1500:]}{err[-3000:]}")
		frappe.db.commit()
		doc.reload()
		self.assertEqual((doc.status, doc.total_rows, doc.created_count), ("Completed", 8, 8), doc.outcomes)
		self.assertEqual([o["row"] for o in json.loads(doc.outcomes)], list(range(2, 10)))
		self.assertTrue(doc.result_file)
		self.assertEqual(frappe.db.count("Client", {"company_name": ("like", f"Command {TAG} Chunk %")}), 8)

	def test_a_worker_killed_mid_import_leaves_no_client_and_the_scheduler_ends_the_import(self):
		doc = self.queued_import("Killed", 45)
		self.addCleanup(discard_queued_jobs, f"{JOB_PREFIXES['chunk']}::{doc.name}::2")  # RQ's failed job
		queue_chunks(doc.name, dry_run=False, chunk_rows=45)  # one job; its batch commits at row 45
		worker = bench_process("worker", "--queue", "long", "--burst")
		rows_done = frappe.cache.make_key(progress_key(doc.name))
		deadline = time.monotonic() + 300
		while int(frappe.cache.get(rows_done) or 0) < 3:  # the job is importing
			self.assertLess(time.monotonic(), deadline, "the worker did not start the job")
			time.sleep(0.05)
		horse = next(p for p in psutil.Process(worker.pid).children(recursive=True) if not p.children())
		horse.kill()  # as the OOM killer does: no exception handler runs in the job
		worker.communicate(timeout=120)
		frappe.db.commit()
		doc.reload()
		self.assertEqual((doc.status, json.loads(doc.outcomes)), ("Running", []))
		self.assertEqual(frappe.db.count("Client", {"company_name": ("like", f"Command {TAG} Killed %")}), 0)

		frappe.db.set_value(
			"Client Import",
			doc.name,
			"modified",
			add_to_date(now_datetime(), minutes=-STALLED_AFTER_MINUTES - 1),
			update_modified=False,
		)
		frappe.db.commit()
		ran = bench(
			"execute", "client_management.imports.job.recover_stalled_imports"
		)  # as the scheduler runs it
		self.assertEqual(ran.returncode, 0, ran.stderr[-3000:])
		frappe.db.commit()
		doc.reload()
		self.assertEqual((doc.status, doc.total_rows, doc.rejected_count), ("Partly Completed", 45, 45))
		self.assertIn("its worker was ended", json.loads(doc.outcomes)[0]["errors"][0][1])
		self.assertTrue(doc.result_file)
