"""Payment health over real HTTP (`frappe serve` on a loopback port, one session per role): the figures
are ledger figures, read by Accounts roles and Client Managers; a Sales User, who reads the client but
neither Sales Invoices nor the ledger, gets none of them on any channel, cannot infer them by filtering,
sorting or grouping clients, and cannot write them. The server is another process: the data is
committed here and removed after the class."""

import json
import os

import frappe
from frappe.utils import add_days, random_string, today
from frappe.utils.password import update_password

from client_management.payment_health import HEALTH, payment_health_of
from client_management.tests.factories import (
	ClientTestCase,
	create_client,
	create_sales_invoice,
	ensure_user,
	remove_committed,
	use_test_outgoing_email,
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
HEALTH_URL = f"/api/resource/{HEALTH}"


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
		use_test_outgoing_email()
		portal_user = frappe.get_doc(  # the client's own portal login
			{
				"doctype": "Customer Portal User",
				"client": client.name,
				"email": f"health-portal-{TAG}@example.com",
			}
		).insert()
		update_password(portal_user.user, PASSWORD)
		cls.portal_user = portal_user.name
		cls.users["portal_user"] = portal_user.user
		frappe.db.commit()
		cls.stored = frappe._dict(payment_health_of(cls.client))
		cls.sessions = {}

	@classmethod
	def tearDownClass(cls):
		cls.server.__exit__(None, None, None)
		frappe.set_user("Administrator")
		frappe.db.rollback()
		remove_committed("Sales Invoice", cls.invoice.name)
		frappe.delete_doc("Customer Portal User", cls.portal_user, force=True)
		frappe.delete_doc("Client", cls.client, force=True)
		for user in cls.users.values():
			frappe.delete_doc("User", user, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def session(self, role: str) -> Session:
		if role not in self.sessions:
			self.sessions[role] = Session(self.url, self.users.get(role))  # "guest": not logged in
		return self.sessions[role]

	def reads(self, session: Session) -> dict:
		"""Every way a desk user reads the figures: the client's channels (which must not carry them)
		and the Client Payment Health's (which must be refused)."""
		fields = json.dumps(["name", *FIGURES])
		return {
			"client resource": session.get(f"/api/resource/Client/{self.client}"),
			"client form": session.method("frappe.desk.form.load.getdoc", doctype="Client", name=self.client),
			"client list": session.get(
				"/api/resource/Client", fields='["*"]', filters=json.dumps({"name": self.client})
			),
			"health resource": session.get(f"{HEALTH_URL}/{self.client}"),
			"health list": session.get(HEALTH_URL, fields=fields),
			"health get_value": session.method(
				"frappe.client.get_value",
				doctype=HEALTH,
				fieldname=json.dumps(FIGURES),
				filters=json.dumps({"client": self.client}),
			),
			"health reportview": session.method(
				"frappe.desk.reportview.get", "POST", doctype=HEALTH, fields=fields
			),
			"health count": session.method(
				"frappe.desk.reportview.get_count",
				doctype=HEALTH,
				filters=json.dumps([[HEALTH, "overdue_amount", ">", 0]]),
			),
			"health group by": session.method(
				"frappe.desk.listview.get_group_by_count",
				"POST",
				doctype=HEALTH,
				current_filters="[]",
				field="client",
			),
			"follow-up card": session.method(
				"frappe.desk.doctype.number_card.number_card.get_result",
				"POST",
				doc=frappe.get_doc("Number Card", "Clients in Follow-up").as_json(),
				filters=json.dumps([[HEALTH, "overdue_amount", ">", 0]]),
			),
		}

	def probes(self, session: Session, above: bool) -> dict:
		"""Questions about the client's overdue asked through what a Sales User may list, each as
		"above 100" or its opposite: an answer that differs between the two tells the figure."""
		condition = [">", 100] if above else ["<=", 100]
		name = {"name": self.client}
		return {
			"filter": session.get(
				"/api/resource/Client",
				filters=json.dumps(
					[["Client", "overdue_amount", *condition], ["Client", "name", "=", self.client]]
				),
			),
			"filter through the health": session.get(
				"/api/resource/Client",
				filters=json.dumps(
					[[HEALTH, "overdue_amount", *condition], ["Client", "name", "=", self.client]]
				),
			),
			"reportview filter": session.method(
				"frappe.desk.reportview.get",
				"POST",
				doctype="Client",
				fields=json.dumps(["name"]),
				filters=json.dumps([["Client", "overdue_amount", *condition]]),
			),
			"count": session.method(
				"frappe.client.get_count",
				doctype="Client",
				filters=json.dumps([["overdue_amount", *condition], ["name", "=", self.client]]),
			),
			"sort": session.get(
				"/api/resource/Client",
				filters=json.dumps(name),
				order_by="overdue_amount asc" if above else "overdue_amount desc",
			),
			"group by": session.method(
				"frappe.desk.listview.get_group_by_count",
				"POST",
				doctype="Client",
				current_filters=json.dumps([["Client", "name", "=", self.client]]),
				field="overdue_amount",
			),
		}

	def test_the_stored_figures_are_erpnexts(self):
		self.assertEqual(self.stored.overdue_amount, self.invoice.outstanding_amount)
		self.assertGreater(self.stored.days_sales_outstanding, 0)

	def test_sales_roles_read_the_client_but_none_of_its_health_figures(self):
		for role in ("sales_user", "sales_manager"):
			for channel, response in self.reads(self.session(role)).items():
				with self.subTest(role=role, channel=channel):
					if channel.startswith("client"):
						self.assertEqual(response.status_code, 200, response.text[:300])
						(record,) = records_of(response.json())
						self.assertEqual(record["name"], self.client)
						self.assertFalse(set(FIGURES) & set(record))
					else:
						self.assertEqual(response.status_code, 403, response.text[:300])
			for method, args in (
				("client_management.api.payment_health.get_dso_trend", {"client": self.client}),
				(
					"client_management.client_management.dashboard_chart_source.overdue_by_client.overdue_by_client.get",
					{},
				),
			):
				with self.subTest(role=role, method=method):
					self.assertEqual(self.session(role).method(method, **args).status_code, 403)

	def test_guests_and_the_clients_own_portal_user_get_none_of_it(self):
		for role in ("guest", "portal_user"):
			session = self.session(role)
			for channel, response in self.reads(session).items():
				with self.subTest(role=role, channel=channel):
					self.assertTrue(refused(response), response.text[:300])
			above, below = self.probes(session, above=True), self.probes(session, above=False)
			for probe in above:
				with self.subTest(role=role, probe=probe):
					# refused, or an error (a field the Client no longer has): no answer either way
					self.assertFalse(above[probe].ok or below[probe].ok, above[probe].text[:300])
					self.assertEqual(above[probe].status_code, below[probe].status_code)
			for method in (
				"client_management.api.payment_health.get_dso_trend",
				"client_management.client_management.dashboard_chart_source.overdue_by_client.overdue_by_client.get",
			):
				with self.subTest(role=role, method=method):
					self.assertTrue(refused(session.method(method, client=self.client)))

	def test_sales_roles_cannot_tell_the_figures_by_filtering_sorting_or_grouping_clients(self):
		self.assertGreater(self.stored.overdue_amount, 100)  # so "above 100" is the true one
		for role in ("sales_user", "sales_manager"):
			session = self.session(role)
			above, below = self.probes(session, above=True), self.probes(session, above=False)
			for probe in above:
				with self.subTest(role=role, probe=probe):
					answers = [(r.status_code, r.text if r.ok else "") for r in (above[probe], below[probe])]
					self.assertEqual(answers[0], answers[1])
					self.assertNotIn(str(int(self.stored.overdue_amount)), above[probe].text)
		# the same question, asked by a role that may read the figures, is answered
		accounts = self.session("accounts_user")
		owing = [
			accounts.get(
				HEALTH_URL, filters=json.dumps([[HEALTH, "overdue_amount", *condition]]), limit_page_length=0
			)
			for condition in ([">", 100], ["<=", 100])
		]
		self.assertIn(self.client, owing[0].text)
		self.assertNotIn(self.client, owing[1].text)

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
				doc = self.session(role).get(f"{HEALTH_URL}/{self.client}").json()["data"]
				self.assertEqual(doc["overdue_amount"], self.stored.overdue_amount)
				self.assertEqual(doc["outstanding_amount"], self.stored.outstanding_amount)
				self.assertEqual(doc["days_sales_outstanding"], self.stored.days_sales_outstanding)
				form = self.session(role).method(
					"frappe.desk.form.load.getdoc", doctype="Client", name=self.client
				)
				health = form.json()["docs"][0]["__onload"]["payment_health"]
				self.assertEqual(health["overdue_amount"], self.stored.overdue_amount)
		trend = "client_management.api.payment_health.get_dso_trend"
		self.assertEqual(self.session("accounts_user").method(trend, client=self.client).status_code, 200)
		self.assertEqual(self.session("client_manager").method(trend, client=self.client).status_code, 403)

	def test_no_role_writes_them(self):
		figures = {"overdue_amount": 1, "outstanding_amount": 1, "days_sales_outstanding": 1}
		for role in ("sales_user", "accounts_user", "client_manager"):
			with self.subTest(role=role):
				session = self.session(role)
				self.assertTrue(refused(session.put(f"{HEALTH_URL}/{self.client}", figures)))
				self.assertTrue(
					refused(
						session.post(
							HEALTH_URL, data={"data": json.dumps({"client": self.client, **figures})}
						)
					)
				)
				self.assertTrue(
					refused(session.http.delete(f"{self.url}{HEALTH_URL}/{self.client}", timeout=60))
				)
				if role != "accounts_user":  # who reads clients only
					saved = session.put(f"/api/resource/Client/{self.client}", figures)  # the Client has none
					self.assertFalse(refused(saved), saved.text[:300])
				frappe.db.rollback()
				self.assertEqual(
					frappe._dict(payment_health_of(self.client)).overdue_amount, self.stored.overdue_amount
				)
