"""Account statements against ERPNext's own figures, delivery, log and reprint."""

import datetime
import os

import frappe
from frappe.utils import add_days, flt, today

from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as make_credit_note
from erpnext.accounts.utils import get_balance_on

from client_management.api.client import make_payment, make_refund
from client_management.constants import SETTINGS
from client_management.finance import receivable_rows
from client_management.statements import (
	BALANCE_FORWARD,
	OPEN_ITEM,
	TRANSACTION,
	build_statement,
	render_statement,
	statement_pdf,
)
from client_management.statements.delivery import logged_statement, send_statement
from client_management.statements.scheduled import LAST_DAY, is_statement_day, send_to_clients
from client_management.tests.factories import (
	TEST_COMPANY,
	ClientTestCase,
	create_client,
	create_sales_invoice,
	use_test_outgoing_email,
)
from client_management.tests.factories import (
	submit_document as submit,
)


def days_ago(n: int) -> str:
	return add_days(today(), -n)


class TestStatements(ClientTestCase):
	"""Two periods: invoices, a payment, a credit note and a refund in each."""

	def setUp(self):
		self.company = TEST_COMPANY
		self.client = create_client(
			contacts=[
				{
					"first_name": "Bill",
					"last_name": "Payer",
					"email": "bill@payer-example.com",
					"is_billing_contact": 1,
				},
				{
					"first_name": "Olga",
					"last_name": "Other",
					"email": "olga@payer-example.com",
					"is_primary": 1,
				},
			]
		)
		customer = self.client.customer
		self.period1 = (days_ago(60), days_ago(31))
		self.period2 = (days_ago(30), today())

		first = create_sales_invoice(
			customer, rate=100, posting_date=days_ago(50), due_date=days_ago(45), set_posting_time=1
		)
		make_payment(self.client.name, {first.name: 60}, "Cash", days_ago(40))
		paid = create_sales_invoice(
			customer, rate=80, posting_date=days_ago(38), due_date=days_ago(38), set_posting_time=1
		)
		make_payment(self.client.name, {paid.name: 80}, "Cash", days_ago(37))
		credit = submit(make_credit_note(paid.name), days_ago(35))
		make_refund(self.client.name, self.company, {credit.name: 80}, "submit", "Cash", days_ago(33))

		second = create_sales_invoice(
			customer, rate=200, posting_date=days_ago(20), due_date=days_ago(5), set_posting_time=1
		)
		credit_note = make_credit_note(second.name)
		credit_note.items[0].rate = 50  # a partial credit of 50
		submit(credit_note, days_ago(10))
		make_payment(self.client.name, {second.name: 30}, "Cash", days_ago(3))

	def balance(self, date: str) -> float:
		return flt(
			get_balance_on(party_type="Customer", party=self.client.customer, company=self.company, date=date)
		)

	def test_balance_forward_opening_and_closing_are_erpnext_balances(self):
		for start, end in (self.period1, self.period2):
			statement = build_statement(self.client.name, self.company, BALANCE_FORWARD, start, end)
			self.assertEqual(flt(statement["opening"]), self.balance(add_days(start, -1)))
			self.assertEqual(flt(statement["closing"]), self.balance(end))
			self.assertEqual(flt(statement["rows"][-1]["balance"]), flt(statement["closing"]))
		self.assertEqual(flt(statement["closing"]), 100 - 60 + 200 - 50 - 30)

	def test_open_item_total_is_the_accounts_receivable_outstanding(self):
		statement = build_statement(self.client.name, self.company, OPEN_ITEM, statement_date=today())
		receivable = sum(flt(row.outstanding) for row in receivable_rows(self.client.customer, self.company))
		self.assertEqual(flt(statement["total"]), flt(receivable))
		self.assertEqual(flt(statement["total"]), 40 + 120)
		self.assertEqual(flt(statement["ageing"]["31-60"]), 40)

	def test_transaction_rows_are_the_gl_rows_of_the_period(self):
		start, end = self.period2
		statement = build_statement(self.client.name, self.company, TRANSACTION, start, end)
		gl_vouchers = frappe.get_all(
			"GL Entry",
			filters={
				"party": self.client.customer,
				"is_cancelled": 0,
				"posting_date": ("between", [start, end]),
			},
			pluck="voucher_no",
			distinct=True,
		)
		self.assertEqual(sorted(row["voucher_no"] for row in statement["rows"]), sorted(gl_vouchers))
		self.assertNotIn("opening", statement)

	def test_sending_queues_the_pdf_to_the_invoice_recipient_and_logs_it(self):
		use_test_outgoing_email()
		start, end = self.period2
		log = send_statement(self.client.name, self.company, BALANCE_FORWARD, start, end)

		self.assertEqual(
			(log.recipients(), log.recipients("CC")), (["bill@payer-example.com"], ["olga@payer-example.com"])
		)
		self.assertEqual(flt(log.closing_balance), self.balance(end))
		self.assertTrue(
			frappe.db.exists(
				"File",
				{"attached_to_doctype": "Statement Log", "attached_to_name": log.name, "is_private": 1},
			)
		)
		communication = frappe.get_last_doc(
			"Communication", {"reference_doctype": "Client", "reference_name": self.client.name}
		)
		self.assertIn("bill@payer-example.com", communication.recipients)
		self.assertTrue(communication.has_attachment)
		queued = frappe.get_last_doc("Email Queue", {"communication": communication.name})
		self.assertEqual(
			sorted(r.recipient for r in queued.recipients),
			["bill@payer-example.com", "olga@payer-example.com"],
		)

		create_sales_invoice(self.client.customer, rate=999)
		self.assertEqual(flt(logged_statement(log.name)["closing"]), flt(log.closing_balance))

	def test_a_dry_run_builds_every_statement_and_writes_nothing(self):
		use_test_outgoing_email()
		no_email = create_client()
		frappe.db.set_value("Client Contact", {"parent": no_email.name}, "is_billing_contact", 0)
		private_files = frappe.get_site_path("private", "files")
		files_before = set(os.listdir(private_files))
		lines = []
		start, end = self.period2

		counts = send_to_clients(
			[self.client.name, no_email.name],
			self.company,
			BALANCE_FORWARD,
			start,
			end,
			dry_run=True,
			report=lines.append,
		)

		self.assertEqual(counts, {"sent": 1, "failed": 1})
		self.assertIn(f"{self.client.name}: would send (bill@payer-example.com, total", lines[0])
		self.assertIn(f"{no_email.name}: not sent: ", lines[1])
		self.assertIn("no invoice recipient with an email", lines[1])
		for doctype, filters in (
			("Statement Log", {"client": ("in", [self.client.name, no_email.name])}),
			("Communication", {"reference_doctype": "Client", "reference_name": self.client.name}),
			("File", {"file_name": ("like", f"statement-{self.client.name}-%")}),
		):
			self.assertFalse(frappe.db.exists(doctype, filters), doctype)
		self.assertEqual(set(os.listdir(private_files)), files_before)

	def test_clear_errors(self):
		with self.assertRaisesRegex(frappe.ValidationError, "before the start date"):
			build_statement(self.client.name, self.company, TRANSACTION, today(), days_ago(1))
		with self.assertRaisesRegex(frappe.ValidationError, "start and end date"):
			build_statement(self.client.name, self.company, BALANCE_FORWARD)
		frappe.db.set_value("Client Contact", {"parent": self.client.name}, "is_billing_contact", 0)
		with self.assertRaisesRegex(frappe.ValidationError, "no invoice recipient"):
			send_statement(self.client.name, self.company, OPEN_ITEM)

	def test_an_empty_period_says_so_and_still_prints(self):
		statement = build_statement(self.client.name, self.company, TRANSACTION, days_ago(400), days_ago(300))
		self.assertTrue(statement["empty"])
		self.assertIn("No transactions in this period", render_statement(statement))
		self.assertTrue(statement_pdf(statement).startswith(b"%PDF"))

	def test_names_are_escaped_in_the_statement(self):
		frappe.db.set_value("Client", self.client.name, "company_name", "<script>alert(1)</script> {{ 7*7 }}")
		html = render_statement(build_statement(self.client.name, self.company, OPEN_ITEM))
		self.assertNotIn("<script>", html)
		self.assertIn("&lt;script&gt;", html)
		self.assertNotIn("49", html.split("{{")[0][-5:])


class TestStatementSchedule(ClientTestCase):
	def test_the_day_of_the_month_and_the_last_day(self):
		self.assertTrue(is_statement_day(datetime.date(2026, 3, 15), 15))
		self.assertFalse(is_statement_day(datetime.date(2026, 3, 16), 15))
		self.assertTrue(is_statement_day(datetime.date(2026, 2, 28), LAST_DAY))
		self.assertFalse(is_statement_day(datetime.date(2028, 2, 28), LAST_DAY))  # a leap year
		self.assertTrue(is_statement_day(datetime.date(2028, 2, 29), LAST_DAY))

	def test_a_day_some_months_lack_is_refused(self):
		for day in (29, 31, -1):
			settings = frappe.get_doc(SETTINGS)
			settings.statement_day_of_month = day
			with self.assertRaisesRegex(frappe.ValidationError, "1 to 28"):
				settings.save()
