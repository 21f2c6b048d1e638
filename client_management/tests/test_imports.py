"""Import and export of clients on the site, with the form's own validation."""

import json
import os

import frappe
from frappe.utils import add_to_date, now_datetime, random_string
from frappe.utils.file_manager import save_file

from client_management.imports.exporter import export_rows
from client_management.imports.importer import import_rows
from client_management.imports.job import (
	JOB_PREFIXES,
	STALLED_AFTER_MINUTES,
	plan_chunks,
	result_workbook,
	run_chunk,
)
from client_management.imports.reader import read_sheet, xlsx_table
from client_management.imports.sheets import header, to_csv, to_xlsx
from client_management.tests.factories import (
	ClientTestCase,
	create_client,
	discard_queued_jobs,
	ensure_lead_source,
)
from client_management.tests.sample_data import unique_french_vat

VAT = unique_french_vat()


def sheet_row(**values) -> dict:
	row = {
		"company_name": "Import Test SARL",
		"lead_source": ensure_lead_source(),
		"inquiry_date": "2026-01-15",
		"finalized_date": "31/01/2026",
		"address_line1": "1 rue du Port",
		"city": "Nantes",
		"country": "France",
		"contact_first_name": "Jean",
		"contact_last_name": "Import",
		"contact_email": "jean@import-test.fr",
		"contact_phone": "01 42 68 53 00",
		"contact_designation": "Gérant",
		"state": "Pays de la Loire",
		"pincode": "44000",
	}
	row.update(values)
	if "tax_id" not in values and "vat_number" not in values:  # one per company, as in real files
		row["tax_id"] = "TX" + "".join(c for c in row["company_name"].upper() if c.isalnum())[:18]
	return {key: value for key, value in row.items() if value is not None}


def as_file(rows: list[dict], kind: str = "csv") -> bytes:
	table = [header()] + [[row.get(key, "") for key in header()] for row in rows]
	return to_csv(table) if kind == "csv" else to_xlsx(table)


def run_rows(rows: list[dict], kind: str = "csv") -> list[tuple[int, dict]]:
	"""The rows as the importer reads them from a file: (row number, values)."""
	return read_sheet(f"clients.{kind}", as_file(rows, kind))[0]


def run(rows: list[dict], kind: str = "csv", **kwargs):
	return import_rows(run_rows(rows, kind), **kwargs)


class TestImport(ClientTestCase):
	def committed_import(self, rows: list[dict], update_by: str = "Client Number"):
		"""A Client Import of these rows, as the jobs see it (they commit): deleted after the test, with
		its files and the error logs of its chunks."""
		file = save_file("clients.csv", as_file(rows), None, None, is_private=1)
		doc = frappe.get_doc(
			{"doctype": "Client Import", "update_by": update_by, "import_file": file.file_url}
		).insert()
		frappe.db.commit()
		self.addCleanup(delete_import, doc.name)
		return doc

	def test_errors_name_their_column_on_a_french_site_too(self):
		rows = [
			sheet_row(company_name="Mauvaise TVA", contact_email="b@bad.fr", vat_number="FR123"),
			sheet_row(company_name="Mauvais Tel", contact_email="p@bad.fr", contact_phone="12"),
			sheet_row(company_name="Sans Ville", contact_email="c@bad.fr", city=""),
			sheet_row(company_name="Source Inconnue", contact_email="s@bad.fr", lead_source="No Such Source"),
		]
		previous = frappe.local.lang
		frappe.local.lang = "fr"
		try:
			outcomes = run(rows)
		finally:
			frappe.local.lang = previous
		self.assertEqual(
			[o.errors[0][0] for o in outcomes], ["vat_number", "contact_phone", "city", "lead_source"]
		)
		self.assertEqual(outcomes[2].errors[0][1], "obligatoire")

	def test_a_refused_contact_row_is_reported_on_its_own_columns_in_french_too(self):
		second = {
			"contact2_first_name": "Marc",
			"contact2_last_name": "Second",
			"contact2_phone": "01 42 68 53 01",
			"contact2_designation": "Comptable",
		}
		rows = [
			sheet_row(
				company_name="Contact Deux", contact_email="un@deux.fr", **second, contact2_email="nope"
			),
			sheet_row(  # the second contact repeats the first one's email
				company_name="Contact Doublon",
				contact_email="un@doublon.fr",
				**second,
				contact2_email="un@doublon.fr",
			),
			sheet_row(company_name="Type Inconnu", contact_email="un@type.fr", client_type="Corp"),
		]
		for lang, bad_email in (("en", "is not valid"), ("fr", "n'est pas valide")):
			with self.subTest(lang):
				previous = frappe.local.lang
				frappe.local.lang = lang
				try:
					outcomes = run(rows)
					result = xlsx_table(result_workbook(run_rows(rows), outcomes))
				finally:
					frappe.local.lang = previous
				self.assertEqual(
					[(o.row, o.action, [column for column, _message in o.errors]) for o in outcomes],
					[
						(2, "rejected", ["contact2_email"]),
						(3, "rejected", ["contact2_email"]),
						(4, "rejected", ["client_type"]),
					],
				)
				self.assertIn(bad_email, outcomes[0].errors[0][1])
				self.assertEqual(
					[
						(number, errors.partition(":")[0])
						for number, _outcome, _client, errors, *_ in result[1:]
					],
					[("2", "contact2_email"), ("3", "contact2_email"), ("4", "client_type")],
				)

	def test_a_row_after_an_update_in_the_same_file_is_that_client_when_it_has_its_new_name(self):
		client = create_client()
		email = client.contacts[0].email
		outcomes = run(
			[
				{"client_number": client.name, "company_name": "Renamed In This File"},
				sheet_row(company_name="Renamed In This File", contact_email=email),
			]
		)
		self.assertEqual(
			[(o.action, o.client) for o in outcomes], [("updated", client.name), ("skipped", client.name)]
		)

	def test_a_mixed_file_creates_skips_and_rejects_with_row_column_and_message(self):
		existing = create_client(vat_number=VAT)
		outcomes = run(
			[
				sheet_row(
					company_name="Good One", contact_email="one@good.fr", inquiry_date="46037"
				),  # Excel serial date
				sheet_row(
					company_name="Good Two", contact_email="two@good.fr", contact_phone="01 42 68 53 00"
				),
				sheet_row(company_name="Good Two", contact_email="two@good.fr"),  # the same client again
				sheet_row(company_name="Same VAT", contact_email="v@vat.fr", vat_number=VAT),
				sheet_row(company_name="Bad VAT", contact_email="b@bad.fr", vat_number="FR123"),
				sheet_row(company_name="Bad Phone", contact_email="p@bad.fr", contact_phone="12"),
				sheet_row(company_name="Bad Email", contact_email="nope"),
				sheet_row(company_name="Bad Date", contact_email="d@bad.fr", inquiry_date="someday"),
				sheet_row(company_name="No City", contact_email="c@bad.fr", city=""),
				sheet_row(
					company_name="Unknown Source", contact_email="s@bad.fr", lead_source="No Such Source"
				),
				sheet_row(company_name='=HYPERLINK("http://evil")', contact_email="f@formula.fr"),
			]
		)
		actions = [(o.row, o.action) for o in outcomes]
		self.assertEqual(
			actions,
			[
				(2, "created"),
				(3, "created"),
				(4, "skipped"),
				(5, "skipped"),
				(6, "rejected"),
				(7, "rejected"),
				(8, "rejected"),
				(9, "rejected"),
				(10, "rejected"),
				(11, "rejected"),
				(12, "created"),
			],
		)
		errors = {o.row: o.errors for o in outcomes}
		self.assertEqual(errors[6][0][0], "vat_number")
		self.assertEqual(errors[7][0][0], "contact_phone")
		self.assertEqual(errors[8][0][0], "contact_email")
		self.assertEqual(errors[9][0], ("inquiry_date", "expected a date such as 2026-01-31 or 31/01/2026"))
		self.assertEqual(errors[10][0], ("city", "required"))
		self.assertEqual(errors[11][0][0], "lead_source")
		self.assertIn("No Such Source", errors[11][0][1])
		self.assertIn(existing.name, outcomes[3].note)

		first = frappe.get_doc("Client", outcomes[0].client)
		self.assertEqual((str(first.inquiry_date), str(first.finalized_date)), ("2026-01-15", "2026-01-31"))
		self.assertTrue(first.customer)
		self.assertEqual(frappe.get_doc("Client", outcomes[1].client).contacts[0].phone, "+33142685300")
		self.assertEqual(
			frappe.db.get_value("Client", outcomes[-1].client, "company_name"), '=HYPERLINK("http://evil")'
		)

	def test_contacts_are_saved_as_data_import_saves_them(self):
		"""Like Frappe's Data Import: no per-contact side effects (gravatar lookup, webhooks)."""
		frappe.get_doc(
			{
				"doctype": "Webhook",
				"__newname": "Client Import Test",
				"webhook_doctype": "Contact",
				"webhook_docevent": "after_insert",
				"request_url": "http://127.0.0.1:9/client-import-test",
				"request_structure": "JSON",
				"webhook_json": '{"name": "{{ doc.name }}"}',
			}
		).insert()
		frappe.local._webhook_queue = []
		by_hand = create_client()
		imported = run([sheet_row(company_name="Quiet Import", contact_email="quiet@import.fr")])[0]
		queued = [entry.doc.name for entry in frappe.local._webhook_queue if entry.doc.doctype == "Contact"]
		self.assertEqual(queued, [by_hand.contacts[0].contact])
		self.assertTrue(frappe.get_doc("Client", imported.client).contacts[0].contact)
		self.assertFalse(frappe.flags.in_import)
		frappe.local._webhook_queue = []

	def test_a_dry_run_writes_nothing(self):
		before = frappe.db.count("Client")
		outcomes = run([sheet_row()], dry_run=True)
		self.assertEqual(outcomes[0].action, "created")
		self.assertEqual(frappe.db.count("Client"), before)

	def test_rerunning_the_same_file_creates_nothing_new(self):
		rows = [
			sheet_row(company_name="Rerun One", contact_email="a@rerun.fr"),
			sheet_row(company_name="Rerun Two", contact_email="b@rerun.fr", vat_number=VAT),
		]
		self.assertEqual([o.action for o in run(rows, "xlsx")], ["created", "created"])
		count = frappe.db.count("Client")
		self.assertEqual([o.action for o in run(rows, "xlsx")], ["skipped", "skipped"])
		self.assertEqual(
			[o.action for o in run(rows, "xlsx", update_by="tax-id")], ["unchanged", "unchanged"]
		)
		self.assertEqual(frappe.db.count("Client"), count)

	def test_an_import_leaves_no_document_in_frappes_list_of_documents_being_saved(self):
		# Frappe searches that list on every save; left to grow, a 10k-row import slowed down row by row
		before = len(frappe.flags.currently_saving)
		rows = [sheet_row(company_name=f"Saving List {i}", contact_email=f"s{i}@saving.fr") for i in range(3)]
		self.assertEqual([o.action for o in run(rows)], ["created"] * 3)
		self.assertEqual(len(frappe.flags.currently_saving), before)

	def test_the_lookups_of_each_row_are_indexed(self):
		# without these indexes every imported row scans a whole table and a 10k-row import turns
		# quadratic: the rerun check (Client.normalized_name), the pull of a saved Contact into its
		# client (Client Contact.contact), ERPNext's Address.on_update (Customer.customer_primary_address).
		# Install and migrate name indexes differently: ask by leading column.
		for table, column in (
			("tabClient", "normalized_name"),
			("tabClient Contact", "contact"),
			("tabCustomer", "customer_primary_address"),
		):
			with self.subTest(table):
				self.assertTrue(frappe.db.get_column_index(table, column))

	def test_upsert_by_number_and_by_tax_id(self):
		client = create_client(vat_number=VAT)
		by_number = run(
			[
				sheet_row(
					client_number=client.name,
					company_name=client.company_name,
					city="Lille",
					contact_email=client.contacts[0].email,
				)
			]
		)
		self.assertEqual((by_number[0].action, by_number[0].client), ("updated", client.name))
		self.assertEqual(frappe.db.get_value("Client", client.name, "city"), "Lille")

		by_vat = run(
			[
				sheet_row(
					vat_number=f"{VAT[:2].lower()} {VAT[2:4]} {VAT[4:7]} {VAT[7:10]} {VAT[10:]}",  # as typed
					company_name=client.company_name,
					city="Lyon",
					contact_email="new@contact.fr",
				)
			],
			update_by="tax-id",
		)
		self.assertEqual((by_vat[0].action, by_vat[0].client), ("updated", client.name))
		self.assertEqual(len(frappe.get_doc("Client", client.name).contacts), 2)

		missing = run([sheet_row(client_number="CL-NOPE")])
		self.assertEqual((missing[0].action, missing[0].errors[0][0]), ("rejected", "client_number"))

	def test_export_then_import_round_trips(self):
		client = create_client(
			vat_number=VAT,
			website="example.com",
			contacts=[
				{
					"first_name": "A",
					"last_name": "One",
					"email": "a.one@example.com",
					"phone": "+33142685300",
				},
				{"first_name": "B", "last_name": "Two", "email": "b.two@example.com"},
			],
		)
		rows = export_rows({"name": client.name})
		for kind, content in (("csv", to_csv(rows)), ("xlsx", to_xlsx(rows))):
			parsed, unknown = read_sheet(f"export.{kind}", content)
			self.assertEqual(unknown, [])
			self.assertEqual(parsed[0][1]["contact2_email"], "b.two@example.com")
			self.assertEqual([o.action for o in import_rows(parsed)], ["unchanged"], kind)

	def test_contact_extras_and_a_shipping_address_of_its_own_are_imported_and_exported(self):
		suffix = random_string(5).lower()
		row = sheet_row(
			company_name=f"Shipping {suffix} SARL",
			contact_email=f"jean.{suffix}@import-test.fr",
			contact_designation="Buyer",
			contact_alternate_email=f"jean.perso.{suffix}@import-test.fr",
			contact_im_id=f"jean.{suffix}",
			shipping_address_line1="4 quai des Docks",
			shipping_city="Le Havre",
			shipping_country="France",
		)
		outcome = run([row])[0]
		self.assertEqual(outcome.action, "created", outcome.errors)
		client = frappe.get_doc("Client", outcome.client)
		contact = client.contacts[0]
		self.assertEqual(
			(contact.designation, contact.alternate_email, contact.im_id),
			("Buyer", f"jean.perso.{suffix}@import-test.fr", f"jean.{suffix}"),
		)
		self.assertEqual(client.shipping_same_as_billing, 0)  # given shipping columns: an address of its own
		self.assertEqual(frappe.db.get_value("Address", client.shipping_address, "city"), "Le Havre")

		exported = dict(zip(header(), export_rows({"name": client.name})[1], strict=True))
		self.assertEqual(
			(exported["shipping_same_as_billing"], exported["shipping_city"], exported["contact_im_id"]),
			("0", "Le Havre", f"jean.{suffix}"),
		)
		rejected = run([sheet_row(company_name=f"Check {suffix}", shipping_same_as_billing="maybe")])[0]
		self.assertEqual(rejected.action, "rejected")
		self.assertIn("shipping_same_as_billing", [column for column, _message in rejected.errors])

	def test_the_result_file_lists_every_row_with_its_outcome(self):
		rows, _ = read_sheet(
			"x.csv",
			as_file(
				[
					sheet_row(company_name="Result OK", contact_email="ok@result.fr"),
					sheet_row(contact_email="bad"),
				]
			),
		)
		outcomes = import_rows(rows)
		parsed, _ = read_sheet("result.xlsx", result_workbook(rows, outcomes))
		self.assertEqual(len(parsed), 2)

	def test_client_import_document_checks_the_file_in_a_job(self):
		rows = [sheet_row(company_name=f"Import Job {random_string(6)}"), sheet_row(contact_email="bad")]
		doc = self.committed_import(rows)
		self.assertEqual(
			frappe.db.get_value("File", {"file_url": doc.import_file}, "attached_to_name"), doc.name
		)
		doc.check()
		self.assertEqual(frappe.db.get_value("Client Import", doc.name, "status"), "Checking")
		with self.assertRaisesRegex(frappe.ValidationError, "cannot be checked while"):
			doc.check()
		with self.assertRaisesRegex(frappe.ValidationError, "Check the file first"):
			doc.start()
		chunks = plan_chunks(doc.name, dry_run=True, chunk_rows=1)  # the first job, as a worker runs it
		self.assertEqual([len(chunk["rows"]) for chunk in chunks], [1, 1])
		for chunk in reversed(chunks):  # the workers may finish them in any order
			self.assertEqual(frappe.db.get_value("Client Import", doc.name, "status"), "Checking")
			run_chunk(**chunk)
		doc.reload()
		self.assertEqual((doc.status, doc.total_rows), ("Checked", 2))
		self.assertEqual((doc.created_count, doc.rejected_count), (1, 1))
		self.assertEqual([o["action"] for o in json.loads(doc.outcomes)], ["created", "rejected"])
		self.assertEqual(frappe.db.count("Client", {"company_name": rows[0]["company_name"]}), 0)

	def test_a_row_repeated_in_a_later_chunk_is_skipped_as_in_one_run(self):
		name = f"Import Chunks {random_string(6)}"
		rows = [
			sheet_row(company_name=name, contact_email="a@chunks.fr"),
			sheet_row(company_name=f"Autre {random_string(8)}", contact_email="b@chunks.fr"),
			sheet_row(company_name=name, contact_email="a@chunks.fr"),
		]
		doc = self.committed_import(rows, "Tax ID")
		chunks = plan_chunks(doc.name, dry_run=True, chunk_rows=2)
		self.assertEqual(chunks[1]["seen"], {rows[0]["tax_id"]: 2})
		for chunk in chunks:
			run_chunk(**chunk)
		outcomes = json.loads(frappe.db.get_value("Client Import", doc.name, "outcomes"))
		self.assertEqual([o["action"] for o in outcomes], ["created", "created", "skipped"])
		self.assertIn("duplicate of row 2", outcomes[2]["note"])

	def test_a_chunk_that_stops_reports_its_rows_and_the_import_completes(self):
		rows = [
			sheet_row(company_name=f"Import Stop {random_string(6)}", contact_email=f"{i}@stop.fr")
			for i in range(2)
		]
		doc = self.committed_import(rows)
		first, second = plan_chunks(doc.name, dry_run=True, chunk_rows=1)
		run_chunk(**{**first, "rows": [(first["rows"][0][0], None)]})  # a row the importer cannot read
		run_chunk(**second)
		doc.reload()
		outcomes = json.loads(doc.outcomes)
		self.assertEqual((doc.status, doc.rejected_count, doc.created_count), ("Checked", 1, 1))
		self.assertIn("not checked", outcomes[0]["errors"][0][1])

	def test_a_check_whose_jobs_stopped_unreported_ends_with_every_row_accounted_for(self):
		rows = [
			sheet_row(company_name=f"Import Lost {random_string(6)}", contact_email=f"{i}@lost.fr")
			for i in range(3)
		]
		doc = self.committed_import(rows)
		first, *lost = plan_chunks(doc.name, dry_run=True, chunk_rows=1)
		run_chunk(**first)  # the other two chunks died with their worker: no job, no outcome
		recover_stalled_imports()
		self.assertEqual(frappe.db.get_value("Client Import", doc.name, "status"), "Checking")  # too recent

		make_old(doc.name)
		recover_stalled_imports()
		doc.reload()
		outcomes = json.loads(doc.outcomes)
		self.assertEqual((doc.status, doc.created_count, doc.rejected_count), ("Checked", 1, 2))
		self.assertEqual(
			[o["row"] for o in outcomes], [row for chunk in [first, *lost] for row, _v in chunk["rows"]]
		)
		self.assertIn("its worker was ended", outcomes[2]["errors"][0][1])
		self.assertTrue(
			frappe.db.exists("Error Log", {"method": f"Client Import {doc.name}: its jobs stopped"})
		)

		run_chunk(**lost[0])  # a job only late, not lost: its row's outcome is put right
		doc.reload()
		self.assertEqual((doc.status, doc.created_count, doc.rejected_count), ("Checked", 2, 1))

	def test_an_import_whose_first_job_was_lost_fails_its_rows_but_a_queued_one_is_left_alone(self):
		doc = self.committed_import([sheet_row(company_name=f"Import Never {random_string(6)}")])
		doc.db_set("status", "Checked")
		doc.start()  # the check's outcomes go: they are not this import's
		frappe.db.commit()  # the job is queued now
		make_old(doc.name)
		recover_stalled_imports()
		self.assertEqual(frappe.db.get_value("Client Import", doc.name, "status"), "Queued")

		discard_queued_jobs(f"{JOB_PREFIXES['import']}::{doc.name}")  # lost before it ran
		recover_stalled_imports()
		doc.reload()
		self.assertEqual(
			(doc.status, doc.total_rows, doc.created_count, doc.rejected_count), ("Partly Completed", 1, 0, 1)
		)
		self.assertIn("import the file again", json.loads(doc.outcomes)[0]["errors"][0][1])
		self.assertTrue(doc.result_file)

	def test_a_lost_import_whose_file_is_gone_fails_and_says_why(self):
		doc = self.committed_import([sheet_row(company_name=f"Import Gone {random_string(6)}")])
		plan_chunks(doc.name, dry_run=False)  # Running; its job is lost
		os.remove(frappe.get_doc("File", {"file_url": doc.import_file}).get_full_path())
		make_old(doc.name)
		recover_stalled_imports()
		self.assertEqual(frappe.db.get_value("Client Import", doc.name, "status"), "Failed")
		self.assertTrue(
			frappe.db.exists("Error Log", {"method": ("like", f"Client Import {doc.name}: %cannot be read")})
		)

	def test_client_import_refuses_a_file_of_another_document(self):
		other = create_client()
		file = save_file(
			"clients.csv",
			as_file([sheet_row(company_name=random_string(8))]),
			"Client",
			other.name,
			is_private=1,
		)
		with self.assertRaisesRegex(frappe.PermissionError, "another document"):
			frappe.get_doc(
				{"doctype": "Client Import", "update_by": "Client Number", "import_file": file.file_url}
			).insert()

	def test_job_fields_keep_their_stored_values(self):
		file = save_file(
			"clients.csv", as_file([sheet_row(company_name=random_string(8))]), None, None, is_private=1
		)
		doc = frappe.get_doc(
			{
				"doctype": "Client Import",
				"update_by": "Client Number",
				"import_file": file.file_url,
				"status": "Checked",
				"created_count": 5,
			}
		).insert()
		self.assertEqual((doc.status, doc.created_count), ("Draft", 0))
		doc.status = "Completed"
		doc.save()
		self.assertEqual(frappe.db.get_value("Client Import", doc.name, "status"), "Draft")


def recover_stalled_imports():
	"""As the scheduler runs it, from the hooks."""
	(method,) = frappe.get_hooks("scheduler_events")["cron"]["*/10 * * * *"]
	frappe.get_attr(method)()


def make_old(client_import: str):
	"""Busy for longer than a lost job may take to show up in the queue."""
	frappe.db.set_value(
		"Client Import",
		client_import,
		"modified",
		add_to_date(now_datetime(), minutes=-STALLED_AFTER_MINUTES - 1),
		update_modified=False,
	)
	frappe.db.commit()


def delete_import(name: str):
	frappe.db.rollback()
	frappe.db.delete("Error Log", {"method": ("like", f"Client Import {name}:%")})
	frappe.delete_doc("Client Import", name, force=True)  # and its files
	frappe.db.commit()
	discard_queued_jobs(f"{JOB_PREFIXES['check']}::{name}", f"{JOB_PREFIXES['import']}::{name}")
