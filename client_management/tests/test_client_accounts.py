"""A receivable account of the client's own per company: chosen or generated, mirrored onto the
Customer's party accounts, and what ERPNext's invoices, payments, AR and statements then post to."""

import frappe
from frappe.utils import add_days, flt, random_string, today

from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as make_credit_note
from erpnext.accounts.utils import get_balance_on

from client_management.api.client import make_payment
from client_management.constants import SETTINGS
from client_management.finance import receivable_rows
from client_management.mirror.accounts import account_number
from client_management.statements import BALANCE_FORWARD, build_statement
from client_management.tests.factories import (
	TEST_COMPANY,
	ClientTestCase,
	bench,
	create_client,
	create_company,
	create_sales_invoice,
)
from client_management.tests.factories import (
	submit_document as submit,
)


def receivable_group(company: str) -> str:
	"""The group holding the company's default receivable account (Accounts Receivable)."""
	debtors = frappe.get_cached_value("Company", company, "default_receivable_account")
	return frappe.db.get_value("Account", debtors, "parent_account")


def make_account(company: str, name: str, **values) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": name,
				"parent_account": receivable_group(company),
				"company": company,
				"account_type": "Receivable",
				"is_group": 0,
				**values,
			}
		)
		.insert()
		.name
	)


def turn_on_client_accounts(company: str, on: bool = True, groups: list[dict] | None = None):
	"""The setting on, with `company`'s parent group (or `groups`, rows of the settings' table)."""
	settings = frappe.get_single(SETTINGS)
	settings.create_client_accounts = int(on)
	settings.client_account_number_pattern = "411{client_number}"
	if groups is None:
		groups = [{"company": company, "parent_account": receivable_group(company)}]
	settings.set("client_account_groups", groups)
	settings.save()


def own_account(client, company: str) -> str | None:
	"""The client's account in `company` (the site may have other companies, where it has one too)."""
	return next((row.account for row in client.accounts if row.company == company), None)


class TestClientAccounts(ClientTestCase):
	def setUp(self):
		self.company = TEST_COMPANY

	def test_invoices_payments_and_statements_post_to_the_clients_own_account(self):
		account = make_account(self.company, f"Own Account {random_string(5)}")
		client = create_client(accounts=[{"company": self.company, "account": account}])
		customer = frappe.get_doc("Customer", client.customer)
		self.assertEqual([(r.company, r.account) for r in customer.accounts], [(self.company, account)])

		invoice = create_sales_invoice(client.customer, rate=300, posting_date=add_days(today(), -3))
		self.assertEqual(invoice.debit_to, account)
		make_payment(client.name, {invoice.name: 100}, "Cash")
		credit_note = make_credit_note(invoice.name)
		credit_note.items[0].rate = 50
		submit(credit_note)

		party_balance = flt(
			get_balance_on(party_type="Customer", party=client.customer, company=self.company)
		)
		self.assertEqual(party_balance, 300 - 100 - 50)
		self.assertEqual(flt(get_balance_on(account=account, company=self.company)), party_balance)
		statement = build_statement(
			client.name, self.company, BALANCE_FORWARD, add_days(today(), -30), today()
		)
		self.assertEqual(flt(statement["closing"]), party_balance)
		rows = receivable_rows(client.customer, self.company)
		self.assertIn((invoice.name, account), [(row.voucher_no, row.party_account) for row in rows])

	def test_an_account_the_client_may_not_have_is_refused_with_a_message(self):
		others = create_client(
			accounts=[
				{"company": self.company, "account": make_account(self.company, f"Taken {random_string(5)}")}
			]
		)
		income = frappe.db.get_value(
			"Account", {"company": self.company, "root_type": "Income", "is_group": 0}, "name"
		)
		for account, message in (
			(others.accounts[0].account, "already the receivable account of"),
			(receivable_group(self.company), "is a group account"),
			(income, "is not a Receivable account"),
		):
			with self.subTest(account=account), self.assertRaises(frappe.ValidationError) as raised:
				create_client(accounts=[{"company": self.company, "account": account}])
			self.assertIn(message, str(raised.exception))

	def test_the_customers_party_account_is_edited_on_the_client_only(self):
		client = create_client()
		customer = frappe.get_doc("Customer", client.customer)
		customer.append("accounts", {"company": self.company, "account": make_account(self.company, "Drift")})
		with self.assertRaises(frappe.ValidationError) as raised:
			customer.save()
		self.assertIn("managed by Client", str(raised.exception))

	def test_a_generated_account_follows_the_pattern_once_and_follows_renames(self):
		turn_on_client_accounts(self.company)
		accounts_before = frappe.db.count("Account", {"company": self.company})
		client = create_client(company_name=f"Generated {random_string(5)} SARL")
		account = frappe.get_doc("Account", own_account(client, self.company))
		self.assertEqual(account_number(client.name), "411" + client.name.replace("-", ""))
		self.assertEqual(
			(account.account_number, account.account_name, account.parent_account, account.account_type),
			(account_number(client.name), client.company_name, receivable_group(self.company), "Receivable"),
		)
		self.assertEqual(
			frappe.db.get_value(
				"Party Account", {"parent": client.customer, "company": self.company}, "account"
			),
			account.name,
		)

		client.reload()
		client.notes = "saved again"
		client.save()
		self.assertEqual(frappe.db.count("Account", {"company": self.company}), accounts_before + 1)

		client.company_name = f"Renamed {random_string(5)} SAS"
		client.save()
		account_name = own_account(client, self.company)
		self.assertEqual(frappe.db.get_value("Account", account_name, "account_name"), client.company_name)

		new_number = f"{client.name}9"
		frappe.rename_doc("Client", client.name, new_number)
		account_name = own_account(frappe.get_doc("Client", new_number), self.company)
		self.assertEqual(
			frappe.db.get_value("Account", account_name, "account_number"), account_number(new_number)
		)
		self.assertEqual(
			frappe.db.get_value(
				"Party Account", {"parent": client.customer, "company": self.company}, "account"
			),
			account_name,
		)

		frappe.delete_doc("Client", new_number)
		self.assertFalse(frappe.db.exists("Account", account_name))  # nothing was posted to it

	def test_a_generated_account_with_ledger_entries_outlives_a_merged_away_client(self):
		turn_on_client_accounts(self.company)
		client = create_client()
		invoice = create_sales_invoice(client.customer, rate=80)
		self.assertEqual(invoice.debit_to, own_account(client, self.company))
		with self.assertRaises(frappe.ValidationError):
			frappe.delete_doc("Client", client.name)
		self.assertTrue(frappe.db.exists("Account", invoice.debit_to))

	def test_the_settings_refuse_a_parent_that_is_not_a_group_of_the_company_or_a_pattern_without_number(
		self,
	):
		debtors = frappe.get_cached_value("Company", self.company, "default_receivable_account")
		for pattern, parent, message in (
			("411{client_number}", debtors, "must be a group account"),
			("411", receivable_group(self.company), "{client_number}"),
		):
			settings = frappe.get_single(SETTINGS)
			settings.create_client_accounts = 1
			settings.client_account_number_pattern = pattern
			settings.set("client_account_groups", [{"company": self.company, "parent_account": parent}])
			with self.subTest(message=message), self.assertRaises(frappe.ValidationError) as raised:
				settings.save()
			self.assertIn(message, str(raised.exception))

	def test_with_nothing_but_its_switch_the_account_goes_beside_the_default_receivable_account(self):
		other = create_company("Client Accounts Second SARL", "CASS")
		own_group = frappe.get_doc(  # the tests' company's client accounts go in a group of their own
			{
				"doctype": "Account",
				"account_name": f"Clients {random_string(5)}",
				"parent_account": receivable_group(self.company),
				"company": self.company,
				"is_group": 1,
			}
		).insert()
		for groups, parents in (
			([], {self.company: receivable_group(self.company), other: receivable_group(other)}),
			(
				[{"company": self.company, "parent_account": own_group.name}],
				{self.company: own_group.name, other: receivable_group(other)},
			),
		):
			with self.subTest(groups=groups):
				turn_on_client_accounts(self.company, groups=groups)
				client = create_client()
				for company, parent in parents.items():
					account = frappe.db.get_value(
						"Account",
						own_account(client, company),
						["account_number", "parent_account", "account_type"],
						as_dict=True,
					)
					self.assertEqual(
						(account.account_number, account.parent_account, account.account_type),
						(account_number(client.name), parent, "Receivable"),
					)
				invoice = create_sales_invoice(client.customer, rate=40)
				self.assertEqual(invoice.debit_to, own_account(client, self.company))

	def test_the_settings_say_why_they_cannot_make_an_account(self):
		other = create_company("Client Accounts No Debtors SARL", "CAND")
		frappe.db.set_value("Company", other, "default_receivable_account", None)
		frappe.clear_document_cache("Company", other)
		with self.assertRaises(frappe.ValidationError) as raised:
			turn_on_client_accounts(self.company)
		self.assertIn(
			f"Company <strong>{other}</strong> has no default receivable account", str(raised.exception)
		)
		turn_on_client_accounts(  # with a parent group of its own, it can
			self.company,
			groups=[
				{"company": self.company, "parent_account": receivable_group(self.company)},
				{
					"company": other,
					"parent_account": frappe.db.get_value(
						"Account",
						{"company": other, "account_type": "Receivable", "is_group": 0},
						"parent_account",
					),
				},
			],
		)

		for pattern in ("411 {client_number}", "411{client_number}{branch}", "{client_number} - 411"):
			settings = frappe.get_single(SETTINGS)
			settings.client_account_number_pattern = pattern
			with self.subTest(pattern), self.assertRaises(frappe.ValidationError) as raised:
				settings.save()
			self.assertIn("The account number pattern gives", str(raised.exception))


class TestCreateClientAccountsCommand(ClientTestCase):
	"""`bench --site SITE create-client-accounts` on committed clients made before the setting was on."""

	def setUp(self):
		self.company = TEST_COMPANY
		self.tag = random_string(6)
		turn_on_client_accounts(self.company, on=False)  # clients made before the setting was on
		self.clients = [create_client(company_name=f"Backfill {self.tag} {n} SARL").name for n in (1, 2)]
		turn_on_client_accounts(self.company)
		frappe.db.commit()

	def tearDown(self):
		frappe.db.rollback()
		turn_on_client_accounts(self.company, on=False)  # first: no later client of the site gets one
		frappe.db.commit()
		for name in self.clients:
			frappe.delete_doc("Client", name, force=True)
		frappe.db.commit()
		super().tearDown()

	def generated(self) -> list:
		return frappe.get_all(
			"Account", {"account_number": ("in", [account_number(c) for c in self.clients])}, pluck="name"
		)

	def test_a_dry_run_lists_the_accounts_then_the_command_creates_and_links_them(self):
		dry = bench("create-client-accounts", "--dry-run")
		self.assertEqual(dry.returncode, 0, dry.stderr[-2000:])
		for name in self.clients:
			self.assertIn(f"{name}\t{self.company}\t{account_number(name)}", dry.stdout)
		self.assertEqual(self.generated(), [])

		only_ours = [arg for name in self.clients for arg in ("--client", name)]  # the site's others stay
		real = bench("create-client-accounts", "--company", self.company, *only_ours)
		self.assertEqual(real.returncode, 0, real.stderr[-2000:])
		frappe.db.rollback()  # see what the command committed
		self.assertEqual(len(self.generated()), 2)
		for name in self.clients:
			client = frappe.get_doc("Client", name)
			self.assertEqual(
				frappe.db.get_value("Party Account", {"parent": client.customer}, "account"),
				client.accounts[0].account,
			)
		again = bench("create-client-accounts", "--company", self.company, *only_ours)
		self.assertNotIn(self.clients[0], again.stdout)  # nothing left to make
		self.assertEqual(len(self.generated()), 2)
