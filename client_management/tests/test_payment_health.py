"""Payment health: each figure of a client's Client Payment Health against ERPNext's own numbers for the
same customer (its Accounts Receivable report) after the events that change it; the daily refresh, the
patch, the list sorted by overdue, the DSO trend, and who may read them."""

import frappe
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.utils import add_days, add_months, date_diff, flt, get_first_day, getdate, random_string, today

from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

from client_management.api.payment_health import get_dso_trend
from client_management.client_management.dashboard_chart_source.overdue_by_client import overdue_by_client
from client_management.finance import receivable_rows
from client_management.follow_ups.dunning import make_dunning
from client_management.follow_ups.levels import levels_by_company
from client_management.patches.v0_5 import fill_payment_health
from client_management.payment_health import (
	HEALTH,
	HEALTH_FIELDS,
	clients_moved_by_the_calendar,
	health_figures,
	payment_health_of,
	refresh_clients,
)
from client_management.tests.factories import (
	TEST_COMPANY,
	ClientTestCase,
	client_values,
	create_client,
	create_opportunity,
	create_sales_invoice,
	ensure_user,
	submit_document,
)
from client_management.tests.sample_data import ensure_fiscal_years

SALES_USER = "health.sales.user@example.com"
ACCOUNTS_USER = "health.accounts.user@example.com"
ACCOUNTS_MANAGER = "health.accounts.manager@example.com"
CLIENT_MANAGER = "health.client.manager@example.com"
PORTAL_USER = "health.portal.user@example.com"
FOLLOW_UP_CARD = "Clients in Follow-up"


def erpnext_figures(customer: str) -> tuple[float, float]:
	"""(outstanding, overdue) as ERPNext's Accounts Receivable report gives them today: every row's
	outstanding, and that of the rows left to pay whose due date (else posting date) has passed."""
	rows = receivable_rows(customer, TEST_COMPANY)
	overdue = [
		row
		for row in rows
		if flt(row.outstanding) > 0 and date_diff(today(), row.get("due_date") or row.posting_date) > 0
	]
	return flt(sum(flt(row.outstanding) for row in rows), 2), flt(
		sum(flt(row.outstanding) for row in overdue), 2
	)


def days_ago(days: int) -> str:
	return add_days(today(), -days)


def invoice(customer: str, rate: float, posted: int, due: int):
	"""An invoice posted `posted` days ago, due `due` days ago (negative: in the future)."""
	return create_sales_invoice(
		customer, rate=rate, posting_date=days_ago(posted), due_date=days_ago(due), set_posting_time=1
	)


def pay(invoice_name: str, amount: float, posted: int):
	return submit_document(
		get_payment_entry("Sales Invoice", invoice_name, party_amount=amount), posting_date=days_ago(posted)
	)


def as_user(user: str, function, *args, **kwargs):
	frappe.set_user(user)
	try:
		return function(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


class TestPaymentHealth(ClientTestCase):
	def setUp(self):
		self.client = create_client()
		self.customer = self.client.customer

	def stored(self) -> frappe._dict:
		return frappe._dict(payment_health_of(self.client.name))

	def assert_erpnext_figures(self, step: str) -> frappe._dict:
		stored = self.stored()
		self.assertEqual(
			(flt(stored.outstanding_amount, 2), flt(stored.overdue_amount, 2)),
			erpnext_figures(self.customer),
			step,
		)
		return stored

	def test_figures_follow_erpnext_through_submit_payments_a_return_and_cancels(self):
		new = self.stored()
		self.assertEqual((new.outstanding_amount, new.overdue_amount, new.days_sales_outstanding), (0, 0, 0))
		self.assertEqual(new.currency, frappe.get_cached_value("Company", TEST_COMPANY, "default_currency"))

		overdue = invoice(self.customer, 300, posted=45, due=30)
		current = invoice(self.customer, 200, posted=5, due=-10)
		billed = overdue.outstanding_amount + current.outstanding_amount
		stored = self.assert_erpnext_figures("after submit")
		self.assertEqual(
			(stored.outstanding_amount, stored.overdue_amount), (billed, overdue.outstanding_amount)
		)
		self.assertEqual(stored.days_sales_outstanding, 365.0)  # all of the year's sales still owed
		self.assertIsNone(stored.last_payment_date)

		partial = pay(overdue.name, 100, posted=20)
		stored = self.assert_erpnext_figures("after a partial payment")
		self.assertEqual(stored.overdue_amount, overdue.outstanding_amount - 100)
		self.assertEqual(stored.days_sales_outstanding, flt((billed - 100) / billed * 365, 1))
		self.assertEqual(str(stored.last_payment_date), days_ago(20))
		self.assertEqual(stored.average_days_late, 0)  # nothing settled yet

		rest = pay(overdue.name, overdue.outstanding_amount - 100, posted=10)
		stored = self.assert_erpnext_figures("after the payment of the rest")
		self.assertEqual(stored.overdue_amount, 0)
		self.assertEqual(str(stored.last_payment_date), days_ago(10))
		self.assertEqual(stored.average_days_late, 20)  # due 30 days ago, settled 10 days ago

		credit_note = make_sales_return(current.name)
		credit_note.insert()
		credit_note.submit()
		stored = self.assert_erpnext_figures("after a return of the other invoice")
		self.assertEqual((stored.outstanding_amount, stored.days_sales_outstanding), (0, 0))
		self.assertEqual(stored.average_days_late, 20)  # a return is no payment

		rest.reload()
		rest.cancel()
		stored = self.assert_erpnext_figures("after the payment is cancelled")
		self.assertEqual(stored.overdue_amount, overdue.outstanding_amount - 100)
		self.assertEqual((str(stored.last_payment_date), stored.average_days_late), (days_ago(20), 0))

		for doc in (credit_note, partial, overdue, current):
			doc.reload()
			doc.cancel()
		stored = self.assert_erpnext_figures("after every document is cancelled")
		self.assertEqual(
			(stored.outstanding_amount, stored.overdue_amount, stored.last_payment_date), (0, 0, None)
		)

	def test_an_unallocated_payment_counts_as_credit_not_against_what_is_overdue(self):
		overdue = invoice(self.customer, 100, posted=40, due=30)
		advance = get_payment_entry("Sales Invoice", overdue.name, party_amount=50)
		advance.set("references", [])  # received on account, allocated to no invoice
		submit_document(advance)
		stored = self.assert_erpnext_figures("with an unallocated payment")
		self.assertEqual(
			(stored.outstanding_amount, stored.overdue_amount),
			(overdue.outstanding_amount - 50, overdue.outstanding_amount),
		)
		self.assertEqual(str(stored.last_payment_date), today())

	def test_a_journal_entry_against_the_customer_counts(self):
		company = frappe.get_cached_doc("Company", TEST_COMPANY)
		entry = submit_document(
			{
				"doctype": "Journal Entry",
				"company": TEST_COMPANY,
				"posting_date": days_ago(3),
				"accounts": [
					{
						"account": company.default_receivable_account,
						"party_type": "Customer",
						"party": self.customer,
						"debit_in_account_currency": 80,
					},
					{
						"account": company.default_income_account,
						"cost_center": company.cost_center,
						"credit_in_account_currency": 80,
					},
				],
			},
			posting_date=days_ago(3),
		)
		stored = self.assert_erpnext_figures("after a journal entry")
		self.assertEqual((stored.outstanding_amount, stored.overdue_amount), (80, 80))  # due when posted
		entry.cancel()
		self.assertEqual(self.assert_erpnext_figures("after it is cancelled").outstanding_amount, 0)

	def test_dso_and_days_late_look_back_twelve_months_only(self):
		posted = add_months(today(), -14)
		ensure_fiscal_years_around(posted)
		old = create_sales_invoice(
			self.customer, rate=100, posting_date=posted, due_date=add_days(posted, 10), set_posting_time=1
		)
		submit_document(get_payment_entry("Sales Invoice", old.name), posting_date=add_days(posted, 40))
		owed = create_sales_invoice(
			self.customer, rate=100, posting_date=posted, due_date=add_days(posted, 10), set_posting_time=1
		)
		stored = self.assert_erpnext_figures("with last year's invoices")
		# owed for more than a year, sold nothing on credit since: no DSO; paid late, but 13 months ago
		self.assertEqual(
			(stored.outstanding_amount, stored.days_sales_outstanding), (owed.outstanding_amount, 0)
		)
		self.assertEqual(stored.average_days_late, 0)

		recent = invoice(self.customer, 400, posted=60, due=30)
		stored = self.assert_erpnext_figures("with a recent invoice")
		self.assertEqual(
			stored.days_sales_outstanding,
			flt((owed.outstanding_amount + recent.outstanding_amount) / recent.outstanding_amount * 365, 1),
		)

	def test_no_role_writes_the_figures_and_they_go_with_the_client(self):
		owed = invoice(self.customer, 150, posted=20, due=10)
		ensure_user(ACCOUNTS_MANAGER, ["Accounts Manager", "Client Manager", "Sales Manager"])
		for write in (
			lambda: frappe.client.set_value(HEALTH, self.client.name, "overdue_amount", 0),
			lambda: frappe.client.insert({"doctype": HEALTH, "client": create_client().name}),
			lambda: frappe.client.delete(HEALTH, self.client.name),
		):
			with self.assertRaises(frappe.PermissionError):
				as_user(ACCOUNTS_MANAGER, write)
		stored = self.stored()
		self.assertEqual((stored.outstanding_amount, stored.overdue_amount), (owed.outstanding_amount,) * 2)

		unbilled = create_client()
		refresh_clients([unbilled.name])
		self.assertTrue(frappe.db.exists(HEALTH, unbilled.name))
		frappe.delete_doc("Client", unbilled.name)
		self.assertFalse(frappe.db.exists(HEALTH, unbilled.name))

	def test_a_client_adopting_a_billed_customer_gets_its_figures(self):
		customer = frappe.get_doc(
			{"doctype": "Customer", "customer_name": f"Billed Before {random_string(6)}"}
		).insert()
		owed = invoice(customer.name, 250, posted=20, due=10)
		opportunity = create_opportunity("Customer", customer.name)
		client = frappe.get_doc(
			{**client_values(), "opportunity": opportunity.name, "customer": customer.name}
		)
		client.insert()
		stored = frappe.db.get_value(
			HEALTH, client.name, ["outstanding_amount", "overdue_amount"], as_dict=True
		)
		self.assertEqual((stored.outstanding_amount, stored.overdue_amount), (owed.outstanding_amount,) * 2)

	def test_a_company_in_another_currency_counts_at_the_stored_exchange_rate(self):
		currency = self.stored().currency
		other = "EUR" if currency != "EUR" else "GBP"
		company = f"Health {other} Company {random_string(4)}"
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": company,
				"abbr": f"H{random_string(3).upper()}",
				"country": "France",
				"default_currency": other,
				"create_chart_of_accounts_based_on": "Standard Template",
				"chart_of_accounts": "Standard",
			}
		).insert()
		ensure_fiscal_years(company)
		here = invoice(self.customer, 100, posted=20, due=10)
		abroad = create_sales_invoice(
			self.customer,
			rate=100,
			company=company,
			posting_date=days_ago(20),
			due_date=days_ago(10),
			set_posting_time=1,
		)
		# no stored rate: the other company's amounts are left out, not added as if they were the same money
		self.assertEqual(self.stored().outstanding_amount, here.outstanding_amount)

		frappe.get_doc(
			{
				"doctype": "Currency Exchange",
				"date": days_ago(1),
				"from_currency": other,
				"to_currency": currency,
				"exchange_rate": 1.5,
			}
		).insert()
		refresh_clients([self.client.name])
		stored = self.stored()
		expected = flt(here.outstanding_amount + abroad.outstanding_amount * 1.5, 2)
		self.assertEqual((stored.outstanding_amount, stored.overdue_amount), (expected, expected))

	def test_a_merge_gives_the_survivor_the_merged_clients_figures(self):
		merged = create_client()
		owed = invoice(merged.customer, 330, posted=20, due=10)
		frappe.rename_doc("Client", merged.name, self.client.name, merge=True)
		self.assertEqual(
			self.assert_erpnext_figures("after the merge").overdue_amount, owed.outstanding_amount
		)

	def test_the_daily_refresh_takes_the_clients_the_calendar_moves(self):
		due_today = invoice(self.customer, 120, posted=10, due=0)
		quiet = create_client()
		self.assertEqual(self.stored().overdue_amount, 0)  # due today is not overdue yet
		self.assertEqual(
			health_figures(self.customer, today=add_days(today(), 1))["overdue_amount"],
			due_today.outstanding_amount,
		)
		moved = clients_moved_by_the_calendar()
		self.assertIn(self.client.name, moved)
		self.assertNotIn(quiet.name, moved)

		frappe.db.set_value(HEALTH, self.client.name, "outstanding_amount", 0)  # stale
		self.assertEqual(refresh_clients([self.client.name, quiet.name]), {"refreshed": 2, "failed": 0})
		self.assertEqual(self.stored().outstanding_amount, due_today.outstanding_amount)

	def test_the_patch_fills_existing_clients(self):
		owed = invoice(self.customer, 90, posted=30, due=20)
		frappe.db.delete(HEALTH, {"client": self.client.name})  # a site before the figures
		fill_payment_health.execute()
		stored = self.stored()
		self.assertEqual((stored.outstanding_amount, stored.overdue_amount), (owed.outstanding_amount,) * 2)

	def test_the_list_sorts_by_overdue_on_its_index(self):
		self.assertTrue(frappe.db.get_column_index(f"tab{HEALTH}", "overdue_amount"))  # its search_index
		clients = {rate: create_client() for rate in (50, 300, 120)}
		for rate, client in clients.items():
			invoice(client.customer, rate, posted=20, due=10)
		listed = frappe.get_list(
			HEALTH,
			filters={"client": ("in", [c.name for c in clients.values()])},
			fields=["name", "overdue_amount"],
			order_by="overdue_amount desc",
		)
		self.assertEqual([row.name for row in listed], [clients[rate].name for rate in (300, 120, 50)])

	def test_the_follow_up_level_is_the_highest_still_open(self):
		owed = invoice(self.customer, 300, posted=70, due=60)
		first, second, *_ = levels_by_company()[TEST_COMPANY]
		make_dunning(self.customer, TEST_COMPANY, first)
		self.assertEqual(self.stored().follow_up_level, first.number)
		dunning = make_dunning(self.customer, TEST_COMPANY, second)
		self.assertEqual(self.stored().follow_up_level, second.number)
		dunning.cancel()
		self.assertEqual(self.stored().follow_up_level, first.number)
		pay(owed.name, owed.outstanding_amount, posted=0)  # ERPNext resolves the Dunning
		self.assertEqual(self.stored().follow_up_level, 0)

	def test_the_dso_trend_gives_twelve_month_ends(self):
		owed = invoice(self.customer, 200, posted=0, due=-30)
		trend = get_dso_trend(self.client.name)
		first = add_months(get_first_day(today()), -11)
		self.assertEqual(len(trend["months"]), 12)
		self.assertEqual((trend["months"][0], trend["months"][-1]), (first.strftime("%Y-%m"), today()[:7]))
		self.assertEqual(trend["dso"][-1], 365.0)  # this month's sales, all owed
		self.assertEqual(trend["dso"][:-1], [0.0] * 11)
		self.assertEqual(trend["currency"], self.stored().currency)
		self.assertGreater(owed.outstanding_amount, 0)


class TestWhoReadsPaymentHealth(ClientTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		ensure_user(SALES_USER, ["Sales User", "Sales Manager"])
		ensure_user(ACCOUNTS_USER, ["Accounts User"])
		ensure_user(CLIENT_MANAGER, ["Client Manager"])
		ensure_user(PORTAL_USER, ["Customer"])
		self.client = create_client()
		self.owed = invoice(self.client.customer, 5000, posted=20, due=10)  # tops the chart

	def test_accounts_users_read_the_trend_the_chart_and_the_card(self):
		self.assertEqual(len(as_user(ACCOUNTS_USER, get_dso_trend, self.client.name)["dso"]), 12)
		chart = as_user(ACCOUNTS_USER, overdue_by_client.get)
		top = max(frappe.get_all(HEALTH, pluck="overdue_amount"))
		self.assertEqual(chart["datasets"][0]["values"][0], top)
		self.assertIn(self.client.company_name, chart["labels"])
		card = frappe.get_doc("Number Card", FOLLOW_UP_CARD)
		self.assertTrue(as_user(ACCOUNTS_USER, frappe.has_permission, "Number Card", doc=card))
		self.assertEqual(
			as_user(ACCOUNTS_USER, get_result, card.as_json(), card.filters_json),
			frappe.db.count(HEALTH, {"overdue_amount": (">", 0)}),
		)
		self.assertGreater(frappe.db.count(HEALTH, {"overdue_amount": (">", 0)}), 0)

	def test_client_managers_read_the_figures_not_the_ledgers_trend(self):
		self.assertTrue(as_user(CLIENT_MANAGER, overdue_by_client.get)["labels"])
		form = as_user(CLIENT_MANAGER, frappe.get_doc, "Client", self.client.name)
		as_user(CLIENT_MANAGER, form.run_method, "onload")
		self.assertEqual(form.get_onload().payment_health.overdue_amount, self.owed.outstanding_amount)
		with self.assertRaises(frappe.PermissionError):
			as_user(CLIENT_MANAGER, get_dso_trend, self.client.name)

	def test_sales_users_and_portal_users_read_none_of_it(self):
		for user in (SALES_USER, PORTAL_USER):
			for call in (
				lambda: get_dso_trend(self.client.name),
				overdue_by_client.get,
				lambda: frappe.get_list(HEALTH, fields=["client", "overdue_amount"]),
				lambda: frappe.get_doc(HEALTH, self.client.name).check_permission("read"),
			):
				with self.assertRaises(frappe.PermissionError, msg=user):
					as_user(user, call)
		card = frappe.get_doc("Number Card", FOLLOW_UP_CARD)
		self.assertFalse(as_user(SALES_USER, frappe.has_permission, "Number Card", doc=card))
		form = as_user(SALES_USER, frappe.get_doc, "Client", self.client.name)
		as_user(SALES_USER, form.run_method, "onload")
		self.assertNotIn("payment_health", form.get_onload())
		self.assertFalse(set(HEALTH_FIELDS) & set(frappe.get_meta("Client").get_valid_columns()))


def ensure_fiscal_years_around(day: str):
	"""The tests' company has fiscal years around today; one dated further back needs its own."""
	from erpnext.accounts.utils import get_fiscal_year

	if not get_fiscal_year(day, company=TEST_COMPANY, boolean=True):
		year = getdate(day).year
		frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": f"{year} {TEST_COMPANY}",
				"year_start_date": f"{year}-01-01",
				"year_end_date": f"{year}-12-31",
				"companies": [{"company": TEST_COMPANY}],
			}
		).insert()
