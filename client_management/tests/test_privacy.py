"""Personal data: Frappe's deletion and download requests reach every copy the app makes of a
person, Forget Contact erases a contact without a login, the subject-access export holds what we keep,
and unused portal logins expire."""

import io
import json
import zipfile

import frappe
from frappe.core.doctype.user.user import update_password
from frappe.tests.utils import change_settings
from frappe.utils import add_months, flt, now_datetime, random_string

from client_management.api.privacy import export_personal_data, forget_contact, preview_forget_contact
from client_management.constants import SETTINGS
from client_management.portal.expiry import turn_off_unused_logins
from client_management.privacy import REDACTED
from client_management.statements import OPEN_ITEM
from client_management.statements.delivery import send_statement, statement_recipients
from client_management.tests.factories import (
	ClientTestCase,
	bench,
	create_client,
	create_sales_invoice,
	ensure_user,
	use_test_outgoing_email,
)

# The app's own tables, each searched whole for a trace of the person
APP_TABLES = ("Client", "Client Contact", "Customer Portal User", "Statement Log", "Statement Log Recipient")


class PersonTestCase(ClientTestCase):
	"""A client with two contacts: Paula (the invoice recipient, the person to forget) and Oscar (the
	primary contact); an invoice, a statement mailed to both, a comment and a version quoting Paula."""

	def setUp(self):
		frappe.set_user("Administrator")
		use_test_outgoing_email()
		tag = random_string(6).lower()
		self.email = f"paula.{tag}@privacy-example.com"
		self.last_name = f"Privat{tag}"
		self.client = create_client(
			company_name=f"Privacy {tag} SARL",
			contacts=[
				{
					"first_name": "Oscar",
					"last_name": f"Other{tag}",
					"email": f"oscar.{tag}@privacy-example.com",
				},
				{
					"first_name": "Paula",
					"last_name": self.last_name,
					"email": self.email,
					"alternate_email": f"p.{tag}@home-example.com",
					"mobile_no": "+33 6 12 34 56 78",
					"designation": f"Treasurer {tag}",
					"is_billing_contact": 1,
				},
			],
		)
		self.client.contacts[0].is_primary = 1
		self.client.contacts[1].designation = f"Chief Treasurer {tag}"  # a version quoting her
		self.client.save()
		self.row = self.client.contacts[1]
		self.contact = self.row.contact
		self.phone = self.row.phone
		self.invoice = create_sales_invoice(self.client.customer, rate=120)
		self.log = send_statement(self.client.name, self.invoice.company, OPEN_ITEM)
		self.client.add_comment(
			"Comment", f"Call Paula {self.last_name} on {self.row.mobile_no} or {self.email}"
		)

	def traces(self) -> list[str]:
		"""Where the app's tables, the client's and Customer's history and mails, the Customer and the
		Contact still hold Paula's e-mails, name, phones or designation."""
		tokens = {
			self.email,
			self.row.alternate_email,
			self.last_name,
			self.row.mobile_no,
			self.phone,
			self.row.designation,
		}
		dumps = {doctype: frappe.get_all(doctype, fields=["*"]) for doctype in APP_TABLES}
		dumps["history"] = [
			*frappe.get_all(
				"Version", {"docname": ("in", [self.client.name, self.client.customer])}, ["data"]
			),
			*frappe.get_all("Comment", {"reference_name": self.client.name}, ["content"]),
			*frappe.get_all(
				"Communication",
				{"reference_name": self.client.name},
				["subject", "content", "recipients", "cc", "sender"],
			),
		]
		dumps["Customer"] = [frappe.get_doc("Customer", self.client.customer).as_dict()]
		dumps["Contact"] = [frappe.get_doc("Contact", name).as_dict() for name in self.contacts_of_customer()]
		found = []
		for where, rows in dumps.items():
			text = frappe.as_json(rows).lower()
			found += [f"{where}: {token}" for token in tokens if token and token.lower() in text]
		return found

	def contacts_of_customer(self) -> list[str]:
		return frappe.get_all(
			"Dynamic Link",
			{"parenttype": "Contact", "link_doctype": "Customer", "link_name": self.client.customer},
			pluck="parent",
		)

	def ledger(self) -> tuple:
		return frappe.db.sql(
			"select count(*), sum(debit), sum(credit) from `tabGL Entry` where voucher_no = %s and is_cancelled = 0",
			self.invoice.name,
		)[0]

	def assert_forgotten_with_the_client_kept(self, ledger_before):
		self.assertEqual(self.traces(), [])
		client = frappe.get_doc("Client", self.client.name)
		self.assertEqual([row.first_name for row in client.contacts], ["Oscar"])
		self.assertEqual((client.contacts[0].is_primary, client.contacts[0].is_billing_contact), (1, 1))
		self.assertEqual(frappe.db.get_value("Sales Invoice", self.invoice.name, "docstatus"), 1)
		self.assertEqual(self.ledger(), ledger_before)
		self.assertEqual(
			flt(frappe.db.get_value("Sales Invoice", self.invoice.name, "outstanding_amount")), 120
		)

		# no later save or sync brings her back
		client.notes = "<p>edited after the erasure</p>"
		client.save()
		contact = frappe.get_doc("Contact", client.contacts[0].contact)
		contact.save()
		self.assertEqual(self.traces(), [])


class TestFrappeRequests(PersonTestCase):
	def setUp(self):
		super().setUp()
		portal_user = frappe.get_doc(
			{
				"doctype": "Customer Portal User",
				"client": self.client.name,
				"email": self.email,
				"contact": self.contact,
			}
		).insert()
		self.user = portal_user.user
		self.portal_user = portal_user.name

	def test_a_deletion_request_leaves_no_trace_of_a_portal_contact_and_keeps_the_client(self):
		ledger = self.ledger()
		request = frappe.get_doc({"doctype": "Personal Data Deletion Request", "email": self.email}).insert(
			ignore_permissions=True
		)
		request.db_set("status", "Pending Approval")
		request.trigger_data_deletion()

		self.assertEqual(
			frappe.db.get_value("Personal Data Deletion Request", request.name, "status"), "Deleted"
		)
		self.assertFalse(frappe.db.exists("Customer Portal User", self.portal_user))
		self.assertFalse(frappe.db.exists("Portal User", {"parent": self.client.customer}))
		self.assert_forgotten_with_the_client_kept(ledger)
		recipients = frappe.get_all(
			"Statement Log Recipient", {"parent": self.log.name}, ["email", "recipient_type"]
		)
		self.assertIn(
			{"email": request.name, "recipient_type": "To"}, recipients
		)  # the record of a send stays

	def test_a_download_request_includes_the_client_contact_rows(self):
		request = frappe.get_doc({"doctype": "Personal Data Download Request", "user": self.user}).insert(
			ignore_permissions=True
		)
		file = frappe.get_last_doc(
			"File",
			{"attached_to_doctype": "Personal Data Download Request", "attached_to_name": request.name},
		)
		data = json.loads(file.get_content())
		self.assertEqual([row["last_name"] for row in data["Client Contact"]], [self.last_name])
		self.assertEqual(data["Client Contact"][0]["parent"], self.client.name)
		self.assertEqual([row["client"] for row in data["Customer Portal User"]], [self.client.name])
		self.assertEqual([row["parent"] for row in data["Statement Log Recipient"]], [self.log.name])


class TestForgetContact(PersonTestCase):
	def setUp(self):
		super().setUp()
		self.manager = ensure_user("privacy-manager@example.com", ["Client Manager"])

	def test_forget_contact_needs_the_name_typed_and_erases_everywhere(self):
		ledger = self.ledger()
		frappe.set_user(self.manager)
		preview = preview_forget_contact(self.client.name, self.row.name)
		self.assertEqual(preview["name"], f"Paula {self.last_name}")
		self.assertIn(f"client {self.client.name}", " ".join(preview["actions"]))
		self.assertRaises(
			frappe.ValidationError, forget_contact, self.client.name, self.row.name, "Oscar Other"
		)
		self.assertNotEqual(self.traces(), [])  # nothing erased by a refused confirmation

		forget_contact(self.client.name, self.row.name, f"  paula   {self.last_name.upper()} ")
		frappe.set_user("Administrator")
		self.assert_forgotten_with_the_client_kept(ledger)
		note = frappe.get_last_doc("Comment", {"reference_name": self.client.name, "comment_type": "Info"})
		self.assertEqual(note.owner, self.manager)
		self.assertIn("erased the personal data", note.content)
		self.assertEqual(
			statement_recipients(frappe.get_doc("Client", self.client.name))[0],
			[self.client.contacts[0].email],
		)

	def test_the_only_contact_stays_as_an_anonymous_one_and_the_client_is_incomplete(self):
		frappe.set_user(self.manager)
		forget_contact(
			self.client.name,
			self.client.contacts[0].name,
			self.client.contacts[0].first_name + " " + self.client.contacts[0].last_name,
		)
		forget_contact(self.client.name, self.row.name, f"Paula {self.last_name}")
		frappe.set_user("Administrator")
		client = frappe.get_doc("Client", self.client.name)
		[row] = client.contacts
		self.assertEqual(
			(row.first_name, row.last_name, row.phone, row.designation), (REDACTED, REDACTED, None, None)
		)
		self.assertRegex(row.email, r"^deleted-contact-\w+@example\.invalid$")
		self.assertEqual((row.is_primary, row.is_billing_contact), (1, 1))
		self.assertEqual(client.status, "Incomplete")
		self.assertIn("Designation", client.missing_fields)
		self.assertEqual(self.traces(), [])
		self.assertRaises(frappe.ValidationError, statement_recipients, client)  # nobody left to mail
		self.assertTrue(frappe.db.exists("Contact", row.contact))
		self.assertEqual(frappe.db.get_value("Sales Invoice", self.invoice.name, "docstatus"), 1)

	def test_who_may_forget_and_what_cannot_be_forgotten_here(self):
		sales_user = ensure_user("privacy-sales@example.com", ["Sales User"])
		frappe.set_user(sales_user)
		self.assertRaises(frappe.PermissionError, preview_forget_contact, self.client.name, self.row.name)
		self.assertRaises(
			frappe.PermissionError, forget_contact, self.client.name, self.row.name, f"Paula {self.last_name}"
		)
		frappe.set_user("Administrator")
		frappe.get_doc(
			{"doctype": "Customer Portal User", "client": self.client.name, "email": self.email}
		).insert()
		frappe.set_user(self.manager)
		with self.assertRaisesRegex(frappe.ValidationError, "Personal Data Deletion Request"):
			preview_forget_contact(self.client.name, self.row.name)
		self.assertRaises(frappe.ValidationError, preview_forget_contact, self.client.name, "no-such-row")


class TestSubjectAccess(PersonTestCase):
	def test_the_export_holds_every_row_on_the_person_and_the_statements_sent_to_them(self):
		frappe.set_user(ensure_user("privacy-manager@example.com", ["Client Manager"]))
		self.assertRaises(frappe.PermissionError, export_personal_data, self.email)
		frappe.set_user(ensure_user("privacy-admin@example.com", ["System Manager"]))
		export_personal_data(f" {self.email.upper()} ")
		self.assertEqual(frappe.response["type"], "download")
		with zipfile.ZipFile(io.BytesIO(frappe.response["filecontent"])) as archive:
			data = json.loads(archive.read("personal-data.json"))
			pdfs = [name for name in archive.namelist() if name.startswith("statements/")]
			self.assertTrue(archive.read(pdfs[0]).startswith(b"%PDF"))
		self.assertEqual(len(pdfs), 1)
		[row] = data["Client Contact"]
		self.assertEqual(
			(row["client"], row["mobile_no"], row["is_billing_contact"]),
			(self.client.name, self.row.mobile_no, 1),
		)
		self.assertEqual([log["name"] for log in data["Statement Log"]], [self.log.name])
		self.assertEqual(data["Statement Log"][0]["sent_as"], "To")
		self.assertIn(self.email, data["Contact"][0]["emails"])
		self.assertIn(self.invoice.customer, " ".join(data["Contact"][0]["links"]))
		self.assertTrue(any(self.email in (mail["recipients"] or "") for mail in data["Communication"]))
		self.assertNotIn("Lead", data)  # nothing held there: left out
		self.assertRaises(frappe.ValidationError, export_personal_data, "not an email")


class TestUnusedPortalLogins(ClientTestCase):
	def setUp(self):
		use_test_outgoing_email()
		self.client = create_client()
		self.stale, self.recent, self.never = (
			frappe.get_doc(
				{
					"doctype": "Customer Portal User",
					"client": self.client.name,
					"email": f"{who}-{random_string(5).lower()}@expiry-example.com",
				}
			).insert()
			for who in ("stale", "recent", "never")
		)
		frappe.db.set_value("User", self.stale.user, "last_login", add_months(now_datetime(), -4))
		frappe.db.set_value("User", self.recent.user, "last_login", add_months(now_datetime(), -1))
		frappe.db.set_value(
			"Customer Portal User", self.never.name, "invited_on", add_months(now_datetime(), -5)
		)

	@change_settings(SETTINGS, {"portal_login_expiry_months": 3})
	def test_logins_unused_for_the_set_months_are_turned_off_daily_with_a_note(self):
		key = frappe.get_doc("User", self.stale.user).reset_password(send_email=False).split("key=")[1]
		for method in frappe.get_hooks("scheduler_events")["daily"]:
			if method.endswith("turn_off_unused_logins"):
				frappe.get_attr(method)()
		enabled = {
			p.name: frappe.db.get_value("Customer Portal User", p.name, "enabled")
			for p in (self.stale, self.recent, self.never)
		}
		self.assertEqual(enabled, {self.stale.name: 0, self.recent.name: 1, self.never.name: 0})
		self.assertEqual(frappe.db.get_value("User", self.stale.user, "enabled"), 0)
		self.assertNotIn(
			self.stale.user,
			[row.user for row in frappe.get_doc("Customer", self.client.customer).portal_users],
		)
		self.assertIn(
			self.recent.user,
			[row.user for row in frappe.get_doc("Customer", self.client.customer).portal_users],
		)
		notes = frappe.get_all(
			"Comment",
			{"reference_name": self.client.name, "content": ("like", "%not used for 3 months%")},
			pluck="content",
		)
		self.assertEqual(len(notes), 2)
		# the invitation link of a login turned off is dead
		self.assertIn("invalid", update_password("New-Passw0rd-2026!", key=key))

	def test_off_by_default(self):
		turn_off_unused_logins()
		self.assertEqual(frappe.db.get_value("Customer Portal User", self.stale.name, "enabled"), 1)


class TestPrivacyCommands(ClientTestCase):
	"""`bench forget-contact` and `bench export-personal-data`, run as an admin runs them."""

	def setUp(self):
		use_test_outgoing_email()
		tag = random_string(6).lower()
		self.email = f"cli.{tag}@privacy-example.com"
		self.client = create_client(
			company_name=f"Privacy CLI {tag}",
			contacts=[
				{
					"first_name": "Kept",
					"last_name": f"Contact{tag}",
					"email": f"kept.{tag}@privacy-example.com",
				},
				{"first_name": "Clio", "last_name": f"Forgotten{tag}", "email": self.email},
			],
		)
		frappe.db.commit()

	def tearDown(self):
		frappe.db.rollback()
		frappe.delete_doc("Client", self.client.name, force=True)
		for name in frappe.get_all("Contact", {"email_id": ("like", "deleted-contact-%")}, pluck="name"):
			if not frappe.db.exists("Dynamic Link", {"parenttype": "Contact", "parent": name}):
				frappe.delete_doc("Contact", name, force=True)  # the forgotten one, linked to nothing
		frappe.db.commit()
		super().tearDown()

	def emails(self) -> list[str]:
		return frappe.get_all("Client Contact", {"parent": self.client.name}, pluck="email", order_by="idx")

	def test_forget_contact_is_a_dry_run_until_yes(self):
		dry = bench("forget-contact", "--email", self.email.upper())
		self.assertEqual(dry.returncode, 0, dry.stderr)
		self.assertIn(f"client {self.client.name} (Privacy CLI", dry.stdout)
		self.assertIn("dry run: nothing written", dry.stdout)
		self.assertEqual(len(self.emails()), 2)
		self.assertIn(self.email, self.emails())

		done = bench("forget-contact", "--email", self.email, "--yes")
		self.assertEqual(done.returncode, 0, done.stderr)
		self.assertIn("forgotten: 1 client(s) changed", done.stdout)
		self.assertEqual(self.emails(), [self.client.contacts[0].email])
		self.assertFalse(frappe.db.exists("Contact", {"email_id": self.email}))

		again = bench("forget-contact", "--email", self.email, "--yes")
		self.assertEqual(again.returncode, 1)
		self.assertIn("No client contact, portal user or statement recipient has the email", again.stderr)
		invalid = bench("forget-contact", "--email", "not-an-email")
		self.assertEqual(invalid.returncode, 1)
		self.assertIn("is not a valid email address", invalid.stderr)

	def test_export_personal_data_writes_the_zip(self):
		path = f"/tmp/personal-data-{random_string(6)}.zip"  # nosec B108 - a test's own file
		result = bench("export-personal-data", "--email", self.email, "--output", path)
		self.assertEqual(result.returncode, 0, result.stderr)
		self.assertIn("1 Client Contact", result.stdout)
		with zipfile.ZipFile(path) as archive:
			data = json.loads(archive.read("personal-data.json"))
		self.assertEqual([row["client"] for row in data["Client Contact"]], [self.client.name])
		refused = bench("export-personal-data", "--email", "nobody at all")
		self.assertEqual(refused.returncode, 1)
		self.assertIn("is not a valid email address", refused.stderr)
