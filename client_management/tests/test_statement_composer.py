"""The desk's statement send page: Frappe's e-mail composer prefilled, the log written when it sends."""

import json

import frappe
from frappe.core.doctype.communication.email import make as composer_send
from frappe.tests.utils import change_settings
from frappe.utils import add_days, flt, fmt_money, now_datetime
from frappe.utils.file_manager import save_file

from client_management.api.statements import discard_prepared, prepare_send
from client_management.constants import SETTINGS
from client_management.statements import OPEN_ITEM
from client_management.statements.delivery import (
	PREPARED_FOLDER,
	delete_stale_prepared_statements,
	logged_statement,
	prepared_key,
)
from client_management.tests.factories import (
	TEST_COMPANY,
	ClientTestCase,
	create_client,
	create_sales_invoice,
	ensure_user,
	use_test_outgoing_email,
)

TEMPLATES = {
	"statement_email_subject": "{{ statement.title }} - {{ client.company_name }}",
	"statement_email_body": "<p>Dear {{ contact_name }},</p><p>Balance due: {{ statement.total_display }}</p>",
}
BILL, OLGA = "bill@composer-example.com", "olga@composer-example.com"


class TestStatementComposer(ClientTestCase):
	"""A client owing 120, its invoice recipient Bill and another contact Olga; an Accounts User sends."""

	def setUp(self):
		use_test_outgoing_email()
		self.company = TEST_COMPANY
		self.client = create_client(
			contacts=[
				{"first_name": "Bill", "last_name": "Payer", "email": BILL, "is_billing_contact": 1},
				{"first_name": "Olga", "last_name": "Other", "email": OLGA, "is_primary": 1},
			]
		)
		create_sales_invoice(self.client.customer, rate=120)
		self.accountant = ensure_user("cm-composer-accounts@example.com", ["Accounts User"])
		frappe.set_user(self.accountant)

	def prepare(self) -> dict:
		return prepare_send(self.client.name, self.company, OPEN_ITEM)

	def send(self, mail: dict, attachments: list[str], recipients: str | None = None, cc: str | None = None):
		"""What the composer's Send posts to Frappe (its ticked attachments as a JSON list)."""
		return composer_send(
			doctype="Client",
			name=self.client.name,
			recipients=recipients or ", ".join(mail["recipients"]),
			cc=", ".join(mail["cc"]) if cc is None else cc,
			subject=mail["subject"],
			content=mail["message"],
			send_email=1,
			attachments=json.dumps(attachments),
		)

	def logs(self) -> list:
		return frappe.get_all("Statement Log", filters={"client": self.client.name}, pluck="name")

	@change_settings(SETTINGS, TEMPLATES)
	def test_the_composer_opens_prefilled_with_a_private_pdf_and_nothing_is_logged(self):
		mail = self.prepare()

		self.assertEqual((mail["recipients"], mail["cc"]), ([BILL], [OLGA]))
		self.assertEqual(mail["subject"], f"Open Item Statement - {self.client.company_name}")
		self.assertIn("<p>Dear Bill Payer,</p>", mail["message"])
		currency = frappe.get_cached_value("Company", self.company, "default_currency")
		self.assertIn(fmt_money(120, currency=currency), mail["message"])
		pdf = frappe.get_doc("File", mail["attachment"]["name"])
		self.assertEqual((pdf.is_private, pdf.owner, pdf.folder), (1, self.accountant, PREPARED_FOLDER))
		self.assertRegex(pdf.file_url, r"^/private/files/statement-.+-[0-9a-f]{24,}\.pdf$")
		self.assertTrue(pdf.get_content().startswith(b"%PDF"))
		self.assertEqual(self.logs(), [])
		self.assertFalse(
			frappe.db.exists(
				"Communication", {"reference_doctype": "Client", "reference_name": self.client.name}
			)
		)

	def test_sending_it_logs_the_previewed_statement_once_with_the_recipients_as_sent(self):
		mail = self.prepare()
		frappe.set_user("Administrator")
		create_sales_invoice(self.client.customer, rate=80)  # billed after the preview: not in its figures
		frappe.set_user(self.accountant)

		sent = self.send(
			mail, [mail["attachment"]["name"]], recipients=f"{BILL}, boss@composer-example.com", cc=""
		)

		[log] = [frappe.get_doc("Statement Log", name) for name in self.logs()]
		self.assertEqual((flt(log.total_due), flt(logged_statement(log.name)["total"])), (120, 120))
		self.assertEqual((log.recipients(), log.recipients("CC")), ([BILL, "boss@composer-example.com"], []))
		self.assertEqual(
			(log.sent_by, log.statement_type, log.company), (self.accountant, OPEN_ITEM, self.company)
		)
		self.assertEqual(
			frappe.db.get_value(
				"File", mail["attachment"]["name"], ["attached_to_doctype", "attached_to_name", "folder"]
			),
			("Statement Log", log.name, "Home/Attachments"),
		)
		queued = frappe.get_last_doc("Email Queue", {"communication": sent["name"]})
		self.assertEqual(sorted(r.recipient for r in queued.recipients), [BILL, "boss@composer-example.com"])
		self.assertTrue(json.loads(queued.attachments))

		self.send(mail, [mail["attachment"]["name"]])  # the same PDF mailed again (a forward)
		self.assertEqual(self.logs(), [log.name])

	def test_a_mail_without_the_prepared_statement_writes_no_log_and_closing_deletes_the_pdf(self):
		mail = self.prepare()
		other = save_file("notes.pdf", b"%PDF-1.4 notes", "Client", self.client.name, is_private=1)

		self.send(mail, [])
		self.send(mail, [other.name])

		self.assertEqual(self.logs(), [])
		self.assertEqual(frappe.db.get_value("File", mail["attachment"]["name"], "folder"), PREPARED_FOLDER)
		discard_prepared(self.client.name, mail["attachment"]["name"])  # the composer closed unsent
		self.assertFalse(frappe.db.exists("File", mail["attachment"]["name"]))
		self.assertEqual(self.logs(), [])

	def test_a_statement_prepared_too_long_ago_is_not_sent_unlogged(self):
		mail = self.prepare()
		frappe.cache.delete_value(prepared_key(mail["attachment"]["name"]))
		with self.assertRaisesRegex(frappe.ValidationError, "prepared too long ago"):
			self.send(mail, [mail["attachment"]["name"]])
		self.assertEqual(self.logs(), [])

	def test_only_its_preparer_discards_a_prepared_statement(self):
		mail = self.prepare()
		frappe.set_user(ensure_user("cm-composer-accounts-2@example.com", ["Accounts User"]))
		discard_prepared(self.client.name, mail["attachment"]["name"])
		self.assertTrue(frappe.db.exists("File", mail["attachment"]["name"]))

	def test_users_without_accounts_access_and_portal_users_are_refused(self):
		mail = self.prepare()
		frappe.set_user("Administrator")
		invited = {
			"doctype": "Customer Portal User",
			"client": self.client.name,
			"email": "portal@composer-example.com",
		}
		portal_user = frappe.get_doc(invited).insert().user
		prepared = frappe.db.count("File", {"folder": PREPARED_FOLDER})
		for user in (ensure_user("cm-composer-sales@example.com", ["Sales User"]), portal_user):
			frappe.set_user(user)
			with self.subTest(user=user):
				with self.assertRaises(frappe.PermissionError):
					self.prepare()
				with self.assertRaises(frappe.PermissionError):
					discard_prepared(self.client.name, mail["attachment"]["name"])
		self.assertEqual(frappe.db.count("File", {"folder": PREPARED_FOLDER}), prepared)
		self.assertTrue(frappe.db.exists("File", mail["attachment"]["name"]))

	def test_prepared_statements_left_unsent_are_deleted_after_a_day(self):
		stale, fresh = self.prepare()["attachment"]["name"], self.prepare()["attachment"]["name"]
		frappe.db.set_value("File", stale, "creation", add_days(now_datetime(), -2), update_modified=False)
		frappe.set_user("Administrator")
		delete_stale_prepared_statements()
		self.assertFalse(frappe.db.exists("File", stale))
		self.assertTrue(frappe.db.exists("File", fresh))
		self.assertIsNone(frappe.cache.get_value(prepared_key(stale)))
