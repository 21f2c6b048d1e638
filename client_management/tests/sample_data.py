"""Records the tests and the benchmarks build on a site: the one place both create them.

The named records every test shares are made once, by `make_test_records` (the app's `before_tests`):
tests use these names, never the site's default company or whatever else happens to be on the site."""

import frappe
from frappe.utils import getdate, random_string, today

TEST_COMPANY = "Client Tests Company"
TEST_COMPANY_ABBR = "CTC"
TEST_ITEM = "Client Test Service"
TEST_STOCK_ITEM = "Client Test Widget"
TEST_SALES_STAGE = "Client Tests Stage"
TEST_EMAIL_ACCOUNT = "Client Management Tests"


def make_test_records():
	"""The named records every test shares; idempotent."""
	from client_management.setup.follow_ups import create_follow_up_levels

	ensure_test_company()
	create_follow_up_levels()  # the test company is made after the install's own step
	ensure_item(TEST_ITEM)
	ensure_item(TEST_STOCK_ITEM, stock=True)
	ensure_lead_source()
	if not frappe.db.exists("Sales Stage", TEST_SALES_STAGE):
		frappe.get_doc({"doctype": "Sales Stage", "stage_name": TEST_SALES_STAGE}).insert()
	use_test_outgoing_email()


def site_settings() -> dict:
	"""The site's own settings that `make_test_records` changes, to be put back after a test run."""
	return {
		"default_company": frappe.db.get_single_value("Global Defaults", "default_company"),
		"default_outgoing": frappe.get_all("Email Account", {"default_outgoing": 1}, pluck="name"),
	}


def restore_site_settings(kept: dict):
	"""Put back what `site_settings` read before the run: the default company and outgoing account."""
	defaults = frappe.get_single("Global Defaults")
	if defaults.default_company != kept["default_company"]:
		defaults.default_company = kept["default_company"]
		defaults.save()
	for account in frappe.get_all("Email Account", {"default_outgoing": 1}, pluck="name"):
		if account not in kept["default_outgoing"]:
			frappe.db.set_value("Email Account", account, "default_outgoing", 0)
	for account in kept["default_outgoing"]:
		frappe.db.set_value("Email Account", account, "default_outgoing", 1)
	frappe.db.commit()


def ensure_test_company():
	"""The tests' own company, with what ERPNext's setup wizard gives its company (a bank account, a
	default sales tax) and fiscal years, made the site's default: what ERPNext, the desk's dialogs and
	our code offer first."""
	from erpnext.setup.setup_wizard.operations.install_fixtures import create_bank_account
	from erpnext.setup.setup_wizard.operations.taxes_setup import make_taxes_and_charges_template

	if not frappe.db.exists("Company", TEST_COMPANY):
		insert_company(TEST_COMPANY, TEST_COMPANY_ABBR)
	if not frappe.db.get_value("Company", TEST_COMPANY, "default_bank_account"):
		create_bank_account({"company_name": TEST_COMPANY, "bank_account": "Bank Account", "set_default": 1})
	make_taxes_and_charges_template(  # kept when it exists
		TEST_COMPANY,
		"Sales Taxes and Charges Template",
		{
			"title": "VAT 20%",
			"is_default": 1,
			"taxes": [{"account_head": {"account_name": "VAT", "tax_rate": 20}}],
		},
	)
	ensure_fiscal_years(TEST_COMPANY)
	defaults = frappe.get_single("Global Defaults")  # as a user sets it: Frappe's defaults follow
	if defaults.default_company != TEST_COMPANY:
		defaults.default_company = TEST_COMPANY
		defaults.save()


def ensure_fiscal_years(company: str):
	"""Last year, this year and next for the company: tests date documents around today."""
	from erpnext.accounts.utils import get_fiscal_year

	for year in range(getdate().year - 1, getdate().year + 2):
		start, end = getdate(f"{year}-01-01"), getdate(f"{year}-12-31")
		if not all(get_fiscal_year(day, company=company, boolean=True) for day in (start, end)):
			frappe.get_doc(
				{
					"doctype": "Fiscal Year",
					"year": f"{year} {company}",
					"year_start_date": start,
					"year_end_date": end,
					"companies": [{"company": company}],
				}
			).insert()


def ensure_lead_source(name: str = "Client Tests") -> str:
	if not frappe.db.exists("Lead Source", name):
		frappe.get_doc({"doctype": "Lead Source", "source_name": name}).insert(ignore_permissions=True)
	return name


def client_values(**overrides) -> dict:
	suffix = random_string(6)
	values = {
		"doctype": "Client",
		"company_name": f"Test Client {suffix}",
		"client_owner": "Administrator",
		"lead_source": ensure_lead_source(),
		"inquiry_date": today(),
		"finalized_date": today(),
		"address_line1": "12 rue de la Paix",
		"city": "Paris",
		"state": "Île-de-France",
		"pincode": "75002",
		"country": "France",
		"tax_id": f"TX{suffix.upper()}",
		"contacts": [{"first_name": "Anne", "last_name": "Martin", "email": own_email("anne")}],
	}
	values.update(overrides)
	values["contacts"] = [{**required_contact_values(), **row} for row in values["contacts"] or []]
	return values


def own_email(local_part: str) -> str:
	"""An address on a domain of its own: a client another test left behind shares no e-mail domain
	with the one it goes to, so the duplicate check does not warn of it."""
	return f"{local_part}@{random_string(6).lower()}.example.com"


def required_contact_values() -> dict:
	"""What Client Management Settings require of each contact by default (a row given None keeps it)."""
	return {"phone": unique_paris_phone(), "designation": "Manager"}


def unique_paris_phone() -> str:
	"""A valid Paris number in international form (valid whatever the client's country), random so that
	the duplicate check finds no shared phone."""
	import random

	return "+33 1 4" + "".join(str(random.randint(0, 9)) for _ in range(7))  # nosec B311 - test data


def typed_in_france(phone: str) -> str:
	"""A number of `unique_paris_phone` as a French user types it: 01 4…"""
	return "0" + phone.removeprefix("+33 ")


def create_client(**overrides):
	return frappe.get_doc(client_values(**overrides)).insert()


def ensure_item(code: str = TEST_ITEM, stock: bool = False) -> str:
	"""A service item, or with `stock` an item kept in stock (valued, so that it can be delivered)."""
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name"),
				"stock_uom": "Nos",
				"is_stock_item": int(stock),
				"valuation_rate": 10 if stock else 0,
			}
		).insert(ignore_permissions=True)
	return code


def create_sales_invoice(
	customer: str, rate: float = 100, submit: bool = True, company: str | None = None, **overrides
):
	company = company or TEST_COMPANY
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": customer,
			"company": company,
			"posting_date": today(),
			"due_date": today(),
			"currency": frappe.get_cached_value("Company", company, "default_currency"),
			"items": [{"item_code": ensure_item(), "qty": 1, "rate": rate}],
			**overrides,
		}
	)
	invoice.insert()
	if submit:
		invoice.submit()
	return invoice


def use_test_outgoing_email() -> str:
	"""Make the tests' own outgoing Email Account (localhost: no mail leaves the machine) the only
	default; e-mails are queued, never sent in tests."""
	if not frappe.db.exists("Email Account", TEST_EMAIL_ACCOUNT):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": TEST_EMAIL_ACCOUNT,
				"email_id": "client-management-tests@example.com",
				"enable_outgoing": 1,
				"smtp_server": "localhost",
				"awaiting_password": 1,  # nosec B105
			}
		).insert(ignore_permissions=True)
	frappe.db.set_value(
		"Email Account", {"default_outgoing": 1, "name": ("!=", TEST_EMAIL_ACCOUNT)}, "default_outgoing", 0
	)
	frappe.db.set_value("Email Account", TEST_EMAIL_ACCOUNT, "default_outgoing", 1)
	return TEST_EMAIL_ACCOUNT


def unique_french_vat() -> str:
	"""A valid French VAT number no other test uses: a random SIREN (Luhn check digit) and its key."""
	import random

	digits = [random.randint(0, 9) for _ in range(8)]  # nosec B311 - test data, not a secret
	total = sum(d if i % 2 == 0 else sum(divmod(d * 2, 10)) for i, d in enumerate(digits))
	siren = int("".join(map(str, digits)) + str((10 - total % 10) % 10))
	return f"FR{(12 + 3 * (siren % 97)) % 97:02d}{siren:09d}"


def insert_company(name: str, abbr: str) -> str:
	"""A company made with ERPNext's normal setup (standard chart of accounts, cost center, default
	receivable and income accounts), in the caller's transaction. Its country has no regional setup
	(no schema change commits the transaction) and its currency is the site's default one, as every
	company of the tests has, so one customer can be billed by all."""
	frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": name,
			"abbr": abbr,
			"country": "France",
			"default_currency": frappe.db.get_default("currency"),
			"create_chart_of_accounts_based_on": "Standard Template",
			"chart_of_accounts": "Standard",
		}
	).insert()
	return name
