"""Import workers side by side: each batch reserves its client numbers in a short transaction of its own
(clients.numbers), so two batches in two database connections run at the same time and neither waits
for the other's commit. Each connection's lock wait is cut to 2 s: a row that had to wait for the other
batch would fail with a lock wait timeout. The clients are committed, and removed after."""

import threading
import traceback

import frappe
from frappe.tests.utils import change_settings
from frappe.utils import random_string

from client_management.clients.numbers import client_numbers_for_batch
from client_management.constants import SETTINGS
from client_management.imports.importer import NUMBER_ATTEMPTS, import_rows
from client_management.tests.factories import ClientTestCase, create_client
from client_management.tests.test_imports import run_rows, sheet_row
from client_management.utils.settings import client_number_series

ROWS = 10
LOCK_WAIT_SECONDS = 2


class TestImportWorkers(ClientTestCase):
	def setUp(self):
		self.tag = random_string(6).lower()
		self.addCleanup(self.remove_clients)

	def remove_clients(self):
		frappe.db.rollback()
		for name in frappe.get_all("Client", {"company_name": ("like", f"%{self.tag}%")}, pluck="name"):
			frappe.delete_doc("Client", name, force=True)
		frappe.db.commit()

	def rows(self, worker: str) -> list[tuple[int, dict]]:
		return run_rows(
			[
				sheet_row(
					company_name=f"Worker {worker} {self.tag} {n} SARL",
					contact_email=f"w{worker.lower()}{n}@{self.tag}.example.com",
				)
				for n in range(ROWS)
			]
		)

	def test_two_batches_in_two_connections_run_at_once_without_waiting(self):
		site, sites_path = frappe.local.site, frappe.local.sites_path
		rows = {worker: self.rows(worker) for worker in ("A", "B")}
		first_row_done = {worker: threading.Event() for worker in rows}
		overlapped, outcomes, errors = {}, {}, {}

		def work(worker: str, other: str):
			frappe.init(site=site, sites_path=sites_path)
			frappe.connect()
			frappe.set_user("Administrator")
			try:
				frappe.db.sql(f"set session innodb_lock_wait_timeout = {LOCK_WAIT_SECONDS}")  # nosec B608

				def progress(done: int, _total: int):
					if done == 1:  # both batches open, each with a row written and not committed
						first_row_done[worker].set()
						overlapped[worker] = first_row_done[other].wait(30)

				outcomes[worker] = import_rows(rows[worker], commit_every=ROWS, progress=progress)
			except Exception:
				errors[worker] = traceback.format_exc()
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=work, args=pair) for pair in (("A", "B"), ("B", "A"))]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join(120)
		self.assertEqual(errors, {})
		self.assertEqual(overlapped, {"A": True, "B": True})  # the batches ran at the same time
		for worker, results in outcomes.items():
			with self.subTest(worker=worker):
				self.assertEqual(
					[(o.action, o.errors) for o in results],
					[("created", [])] * ROWS,
					[o.errors for o in results],
				)
		# numbered without gaps inside each batch
		for worker, results in outcomes.items():
			numbers = [int("".join(filter(str.isdigit, o.client))) for o in results]
			self.assertEqual(numbers, list(range(numbers[0], numbers[0] + ROWS)), worker)

	def test_a_batch_gives_back_the_numbers_it_did_not_use(self):
		series = client_number_series()
		with client_numbers_for_batch(5):
			reserved = list(frappe.flags.reserved_client_numbers)
			frappe.flags.reserved_client_numbers.popleft()  # one client made
		counter = frappe.qb.DocType("Series")
		((after,),) = (
			frappe.qb.from_(counter)
			.where(counter.name == prefix_of(series, reserved[0]))
			.select(counter.current)
		).run()
		self.assertEqual(after, int(reserved[0][-digits_of(series) :]))  # the four others returned
		self.assertEqual(len(reserved), 5)

	def test_numbers_typed_on_other_clients_are_not_given_to_imported_ones(self):
		"""Typed before the batch, numbers are left out of its reservation (more of them in a row than
		a row's insert is attempted); typed while it runs, the row that would have taken it takes the
		next one (its insert fails and is made again)."""
		prefix = f"TY{self.tag.upper()}-"  # a series of this test's own, from 1
		self.addCleanup(self.remove_series, prefix)
		number = lambda n: f"{prefix}{n:04d}"  # noqa: E731
		typed_before = range(1, NUMBER_ATTEMPTS + 1)
		first_free = NUMBER_ATTEMPTS + 1
		with change_settings(SETTINGS, client_number_series=f"{prefix}.####", commit=True):
			for n in typed_before:
				create_client(client_number=number(n), company_name=f"Typed {self.tag} before {n}")

			def progress(done: int, _total: int):
				if done == 1:  # the second row's number, typed on a client meanwhile
					create_client(
						client_number=number(first_free + 1), company_name=f"Typed {self.tag} during"
					)

			outcomes = import_rows(self.rows("T")[:5], commit_every=5, progress=progress)
		self.assertEqual([(o.action, o.errors) for o in outcomes], [("created", [])] * 5)
		self.assertEqual(
			[o.client for o in outcomes],
			[number(first_free), *(number(n) for n in range(first_free + 2, first_free + 6))],
		)
		self.assertEqual(
			frappe.db.get_value("Client", number(first_free + 1), "company_name"), f"Typed {self.tag} during"
		)

	def remove_series(self, prefix: str):
		frappe.db.rollback()
		frappe.db.delete("Series", {"name": prefix})
		frappe.db.commit()


def digits_of(series: str) -> int:
	return next(len(part) for part in series.split(".") if part.startswith("#"))


def prefix_of(series: str, name: str) -> str:
	return name[: -digits_of(series)]
