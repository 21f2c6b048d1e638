"""Records the tests and the benchmarks build on a site: the one place both create them."""

import frappe
from frappe.utils import random_string, today

import erpnext


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
		"contacts": [
			{"first_name": "Anne", "last_name": "Martin", "email": f"anne.{suffix.lower()}@example.com"}
		],
	}
	values.update(overrides)
	values["contacts"] = [{**required_contact_values(), **row} for row in values["contacts"] or []]
	return values


def required_contact_values() -> dict:
	"""What Client Management Settings require of each contact by default (a row given None keeps it)."""
	return {"phone": unique_paris_phone(), "designation": "Manager"}


def unique_paris_phone() -> str:
	"""A valid Paris number in international form (valid whatever the client's country), random so that
	the duplicate check finds no shared phone."""
	import random

	return "+33 1 4" + "".join(str(random.randint(0, 9)) for _ in range(7))  # nosec B311 - test data


def create_client(**overrides):
	return frappe.get_doc(client_values(**overrides)).insert()


def ensure_item(code: str = "Client Test Service", stock: bool = False) -> str:
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
	company = company or erpnext.get_default_company()
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
	"""Make the site's outgoing test Email Account the default (emails are queued, never sent in tests)."""
	account = frappe.db.get_value(
		"Email Account", {"enable_outgoing": 1, "default_outgoing": 1}
	) or frappe.db.get_value("Email Account", {"enable_outgoing": 1})
	if not account:
		account = (
			frappe.get_doc(
				{
					"doctype": "Email Account",
					"email_account_name": "Client Management Tests",
					"email_id": "client-management-tests@example.com",
					"enable_outgoing": 1,
					"smtp_server": "localhost",
					"awaiting_password": 1,  # nosec B105
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	frappe.db.set_value("Email Account", account, "default_outgoing", 1)
	return account


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
	(no schema change commits the transaction) and its currency is the default company's, so one
	customer can be billed by both."""
	frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": name,
			"abbr": abbr,
			"country": "France",
			"default_currency": frappe.get_cached_value(
				"Company", erpnext.get_default_company(), "default_currency"
			),
			"create_chart_of_accounts_based_on": "Standard Template",
			"chart_of_accounts": "Standard",
		}
	).insert()
	return name
