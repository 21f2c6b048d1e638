"""Test data factories: the one place tests create records (the records benchmarks need too live
in client_management.tests.sample_data and are re-exported here)."""

import shutil
import subprocess  # nosec B404 - bench commands, run as an admin runs them
from pathlib import Path

import frappe
from frappe.permissions import add_permission, update_permission_property
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, random_string, today

from client_management.tests.sample_data import (  # noqa: F401 - the tests' factories too
	TEST_COMPANY,
	TEST_ITEM,
	TEST_SALES_STAGE,
	TEST_STOCK_ITEM,
	client_values,
	create_client,
	create_sales_invoice,
	ensure_item,
	ensure_lead_source,
	insert_company,
	required_contact_values,
	use_test_outgoing_email,
)
from client_management.tests.served_site import frappe_cli


class ClientTestCase(FrappeTestCase):
	"""Each test starts clean: whatever it wrote is rolled back, the user is reset."""

	def tearDown(self):
		frappe.db.rollback()
		frappe.set_user("Administrator")


class ClientFinanceTestCase(ClientTestCase):
	"""A client billed by the tests' company, and the Finance tab's figures of that company."""

	def setUp(self):
		self.company = TEST_COMPANY
		self.client = create_client()
		self.customer = self.client.customer

	def summary(self) -> dict:
		from client_management.api.client import get_finance_summary

		return next(row for row in get_finance_summary(self.client.name) if row["company"] == self.company)


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


def create_team(name: str, members: list[str]) -> str:
	"""A User Group (a client's team) of these users."""
	team = frappe.get_doc(
		{"doctype": "User Group", "name": name, "user_group_members": [{"user": user} for user in members]}
	)
	return team.insert().name


def create_company(name: str, abbr: str) -> str:
	"""A second company (see insert_company), inside the test's transaction and rolled back with it."""
	if not frappe.db.exists("Company", name):
		insert_company(name, abbr)
	return name


def submit_document(doc, posting_date: str | None = None):
	"""Insert and submit a document (or its dict), dated `posting_date`; a Payment Entry gets the bank
	reference a user types."""
	doc = frappe.get_doc(doc) if isinstance(doc, dict) else doc
	if posting_date:
		doc.update({"posting_date": posting_date, "set_posting_time": 1})
	if doc.doctype == "Payment Entry":
		doc.update({"reference_no": "BANK-REF-1", "reference_date": doc.posting_date})
	doc.insert()
	doc.submit()
	return doc


def remove_committed(doctype: str, name: str):
	"""A submitted document a test had to commit: cancelled, deleted, and its ledger rows, mails and
	files (this document's only) with it."""
	doc = frappe.get_doc(doctype, name)
	if doc.docstatus == 1:
		doc.cancel()
	remove_mails_and_files(doctype, name)
	frappe.delete_doc(doctype, name, force=True)
	for ledger in ("GL Entry", "Payment Ledger Entry"):
		frappe.db.delete(ledger, {"voucher_no": name})


def remove_mails_and_files(doctype: str, name: str):
	"""The e-mails sent of a document and the files attached to it. Frappe's delete_doc leaves the Email
	Queue and gives the last name of a series back: a mail left behind would be counted as the next
	document's of that name."""
	reference = {"reference_doctype": doctype, "reference_name": name}
	for mail_doctype in ("Communication", "Email Queue"):
		for mail in frappe.get_all(mail_doctype, reference, pluck="name"):
			frappe.delete_doc(mail_doctype, mail, force=True, ignore_permissions=True)
	for file in frappe.get_all(
		"File", {"attached_to_doctype": doctype, "attached_to_name": name}, pluck="name"
	):
		frappe.delete_doc("File", file, force=True, ignore_permissions=True)


def create_overdue_invoice(customer: str, days_overdue: int, rate: float = 100, **overrides):
	"""A submitted invoice of the tests' company due `days_overdue` days ago (posted a week before)."""
	due = add_days(today(), -days_overdue)
	return create_sales_invoice(
		customer, rate=rate, posting_date=add_days(due, -7), due_date=due, set_posting_time=1, **overrides
	)


def create_dunning(invoice: str):
	"""A submitted ERPNext Dunning of an overdue invoice, as the invoice's Create > Dunning makes it."""
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import create_dunning as map_dunning

	return submit_document(map_dunning(invoice))


def ensure_clerk(doctype: str, email: str) -> str:
	"""A desk user who may create `doctype` but not submit it. No standard v15 role is such for Payment
	Entries or Sales Invoices (their Accounts roles submit), so a role with its own rule is made here, in
	the test's transaction: clear the doctype's cached rules after the rollback."""
	role = f"{doctype} Clerk (test)"
	if not frappe.db.exists("Role", role):
		frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert()
	add_permission(doctype, role, ptype="create")  # copies the standard rules first
	for ptype in ("read", "write"):
		update_permission_property(doctype, role, 0, ptype, 1)
	return ensure_user(email, ["Sales User", role])


def ensure_stock_item(code: str = TEST_STOCK_ITEM) -> str:
	return ensure_item(code, stock=True)


def stores(company: str = TEST_COMPANY) -> str:
	"""A warehouse of the company where goods are kept: its Stores (made with the company)."""
	return frappe.db.get_value("Warehouse", {"company": company, "is_group": 0, "name": ("like", "Stores%")})


def create_delivery_note(customer: str, items: list[dict], company: str = TEST_COMPANY):
	"""A submitted delivery of `items` to the customer, from the company's stores; the stock items are
	received there first."""
	warehouse = stores(company)
	for item in items:
		if frappe.get_cached_value("Item", item["item_code"], "is_stock_item"):
			receipt = {
				"doctype": "Stock Entry",
				"stock_entry_type": "Material Receipt",
				"company": company,
				"items": [
					{
						"item_code": item["item_code"],
						"qty": item["qty"],
						"t_warehouse": warehouse,
						"basic_rate": 10,
					}
				],
			}
			submit_document(receipt)
	delivery = {
		"doctype": "Delivery Note",
		"customer": customer,
		"company": company,
		"items": [{"warehouse": warehouse, **item} for item in items],
	}
	return submit_document(delivery)


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
		"company": TEST_COMPANY,
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


def bench_argv(*args: str) -> tuple[list[str], str]:
	"""(argv, folder) of `bench --site SITE <args>` as an admin runs it, from the bench folder; the
	bench's own entry point (what `bench` runs) where the bench CLI is not installed."""
	if cli := shutil.which("bench"):
		return [cli, "--site", frappe.local.site, *args], str(Path(frappe.local.sites_path).resolve().parent)
	return frappe_cli(*args), frappe.local.sites_path


def discard_queued_jobs(*job_ids: str):
	"""Take a test's jobs out of the bench's queue (no worker runs during the tests): a later test that
	starts workers must not wait for them."""
	from rq.exceptions import NoSuchJobError
	from rq.job import Job

	from frappe.utils.background_jobs import create_job_id, get_redis_conn

	connection = get_redis_conn()
	for job_id in job_ids:
		try:
			Job.fetch(create_job_id(job_id), connection=connection).delete()
		except NoSuchJobError:
			pass


def bench(*args: str) -> subprocess.CompletedProcess:
	"""Run a bench command in a new process and wait. Commit before calling: the command sees only
	committed data."""
	argv, folder = bench_argv(*args)
	result = subprocess.run(argv, cwd=folder, capture_output=True, text=True, timeout=600)  # nosec B603
	frappe.db.commit()  # end this connection's snapshot: see what the command committed
	return result


def bench_process(*args: str) -> subprocess.Popen:
	"""Start a bench command without waiting (to run two at once)."""
	argv, folder = bench_argv(*args)
	return subprocess.Popen(  # nosec B603 - fixed argv, no shell
		argv, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
	)
