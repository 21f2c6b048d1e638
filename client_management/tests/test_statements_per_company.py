"""Statements per company (issue 18): a client billed by two companies gets one statement from each,
each equal to that company's ledger, on the desk, in the portal and in the monthly run."""

import email

import frappe
from frappe.utils import flt, get_html_for_route, today

from erpnext.accounts.utils import get_balance_on

from client_management.api.portal import download_statement
from client_management.api.statements import get_statement_companies
from client_management.statements import (
	BALANCE_FORWARD,
	OPEN_ITEM,
	TRANSACTION,
	build_statement,
	statement_companies,
)
from client_management.statements.scheduled import send_to_clients
from client_management.tests.factories import (
	TEST_COMPANY,
	ClientTestCase,
	create_client,
	create_company,
	create_sales_invoice,
	ensure_user,
	use_test_outgoing_email,
)

SECOND_COMPANY = ("Client Tests Second Company", "CTSC")


def invite(client: str, email_id: str):
	return frappe.get_doc({"doctype": "Customer Portal User", "client": client, "email": email_id}).insert()


class TestStatementsPerCompany(ClientTestCase):
	"""One client with invoices from the tests' company, the site's default (100 + 40), and from a
	second one (300 + 25)."""

	def setUp(self):
		use_test_outgoing_email()
		self.home = TEST_COMPANY
		self.other = create_company(*SECOND_COMPANY)
		suffix = frappe.generate_hash(length=6)
		self.client = create_client(
			contacts=[
				{
					"first_name": "Bill",
					"last_name": "Payer",
					"email": f"bill.{suffix}@two-companies.example.com",
					"is_billing_contact": 1,
				}
			]
		)
		self.customer = self.client.customer
		for company, rates in ((self.home, (100, 40)), (self.other, (300, 25))):
			for rate in rates:
				create_sales_invoice(self.customer, rate=rate, company=company)
		self.expected = {self.home: 140, self.other: 325}

	def tearDown(self):
		super().tearDown()
		if getattr(frappe.local, "request", None) is not None:
			del frappe.local.request

	def ledger_balance(self, company: str) -> float:
		return flt(get_balance_on(party_type="Customer", party=self.customer, company=company))

	def portal_user(self, client: str) -> str:
		return invite(client, f"portal-{frappe.generate_hash(length=8)}@example.com").user

	def test_the_companies_are_those_with_transactions_or_else_the_default(self):
		self.assertEqual(statement_companies(self.customer), sorted([self.home, self.other]))
		self.assertEqual(statement_companies(create_client().customer), [self.home])

	def test_each_companys_statement_equals_that_companys_ledger(self):
		for company in (self.home, self.other):
			with self.subTest(company=company):
				balance = self.ledger_balance(company)
				self.assertEqual(balance, self.expected[company])
				forward = build_statement(self.client.name, company, BALANCE_FORWARD, today(), today())
				self.assertEqual(flt(forward["closing"]), balance)
				open_item = build_statement(self.client.name, company, OPEN_ITEM)
				self.assertEqual(flt(open_item["total"]), balance)
				rows = build_statement(self.client.name, company, TRANSACTION, today(), today())["rows"]
				self.assertEqual(
					{row["voucher_no"] for row in rows},
					set(
						frappe.get_all(
							"Sales Invoice", {"customer": self.customer, "company": company}, pluck="name"
						)
					),
				)

	def test_the_desk_dialog_offers_both_companies_the_users_default_first(self):
		user = ensure_user(f"accounts-{frappe.generate_hash(length=6)}@example.com", ["Accounts User"])
		self.addCleanup(frappe.clear_cache, user=user)  # the cached defaults of a rolled-back user
		frappe.defaults.set_user_default("company", self.other, user)
		frappe.set_user(user)
		choice = get_statement_companies(self.client.name)
		self.assertEqual(choice, {"companies": sorted([self.home, self.other]), "default": self.other})

		frappe.set_user("Administrator")
		self.assertEqual(get_statement_companies(self.client.name)["default"], self.home)

	def test_the_monthly_run_sends_and_logs_one_statement_per_company(self):
		lines = []
		# what send_scheduled_statements runs, without its commit after each statement
		counts = send_to_clients([self.client.name], None, OPEN_ITEM, report=lines.append)

		self.assertEqual(counts, {"sent": 2, "failed": 0})
		logs = frappe.get_all("Statement Log", {"client": self.client.name}, ["company", "total_due"])
		self.assertEqual(
			{log.company: flt(log.total_due) for log in logs},
			{company: self.ledger_balance(company) for company in (self.home, self.other)},
		)
		self.assertEqual(
			frappe.db.count(
				"Communication", {"reference_doctype": "Client", "reference_name": self.client.name}
			),
			2,
		)
		self.assertEqual(len(lines), 2)
		self.assertTrue(all(f"({company}): sent" in " ".join(lines) for company in (self.home, self.other)))

	def test_the_portal_offers_both_companies_and_each_pdf_is_that_companys(self):
		user = self.portal_user(self.client.name)
		frappe.set_user(user)
		html = get_html_for_route("client-portal")
		self.assertIn('<select name="company"', html)
		for company in (self.home, self.other):
			self.assertIn(f'<option value="{company}"', html)
			self.assertIn(f'<td class="balance-company">{company}</td>', html)

			download_statement(OPEN_ITEM, company=company)
			self.assertTrue(frappe.local.response.filecontent.startswith(b"%PDF"))
			abbr = frappe.scrub(frappe.get_cached_value("Company", company, "abbr"))
			self.assertIn(f"-{abbr}-", frappe.local.response.filename)

		with self.assertRaises(frappe.PermissionError):  # the desk dialog's choice is not for the portal
			get_statement_companies(self.client.name)

	def test_the_portal_refuses_a_company_without_transactions_and_offers_no_choice(self):
		single = create_client()
		create_sales_invoice(single.customer, rate=70)
		user = self.portal_user(single.name)
		frappe.set_user(user)

		html = get_html_for_route("client-portal")
		self.assertNotIn('<select name="company"', html)
		self.assertIn(f'<input type="hidden" name="company" value="{self.home}">', html)
		self.assertNotIn(self.other, html)

		with self.assertRaisesRegex(frappe.ValidationError, "no statement from"):
			download_statement(OPEN_ITEM, company=self.other)
		with self.assertRaisesRegex(frappe.ValidationError, "no statement from") as refused:
			download_statement(OPEN_ITEM, company="<b>No Such Company</b>")
		self.assertIn("&lt;b&gt;No Such Company", str(refused.exception))

		download_statement(OPEN_ITEM)  # no company: the client's only one
		self.assertIn(single.name, frappe.local.response.filename)

	def test_the_invitation_names_the_company_the_client_deals_with(self):
		only_other = create_client()
		create_sales_invoice(only_other.customer, rate=10, company=self.other)
		for client, company in ((only_other, self.other), (create_client(), self.home)):
			with self.subTest(company=company):
				portal_user = invite(client.name, f"invite-{frappe.generate_hash(length=8)}@example.com")
				mail = frappe.get_last_doc(
					"Email Queue",
					{"reference_doctype": "Customer Portal User", "reference_name": portal_user.name},
				)
				subject = " ".join(email.message_from_string(mail.message)["Subject"].split())
				self.assertEqual(subject, f"Your access to the {company} customer portal")
