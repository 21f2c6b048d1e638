"""Test data factories: the one place tests create records."""

import shutil
import subprocess  # nosec B404 - bench commands, run as an admin runs them
import sys
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, random_string, today

import erpnext


class ClientTestCase(FrappeTestCase):
	"""Each test starts clean: whatever it wrote is rolled back, the user is reset."""

	def tearDown(self):
		frappe.db.rollback()
		frappe.set_user("Administrator")


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
		"pincode": "75002",
		"country": "France",
		"contacts": [
			{"first_name": "Anne", "last_name": "Martin", "email": f"anne.{suffix.lower()}@example.com"},
		],
	}
	values.update(overrides)
	return values


def create_client(**overrides):
	return frappe.get_doc(client_values(**overrides)).insert()


def ensure_user(email: str, roles: list[str]) -> str:
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": email.split("@")[0], "send_welcome_email": 0}
		)
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	user.flags.ignore_permissions = True
	user.set("roles", [])
	user.add_roles(*roles)
	return email


def ensure_item(code: str = "Client Test Service") -> str:
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name"),
				"stock_uom": "Nos",
				"is_stock_item": 0,
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


def create_lead(**overrides):
	suffix = random_string(5)
	values = {
		"doctype": "Lead",
		"first_name": "Claire",
		"last_name": f"Lefebvre{suffix}",
		"company_name": f"Lefebvre Conseil {suffix}",
		"email_id": f"claire.{suffix.lower()}@lefebvre-conseil.fr",
		"mobile_no": "+33612345678",
		"job_title": "Directrice",
		"source": ensure_lead_source(),
		"website": "lefebvre-conseil.fr",
		"country": "France",
		"city": "Lyon",
		**overrides,
	}
	return frappe.get_doc(values).insert()


def create_opportunity(party_doctype: str, party: str, **overrides):
	values = {
		"doctype": "Opportunity",
		"opportunity_from": party_doctype,
		"party_name": party,
		"company": erpnext.get_default_company(),
		"source": ensure_lead_source(),
		"transaction_date": add_days(today(), -30),
		"items": [{"item_code": ensure_item(), "qty": 1, "rate": 250}],
		**overrides,
	}
	return frappe.get_doc(values).insert()


def win_opportunity(opportunity: str, rate: float = 250):
	"""ERPNext's own path to Converted: quotation from the opportunity, ordered by a Sales Order."""
	from erpnext.crm.doctype.opportunity.opportunity import make_quotation
	from erpnext.selling.doctype.quotation.quotation import make_sales_order

	quotation = make_quotation(opportunity)
	for item in quotation.items:
		item.rate = rate
	quotation.insert()
	quotation.submit()
	order = make_sales_order(quotation.name)
	order.delivery_date = add_days(today(), 10)
	order.insert()
	order.submit()
	return order


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


def bench(*args: str) -> subprocess.CompletedProcess:
	"""`bench --site SITE <args>` as an admin runs it: a new process, from the bench folder. Falls
	back to the bench's own entry point (what `bench` runs) where the bench CLI is not installed.
	Commit before calling: the command sees only committed data."""
	bench_dir = Path(frappe.local.sites_path).resolve().parent
	if cli := shutil.which("bench"):
		argv = [cli, "--site", frappe.local.site, *args]
	else:
		argv = [
			sys.executable,
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			frappe.local.site,
			*args,
		]
	result = subprocess.run(  # nosec B603 - fixed argv, no shell
		argv, cwd=bench_dir if cli else frappe.local.sites_path, capture_output=True, text=True, timeout=600
	)
	frappe.db.commit()  # end this connection's snapshot: see what the command committed
	return result
