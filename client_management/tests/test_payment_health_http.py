"""Payment health over real HTTP (`frappe serve` on a loopback port, one session per role): the figures
are ledger figures, read by Accounts roles and Client Managers; a Sales User, who reads the client but
neither Sales Invoices nor the ledger, gets none of them on any channel and cannot write them. The server
is another process: the data is committed here and removed after the class."""

import json
import os

import frappe
from frappe.utils import add_days, random_string, today
from frappe.utils.password import update_password

from client_management.payment_health import HEALTH_FIELDS
from client_management.tests.factories import (
	ClientTestCase,
	create_client,
	create_sales_invoice,
	ensure_user,
	remove_committed,
)
from client_management.tests.served_site import PASSWORD, Session, refused, served_site

PORT = int(os.environ.get("ROLES_PORT", "8125"))
TAG = random_string(6).lower()
ROLES = {
	"sales_user": ["Sales User"],
	"sales_manager": ["Sales Manager"],
	"accounts_user": ["Accounts User"],
	"client_manager": ["Client Manager"],
}
FIGURES = ("outstanding_amount", "overdue_amount", "days_sales_outstanding", "last_payment_date")


def records_of(body: dict) -> list[dict]:
	"""The client records of a response: a document, a list of them, or a report's keys and values."""
	data = body.get("data", body.get("message", body.get("docs")))
	if isinstance(data, dict) and "keys" in data:
		return [dict(zip(data["keys"], values, strict=True)) for values in data["values"]]
	return data if isinstance(data, list) else [data]


class TestPaymentHealthOverHttp(ClientTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.server = served_site(PORT)  # first: a busy port stops the class before it commits records
		cls.url = cls.server.__enter__()
		frappe.set_user("Administrator")
		cls.users = {
			role: ensure_user(f"health-{role}-{TAG}@example.com", roles) for role, roles in ROLES.items()
		}
		for user in cls.users.values():
			update_password(user, PASSWORD)
		client = create_client(company_name=f"Health {TAG} Debtors")
		cls.invoice = create_sales_invoice(
			client.customer,
			rate=640,
			posting_date=add_days(today(), -40),
			due_date=add_days(today(), -25),
			set_posting_time=1,
		)
		cls.client = client.name
		frappe.db.commit()
		cls.stored = frappe.db.get_value("Client", cls.client, HEALTH_FIELDS, as_dict=True)
		cls.sessions = {}

	@classmethod
	def tearDownClass(cls):
		cls.server.__exit__(None, None, None)
		frappe.set_user("Administrator")
		frappe.db.rollback()
		remove_committed("Sales Invoice", cls.invoice.name)
		frappe.delete_doc("Client", cls.client, force=True)
		for user in cls.users.values():
			frappe.delete_doc("User", user, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def session(self, role: str) -> Session:
		if role not in self.sessions:
			self.sessions[role] = Session(self.url, self.users[role])
		return self.sessions[role]

	def reads(self, session: Session) -> dict:
		"""Every way a desk user reads a client's fields, asked for the health figures."""
		fields = json.dumps(["name", *FIGURES])
		return {
			"resource": session.get(f"/api/resource/Client/{self.client}"),
			"get": session.method("frappe.client.get", doctype="Client", name=self.client),
			"form": session.method("frappe.desk.form.load.getdoc", doctype="Client", name=self.client),
			"get_value": session.method(
				"frappe.client.get_value", doctype="Client", fieldname=fields, filters=self.client
			),
			"get_list": session.method(
				"frappe.client.get_list",
				doctype="Client",
				fields=fields,
				filters=json.dumps({"name": self.client}),
			),
			"list": session.get(
				"/api/resource/Client", fields=fields, filters=json.dumps({"name": self.client})
			),
			"reportview": session.method(
				"frappe.desk.reportview.get",
				"POST",
				doctype="Client",
				fields=json.dumps([f"`tabClient`.`{field}`" for field in ("name", *FIGURES)]),
				filters=json.dumps({"name": self.client}),
			),
		}

	def test_the_stored_figures_are_erpnexts(self):
		self.assertEqual(self.stored.overdue_amount, self.invoice.outstanding_amount)
		self.assertGreater(self.stored.days_sales_outstanding, 0)

	def test_sales_roles_read_the_client_but_none_of_its_health_figures(self):
		for role in ("sales_user", "sales_manager"):
			for channel, response in self.reads(self.session(role)).items():
				with self.subTest(role=role, channel=channel):
					self.assertEqual(response.status_code, 200, response.text[:300])
					(record,) = records_of(response.json())
					self.assertEqual(record["name"], self.client)
					# left out, or blanked (Frappe gives a number field it strips as 0)
					self.assertFalse({field: record[field] for field in FIGURES if record.get(field)})
			total = self.session(role).method(
				"frappe.client.get_list",
				doctype="Client",
				fields=json.dumps(["sum(overdue_amount) as total"]),
			)
			self.assertNotIn('"total"', total.text)
			for method, args in (
				("client_management.api.payment_health.get_dso_trend", {"client": self.client}),
				("client_management.api.payment_health.clients_in_follow_up", {}),
				(
					"client_management.client_management.dashboard_chart_source.overdue_by_client.overdue_by_client.get",
					{},
				),
			):
				with self.subTest(role=role, method=method):
					self.assertEqual(self.session(role).method(method, **args).status_code, 403)

	def test_follow_ups_are_refused_to_sales_roles_and_guests(self):
		"""Send Follow-up Now and its preview: Accounts roles and Client Managers only."""
		customer = frappe.db.get_value("Client", self.client, "customer")
		for role in ("guest", "sales_user", "sales_manager"):
			session = Session(self.url) if role == "guest" else self.session(role)
			for method, http in (("preview_follow_up", "GET"), ("send_follow_up_now", "POST")):
				with self.subTest(role=role, method=method):
					response = session.method(
						f"client_management.api.follow_ups.{method}", http, client=self.client
					)
					self.assertIn(response.status_code, (401, 403), response.text[:300])
		frappe.db.rollback()
		self.assertFalse(frappe.db.exists("Dunning", {"customer": customer}))  # nothing was sent

	def test_accounts_users_and_client_managers_read_them(self):
		for role in ("accounts_user", "client_manager"):
			with self.subTest(role=role):
				doc = self.session(role).get(f"/api/resource/Client/{self.client}").json()["data"]
				self.assertEqual(doc["overdue_amount"], self.stored.overdue_amount)
				self.assertEqual(doc["outstanding_amount"], self.stored.outstanding_amount)
				self.assertEqual(doc["days_sales_outstanding"], self.stored.days_sales_outstanding)
		trend = "client_management.api.payment_health.get_dso_trend"
		self.assertEqual(self.session("accounts_user").method(trend, client=self.client).status_code, 200)
		self.assertEqual(self.session("client_manager").method(trend, client=self.client).status_code, 403)

	def test_no_role_writes_them(self):
		for role in ("sales_user", "client_manager"):
			with self.subTest(role=role):
				response = self.session(role).put(
					f"/api/resource/Client/{self.client}",
					{"overdue_amount": 1, "outstanding_amount": 1, "days_sales_outstanding": 1},
				)
				self.assertFalse(refused(response), response.text[:300])  # the save goes through
				frappe.db.rollback()
				stored = frappe.db.get_value("Client", self.client, FIGURES[:3], as_dict=True)
				self.assertEqual(
					(stored.outstanding_amount, stored.overdue_amount, stored.days_sales_outstanding),
					(
						self.stored.outstanding_amount,
						self.stored.overdue_amount,
						self.stored.days_sales_outstanding,
					),
				)
