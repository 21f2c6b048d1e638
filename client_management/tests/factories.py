"""Test data factories: the one place tests create records (the records benchmarks need too live
in client_management.sample_data and are re-exported here)."""

import shutil
import subprocess  # nosec B404 - bench commands, run as an admin runs them
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, random_string, today

import erpnext

from client_management.sample_data import (  # noqa: F401 - the tests' factories too
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
	"""A client of the default company, and the Finance tab's figures of that company."""

	def setUp(self):
		self.company = erpnext.get_default_company()
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
