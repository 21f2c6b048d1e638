"""Roles hold: every role attacked over real HTTP, against `frappe serve` on a loopback port.

One logged-in session per role (Guest, portal users of clients A and B, Sales User, a Sales User
restricted to client A by a User Permission, Sales Manager, Accounts User, Client Manager) and a
System Manager as the victim. The server is another process, so the data is committed here and
removed after the class.
"""

import json
import os

import frappe
from frappe.utils import random_string
from frappe.utils.password import update_password

from client_management.imports.job import run_check
from client_management.statements import OPEN_ITEM, build_statement
from client_management.statements.delivery import attach_pdf, log_statement
from client_management.tests.factories import (
	TEST_COMPANY,
	ClientTestCase,
	create_client,
	create_sales_invoice,
	discard_queued_jobs,
	ensure_user,
	remove_committed,
	use_test_outgoing_email,
)
from client_management.tests.served_site import PASSWORD, Session, refused, rows_of, served_site
from client_management.tests.unit.test_import_sheets import sheet_bomb

PORT = int(os.environ.get("ROLES_PORT", "8125"))
TAG = random_string(6).lower()
DESK_USERS = {
	"sales_user": ["Sales User"],
	"restricted": ["Sales User"],  # restricted to client A by a User Permission
	"sales_manager": ["Sales Manager"],
	"accounts_user": ["Accounts User"],
	"client_manager": ["Client Manager"],
	"victim": ["System Manager"],
}
NOTE = "Internal margin note: do not show the client"


def user_email(role: str) -> str:
	return f"roles-{role.replace('_', '-')}-{TAG}@example.com"


class TestRolesHold(ClientTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.server = served_site(PORT)  # first: a busy port stops the class before it commits records
		cls.url = cls.server.__enter__()
		frappe.set_user("Administrator")
		cls.email_account = use_test_outgoing_email()
		cls.users = {role: ensure_user(user_email(role), roles) for role, roles in DESK_USERS.items()}
		for user in cls.users.values():
			update_password(user, PASSWORD)
		cls.a = cls.make_client("A")
		cls.b = cls.make_client("B")
		cls.user_permission = (
			frappe.get_doc(
				{
					"doctype": "User Permission",
					"user": cls.users["restricted"],
					"allow": "Client",
					"for_value": cls.a.client,
				}
			)
			.insert()
			.name
		)
		frappe.db.commit()
		cls.sessions = {}

	@classmethod
	def make_client(cls, key: str) -> frappe._dict:
		company = TEST_COMPANY
		client = create_client(
			accounts=[  # a receivable account row: the company's own, so nothing to remove afterwards
				{
					"company": company,
					"account": frappe.get_cached_value("Company", company, "default_receivable_account"),
				}
			]
			if key == "B"
			else [],
			company_name=f"Roles {key} {TAG} Industries",
			notes=f"<p>{NOTE} {key}</p>",
			contacts=[
				{
					"first_name": "Ann",
					"last_name": key,
					"email": f"ann.{key.lower()}.{TAG}@roles-{key.lower()}.example.com",
					"phone": "+33 1 42 68 53 0" + ("1" if key == "A" else "2"),
				}
			],
		)
		portal_user = frappe.get_doc(
			{
				"doctype": "Customer Portal User",
				"client": client.name,
				"email": f"portal-{key.lower()}-{TAG}@example.com",
			}
		).insert()
		update_password(portal_user.user, PASSWORD)
		invoice = create_sales_invoice(client.customer, rate=100)
		statement = build_statement(client.name, invoice.company, OPEN_ITEM)
		log = log_statement(statement, [client.contacts[0].email])
		pdf = attach_pdf(log, statement)
		client.add_comment("Comment", f"{NOTE} (comment on {key})")
		secret = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"secret-{key}-{TAG}.txt",
				"content": f"private to {key}",
				"attached_to_doctype": "Client",
				"attached_to_name": client.name,
				"is_private": 1,
			}
		).insert()
		return frappe._dict(
			client=client.name,
			customer=client.customer,
			contact=client.contacts[0].contact,
			contact_email=client.contacts[0].email,
			address=client.billing_address,
			portal_user=portal_user.name,
			user=portal_user.user,
			invoice=invoice,
			log=log.name,
			pdf=pdf.file_url,
			secret=secret.file_url,
		)

	@classmethod
	def tearDownClass(cls):
		cls.server.__exit__(None, None, None)
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.delete_doc("User Permission", cls.user_permission, force=True)
		for data in (cls.a, cls.b):
			remove_committed("Sales Invoice", data.invoice.name)
			frappe.delete_doc("Statement Log", data.log, force=True)
		# everything of this run, also what an attack that worked would have left
		tagged = {"owner": ("like", f"%{TAG}@example.com")}
		for name in frappe.get_all("Client Import", tagged, pluck="name"):
			frappe.delete_doc("Client Import", name, force=True)
		for name in frappe.get_all("Customer Portal User", {"email": ("like", f"%{TAG}%")}, pluck="name"):
			frappe.delete_doc("Customer Portal User", name, force=True)
		for name in frappe.get_all("Client", {"company_name": ("like", f"%{TAG}%")}, pluck="name"):
			frappe.delete_doc("Client", name, force=True)
		for user in frappe.get_all("User", {"name": ("like", f"%{TAG}@example.com")}, pluck="name"):
			frappe.delete_doc("User", user, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def session(self, who: str | None) -> Session:
		"""`who`: None for Guest, "A"/"B" for the portal users, else a desk role of DESK_USERS."""
		if who not in self.sessions:
			user = {None: None, "A": self.a.user, "B": self.b.user}.get(who, self.users.get(who))
			self.sessions[who] = Session(self.url, user)
		return self.sessions[who]

	def fresh_session(self, who: str) -> Session:
		self.sessions.pop(who, None)
		return self.session(who)

	# --- 1. child rows: nobody reads contact rows of a client they cannot read

	def child_row_reads(
		self,
		session: Session,
		doctype: str = "Client Contact",
		fieldnames=("name", "parent", "email", "phone"),
		parent_doctype: str = "Client",
		parent: str | None = None,
	) -> dict:
		fields = json.dumps(list(fieldnames))
		of_b = json.dumps({"parent": parent or self.b.client})
		return {
			"resource": session.get(f"/api/resource/{doctype}", parent=parent_doctype, fields=fields),
			"get_list": session.method(
				"frappe.client.get_list", doctype=doctype, parent=parent_doctype, fields=fields
			),
			"get_value": session.method(
				"frappe.client.get_value",
				doctype=doctype,
				parent=parent_doctype,
				fieldname=fields,
				filters=of_b,
			),
			"reportview": session.method(
				"frappe.desk.reportview.get",
				"POST",
				doctype=doctype,
				parent_doctype=parent_doctype,
				fields=fields,
			),
			"get_count": session.method(
				"frappe.client.get_count", doctype=doctype, parent=parent_doctype, filters=of_b
			),
		}

	def test_portal_users_and_guest_list_no_client_contacts(self):
		for who in ("A", "B", None):
			for path, response in self.child_row_reads(self.session(who)).items():
				with self.subTest(who=who, path=path):
					self.assertNotIn(
						self.b.contact_email if who != "B" else self.a.contact_email, response.text
					)
					if path == "get_count" and response.status_code == 200:
						self.assertEqual(response.json()["message"], 0)

	def test_a_user_restricted_to_a_reads_only_a_rows(self):
		for path, response in self.child_row_reads(self.session("restricted")).items():
			with self.subTest(path=path):
				self.assertNotIn(self.b.contact_email, response.text)
				if path == "get_count" and response.status_code == 200:
					self.assertEqual(response.json()["message"], 0)
		own = self.session("restricted").get(
			"/api/resource/Client Contact",
			parent="Client",
			fields=json.dumps(["parent", "email"]),
			limit_page_length=0,
		)
		self.assertIn(self.a.contact_email, own.text)

	def test_receivable_account_rows_of_b_are_read_by_no_one_who_cannot_read_b(self):
		for who in ("A", None, "restricted"):
			reads = self.child_row_reads(self.session(who), "Client Account", ("name", "parent", "account"))
			for path, response in reads.items():
				with self.subTest(who=who, path=path):
					self.assertNotIn(self.b.client, response.text)
					if path == "get_count" and response.status_code == 200:
						self.assertEqual(response.json()["message"], 0)
		manager = self.session("client_manager").get(
			"/api/resource/Client Account",
			parent="Client",
			fields=json.dumps(["parent", "account"]),
			filters=json.dumps({"parent": self.b.client}),
		)
		self.assertIn(self.b.client, manager.text)

	def test_statement_recipients_of_b_are_read_by_no_one_who_cannot_read_b_logs(self):
		def reads(who):
			return self.child_row_reads(
				self.session(who),
				"Statement Log Recipient",
				("name", "parent", "email"),
				"Statement Log",
				self.b.log,
			)

		for who in ("A", None, "restricted", "sales_user"):
			for path, response in reads(who).items():
				with self.subTest(who=who, path=path):
					self.assertNotIn(self.b.contact_email, response.text)
					if path == "get_count" and response.status_code == 200:
						self.assertEqual(response.json()["message"], 0)
		self.assertIn(self.b.contact_email, reads("accounts_user")["resource"].text)

	def test_workspace_charts_give_portal_users_and_guest_nothing_and_sales_users_theirs(self):
		charts = {
			"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": {
				"chart_name": "Clients by Lead Source"
			},
			"client_management.client_management.dashboard_chart_source.top_outstanding_clients."
			"top_outstanding_clients.get": {"chart_name": "Top 10 Outstanding by Client"},
		}
		self.session("client_manager").method(  # fills v15's shared chart cache with every client
			"frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
			chart_name="Clients by Lead Source",
			refresh=1,
		)
		for who in ("A", None):
			for method, args in charts.items():
				with self.subTest(who=who, method=method):
					response = self.session(who).method(method, **args)  # no refresh: the cache path
					self.assertTrue(refused(response), response.text[:300])
		sales = self.session("sales_user").method(
			"frappe.desk.doctype.dashboard_chart.dashboard_chart.get", chart_name="Clients by Lead Source"
		)
		self.assertEqual(sales.status_code, 200, sales.text[:300])

	def test_desk_roles_still_read_contact_rows(self):
		for who in ("sales_user", "sales_manager", "accounts_user", "client_manager"):
			with self.subTest(who=who):
				response = self.session(who).get(
					"/api/resource/Client Contact",
					parent="Client",
					fields=json.dumps(["parent", "email"]),
					filters=json.dumps({"parent": self.b.client}),
				)
				self.assertEqual(response.status_code, 200, response.text[:300])
				self.assertIn(self.b.contact_email, response.text)

	# --- 2. a portal customer sees its own client through the portal page only

	def test_portal_user_reads_no_internal_data_of_its_own_client(self):
		a = self.session("A")
		attempts = {
			"resource": a.get(f"/api/resource/Client/{self.a.client}"),
			"getdoc": a.method("frappe.desk.form.load.getdoc", doctype="Client", name=self.a.client),
			"get": a.method("frappe.client.get", doctype="Client", name=self.a.client),
			"printview": a.get("/printview", doctype="Client", name=self.a.client),
			"pdf": a.method("frappe.utils.print_format.download_pdf", doctype="Client", name=self.a.client),
			"list": a.get("/api/resource/Client", fields=json.dumps(["name", "notes"])),
			"comments": a.get(
				"/api/resource/Comment",
				fields=json.dumps(["content"]),
				filters=json.dumps({"reference_name": self.a.client}),
			),
			"versions": a.get(
				"/api/resource/Version",
				fields=json.dumps(["data"]),
				filters=json.dumps({"docname": self.a.client}),
			),
			"attachment": a.get(self.a.secret),
			"statement log": a.get(f"/api/resource/Statement Log/{self.a.log}"),
		}
		for path, response in attempts.items():
			with self.subTest(path=path):
				self.assertNotIn(NOTE, response.text)
				self.assertNotIn("private to A", response.text)
				self.assertNotIn(self.users["sales_user"], response.text)
				if path in ("resource", "getdoc", "get", "attachment", "statement log"):
					self.assertTrue(refused(response), f"{path}: {response.status_code}")

		page = a.get("/client-portal")
		self.assertEqual(page.status_code, 200)
		self.assertIn(f"Roles A {TAG} Industries", page.text)
		self.assertIn(self.a.invoice.name, page.text)
		self.assertNotIn(NOTE, page.text)
		self.assertNotIn(self.b.client, page.text)
		statement = a.method("client_management.api.portal.download_statement", statement_type=OPEN_ITEM)
		self.assertEqual(statement.status_code, 200, statement.text[:300])
		self.assertTrue(statement.content.startswith(b"%PDF"))
		self.assertIn(self.a.client, statement.headers["Content-Disposition"])
		other_company = a.method(  # only a company the client has transactions in
			"client_management.api.portal.download_statement",
			statement_type=OPEN_ITEM,
			company=f"No Such Company {TAG}",
		)
		self.assertEqual(other_company.status_code, 417, other_company.text[:300])
		self.assertIn("no statement from", other_company.text)
		self.assertFalse(other_company.content.startswith(b"%PDF"))

	def test_guest_reads_nothing(self):
		guest = self.session(None)
		for response in (
			guest.get(f"/api/resource/Client/{self.a.client}"),
			guest.get("/api/resource/Client"),
			guest.get(f"/api/resource/Statement Log/{self.a.log}"),
			guest.get(self.a.pdf),
			guest.method("client_management.api.portal.download_statement", statement_type=OPEN_ITEM),
			guest.method("client_management.api.client.get_finance_summary", client=self.a.client),
		):
			self.assertTrue(refused(response), response.url)
		self.assertIn(guest.get("/client-portal").status_code, (301, 302))

	# --- 3. Customer Portal User: client, email and user are set once; only portal-only users change

	def test_sales_manager_cannot_take_over_another_account(self):
		manager = self.session("sales_manager")
		path = f"/api/resource/Customer Portal User/{self.b.portal_user}"
		for field, value in (
			("user", self.users["victim"]),
			("email", f"attacker-{TAG}@example.com"),
			("client", self.a.client),
		):
			with self.subTest(field=field):
				self.assertTrue(refused(manager.put(path, {field: value})))
		stored = frappe.db.get_value(
			"Customer Portal User", self.b.portal_user, ["user", "email", "client"], as_dict=True
		)
		self.assertEqual((stored.user, stored.client), (self.b.user, self.b.client))

		# a new portal user naming the victim: refused by email, and `user` never comes from input
		victim_invite = manager.post(
			"/api/resource/Customer Portal User",
			data={"data": json.dumps({"client": self.a.client, "email": self.users["victim"]})},
		)
		self.assertTrue(refused(victim_invite))
		smuggled = manager.post(
			"/api/resource/Customer Portal User",
			data={
				"data": json.dumps(
					{
						"client": self.a.client,
						"email": f"new-portal-{TAG}@example.com",
						"user": self.users["victim"],
						"enabled": 0,
					}
				)
			},
		)
		self.assertEqual(smuggled.status_code, 200, smuggled.text[:500])
		self.assertEqual(smuggled.json()["data"]["user"], f"new-portal-{TAG}@example.com")
		self.assertEqual(frappe.db.get_value("User", self.users["victim"], "enabled"), 1)
		self.assertTrue(Session(self.url, self.users["victim"]))  # the victim still logs in

	def test_switch_and_delete_never_touch_a_desk_user(self):
		frappe.set_user("Administrator")
		sales_user = self.users["sales_user"]
		row = frappe.get_doc(
			{
				"doctype": "Customer Portal User",
				"client": self.a.client,
				"email": f"mixed-{TAG}@example.com",
			}
		).insert()
		frappe.get_doc("User", row.user).add_roles("Sales User")  # later given a desk role
		update_password(row.user, PASSWORD)
		frappe.db.commit()
		# still a portal user to our permission hooks: no client through the desk API
		mixed = Session(self.url, row.user)
		self.assertTrue(refused(mixed.get(f"/api/resource/Client/{self.a.client}")))
		self.assertEqual(rows_of(mixed.get("/api/resource/Client")), [])
		self.assertTrue(
			refused(
				self.session("client_manager").put(
					f"/api/resource/Customer Portal User/{row.name}", {"enabled": 0}
				)
			)
		)
		self.assertEqual(frappe.db.get_value("User", row.user, "enabled"), 1)
		deleted = self.session("client_manager").http.delete(
			f"{self.url}/api/resource/Customer Portal User/{row.name}", timeout=60
		)
		self.assertEqual(deleted.status_code, 202, deleted.text[:300])
		self.assertEqual(frappe.db.get_value("User", row.user, "enabled"), 1)
		self.assertEqual(frappe.db.get_value("User", sales_user, "enabled"), 1)

	def test_invitation_goes_to_the_users_own_email_only(self):
		manager = self.session("client_manager")
		response = manager.post(
			"/api/method/run_doc_method",
			data={"dt": "Customer Portal User", "dn": self.b.portal_user, "method": "resend_invitation"},
		)
		self.assertEqual(response.status_code, 200, response.text[:300])
		frappe.db.rollback()
		mail = frappe.get_last_doc(
			"Email Queue",
			{"reference_doctype": "Customer Portal User", "reference_name": self.b.portal_user},
		)
		self.assertEqual([r.recipient for r in mail.recipients], [self.b.user])

	def test_disabling_ends_the_session_and_the_erpnext_portal_at_once(self):
		manager = self.session("client_manager")
		path = f"/api/resource/Customer Portal User/{self.b.portal_user}"
		switches = {  # the REST API with JSON, and the Client form's switch (form data: "0" is a string)
			"rest": lambda enabled: manager.put(path, {"enabled": enabled}),
			"client form": lambda enabled: manager.method(
				"frappe.client.set_value",
				"POST",
				doctype="Customer Portal User",
				name=self.b.portal_user,
				fieldname="enabled",
				value=str(enabled),
			),
		}
		for way, switch in switches.items():
			with self.subTest(way):
				b = self.fresh_session("B")
				self.assertIn(self.b.invoice.name, b.get("/invoices").text)
				try:
					self.assertEqual(switch(0).status_code, 200)
					frappe.db.rollback()
					self.assertEqual(frappe.db.get_value("User", self.b.user, "enabled"), 0)
					portal_users = frappe.get_all("Portal User", {"parent": self.b.customer}, pluck="user")
					self.assertNotIn(self.b.user, portal_users)
					self.assertNotIn(self.b.invoice.name, b.get("/invoices").text)
					self.assertNotEqual(b.get("/client-portal").status_code, 200)
				finally:
					self.assertEqual(switch(1).status_code, 200)
				frappe.db.rollback()
				self.assertIn(
					self.b.user, frappe.get_all("Portal User", {"parent": self.b.customer}, pluck="user")
				)
				self.assertIn(self.b.invoice.name, self.fresh_session("B").get("/invoices").text)

	def test_money_dialogs_refuse_desk_roles_without_accounts_rights(self):
		invoice = self.a.invoice
		calls = {  # the Client form's payment, refund and statement composer
			"client_management.api.client.get_available_credits": (
				"GET",
				{"client": self.a.client, "company": invoice.company},
			),
			"client_management.api.client.make_payment": (
				"POST",
				{
					"client": self.a.client,
					"allocations": json.dumps({invoice.name: 1}),
					"mode_of_payment": "Cash",
				},
			),
			"client_management.api.client.make_refund": (
				"POST",
				{
					"client": self.a.client,
					"company": invoice.company,
					"credits": json.dumps({invoice.name: 1}),
					"action": "submit",
					"mode_of_payment": "Cash",
				},
			),
			"client_management.api.statements.prepare_send": (
				"POST",
				{"client": self.a.client, "company": invoice.company, "statement_type": OPEN_ITEM},
			),
		}
		for who in ("sales_user", "sales_manager"):
			for method, (http, args) in calls.items():
				with self.subTest(who=who, method=method):
					self.assertTrue(refused(self.session(who).method(method, http, **args)))
		frappe.db.rollback()
		self.assertFalse(frappe.db.exists("Payment Entry", {"party": self.a.customer, "docstatus": ("<", 2)}))
		allowed = self.session("accounts_user").method(
			"client_management.api.client.get_available_credits",
			"GET",
			client=self.a.client,
			company=invoice.company,
		)
		self.assertEqual(allowed.status_code, 200, allowed.text[:300])

	def test_finance_and_tasks_tabs_give_each_desk_role_what_it_may_read(self):
		summary = "client_management.api.client.get_finance_summary"
		for who in ("sales_user", "sales_manager"):  # ERPNext gives them no read on Sales Invoice
			with self.subTest(who=who):
				response = self.session(who).method(summary, client=self.a.client)
				self.assertEqual(response.status_code, 403, response.text[:300])
		response = self.session("accounts_user").method(summary, client=self.a.client)
		self.assertEqual(response.status_code, 200, response.text[:300])
		figures = response.json()["message"][0]
		self.assertEqual([i["name"] for i in figures["open_invoices"]], [self.a.invoice.name])
		self.assertIn("available_credit", figures)  # the ledger's figures: Accounts roles only

		work = self.session("sales_user").method("client_management.api.work.get_work", client=self.a.client)
		self.assertEqual(work.status_code, 200, work.text[:300])
		self.assertIsNone(work.json()["message"]["tasks"])  # no read on Task
		self.assertTrue(
			refused(
				self.session("restricted").method("client_management.api.work.get_work", client=self.b.client)
			)
		)

	# --- 4. statement e-mail templates run in a sandbox

	def test_a_statement_template_cannot_run_code(self):
		manager = self.session("client_manager")
		attack = "{{ frappe.db.set_value('User', 'Administrator', 'last_name', 'pwned') }}"
		for template in (
			attack,
			"{{ client.company_name.__class__.__mro__ }}",
			"<p>Dear {{ contact_name }}\n{% if %}</p>",
		):
			with self.subTest(template=template):
				response = manager.put(
					"/api/resource/Client Management Settings/Client Management Settings",
					{"statement_email_body": template},
				)
				self.assertTrue(refused(response), response.text[:300])
		syntax = manager.put(
			"/api/resource/Client Management Settings/Client Management Settings",
			{"statement_email_body": "<p>Dear {{ contact_name }}\n{% if %}</p>"},
		)
		self.assertIn("line 2", syntax.text)

		# a template stored before this check (e.g. by an older version) still runs no code
		before = frappe.db.get_single_value("Client Management Settings", "statement_email_body")
		frappe.db.set_single_value("Client Management Settings", "statement_email_body", attack)
		frappe.db.commit()
		try:
			prepared = self.session("accounts_user").method(
				"client_management.api.statements.prepare_send",
				"POST",
				client=self.a.client,
				company=self.a.invoice.company,
				statement_type=OPEN_ITEM,
			)
			self.assertNotEqual(prepared.status_code, 500, prepared.text[:500])
		finally:
			frappe.db.set_single_value("Client Management Settings", "statement_email_body", before)
			frappe.db.commit()
		self.assertNotEqual(frappe.db.get_value("User", "Administrator", "last_name"), "pwned")

	# --- 5. the mirror's links never come from input

	def test_a_sales_user_cannot_point_a_client_at_another_clients_records(self):
		sales = self.session("sales_user")
		path = f"/api/resource/Client/{self.a.client}"
		a_doc = sales.get(path).json()["data"]
		contact_before = frappe.get_doc("Contact", self.b.contact).as_dict()
		row = {**a_doc["contacts"][0], "contact": self.b.contact, "first_name": "Hijacked"}
		for values in (
			{"contacts": [row]},
			{"customer": self.b.customer},
			{"billing_address": self.b.address},
			{"opportunity": None, "shipping_address": self.b.address},
		):
			with self.subTest(values=list(values)):
				self.assertTrue(refused(sales.put(path, values)))
		contact_after = frappe.get_doc("Contact", self.b.contact)
		self.assertEqual(contact_after.first_name, contact_before.first_name)
		self.assertEqual(contact_after.modified, contact_before.modified)

		new = {
			"company_name": f"Hijack {TAG}",
			"client_owner": "Administrator",
			"lead_source": frappe.db.get_value("Client", self.a.client, "lead_source"),
			"inquiry_date": "2026-01-01",
			"finalized_date": "2026-01-02",
			"address_line1": "1 rue X",
			"city": "Paris",
			"country": "France",
		}
		contact = {"first_name": "Eve", "last_name": "Doe", "email": f"eve-{TAG}@example.com"}
		for values in (
			{**new, "contacts": [{**contact, "contact": self.b.contact}]},
			{**new, "contacts": [contact], "customer": self.b.customer},
			{**new, "contacts": [contact], "billing_address": self.b.address},
		):
			with self.subTest(values=[k for k in values if k not in new]):
				response = sales.post("/api/resource/Client", data={"data": json.dumps(values)})
				self.assertTrue(refused(response), response.text[:300])
		self.assertFalse(frappe.db.exists("Client", {"company_name": f"Hijack {TAG}"}))
		self.assertEqual(frappe.get_doc("Contact", self.b.contact).modified, contact_before.modified)

	def test_derived_fields_ignore_input(self):
		sales = self.session("sales_user")
		response = sales.put(
			f"/api/resource/Client/{self.a.client}",
			{
				"project_count": 99,
				"missing_fields": "everything",
				"status": "Incomplete",
				"normalized_name": "x",
				"primary_email": f"x-{TAG}@example.com",
				"follow_up_hold": 1,
			},
		)
		self.assertEqual(response.status_code, 200, response.text[:300])
		frappe.db.rollback()
		stored = frappe.db.get_value(
			"Client",
			self.a.client,
			[
				"project_count",
				"missing_fields",
				"status",
				"normalized_name",
				"primary_email",
				"follow_up_hold",
			],
			as_dict=True,
		)
		self.assertEqual(stored.project_count, 0)
		self.assertIsNone(stored.missing_fields)
		self.assertEqual(stored.status, "Active")
		self.assertNotEqual(stored.normalized_name, "x")
		self.assertEqual(stored.primary_email, self.a.contact_email)
		self.assertEqual(stored.follow_up_hold, 0)  # only the follow-up run puts a client on hold

	# --- Statement Log: written by the send path only, never changed

	def test_statement_logs_cannot_be_forged_or_changed(self):
		forged = {
			"client": self.a.client,
			"company": self.a.invoice.company,
			"statement_type": OPEN_ITEM,
			"statement_date": "2026-01-01",
			"total_due": 0,
		}
		total_due = frappe.db.get_value("Statement Log", self.a.log, "total_due")
		for who in ("accounts_user", "client_manager", "victim"):
			with self.subTest(who=who):
				session = self.session(who)
				self.assertTrue(
					refused(session.post("/api/resource/Statement Log", data={"data": json.dumps(forged)}))
				)
				self.assertTrue(
					refused(session.put(f"/api/resource/Statement Log/{self.a.log}", {"total_due": 1}))
				)
		self.assertEqual(frappe.db.get_value("Statement Log", self.a.log, "total_due"), total_due)

	# --- private files

	def test_no_portal_user_obtains_another_clients_file(self):
		a = self.session("A")
		self.assertRegex(self.b.pdf, r"-[0-9a-f]{24,}\.pdf$")  # not guessable from client and date
		self.assertTrue(refused(a.get(self.b.pdf)))
		self.assertTrue(refused(a.get(self.b.secret)))
		for url in (self.b.pdf, self.b.secret):
			with self.subTest(url=url):
				attached = a.post(
					"/api/resource/File",
					data={
						"data": json.dumps(
							{"file_url": url, "attached_to_doctype": "User", "attached_to_name": self.a.user}
						)
					},
				)
				self.assertTrue(refused(attached), attached.text[:300])
				self.assertTrue(refused(a.get(url)))
		communications = a.get(
			"/api/resource/Communication",
			fields=json.dumps(["name", "content"]),
			filters=json.dumps({"reference_name": self.b.client}),
		)
		self.assertEqual(rows_of(communications), [])

	# --- Client Import: its own file only, capped, checked in a job

	def test_client_import_reads_only_its_own_upload(self):
		manager = self.session("client_manager")
		response = manager.post(
			"/api/resource/Client Import",
			data={"data": json.dumps({"import_file": self.b.pdf, "update_by": "Client Number"})},
		)
		self.assertTrue(refused(response), response.text[:300])

	def test_check_file_runs_in_a_job_and_refuses_a_sheet_bomb(self):
		manager = self.session("client_manager")
		upload = manager.post(
			"/api/method/upload_file",
			files={"file": ("bomb.xlsx", sheet_bomb(), "application/octet-stream")},
			data={"is_private": 1},
		)
		self.assertEqual(upload.status_code, 200, upload.text[:300])
		created = manager.post(
			"/api/resource/Client Import",
			data={
				"data": json.dumps(
					{"import_file": upload.json()["message"]["file_url"], "update_by": "Client Number"}
				)
			},
		)
		self.assertEqual(created.status_code, 200, created.text[:300])
		name = created.json()["data"]["name"]
		try:
			check = {"dt": "Client Import", "dn": name, "method": "check"}
			self.assertEqual(manager.post("/api/method/run_doc_method", data=check).status_code, 200)
			frappe.db.rollback()
			self.assertEqual(frappe.db.get_value("Client Import", name, "status"), "Checking")
			self.assertTrue(refused(manager.post("/api/method/run_doc_method", data=check)))
			start = {"dt": "Client Import", "dn": name, "method": "start"}
			self.assertTrue(refused(manager.post("/api/method/run_doc_method", data=start)))
			# refused or saved, the REST API never sets the status: it stays the check's
			manager.put(f"/api/resource/Client Import/{name}", {"status": "Checked"})
			frappe.db.rollback()  # see what the server committed
			self.assertEqual(frappe.db.get_value("Client Import", name, "status"), "Checking")
			with self.assertRaisesRegex(frappe.ValidationError, "1048576 rows"):
				run_check(name)  # the job, as a worker runs it
			self.assertEqual(frappe.db.get_value("Client Import", name, "status"), "Draft")
		finally:
			frappe.db.rollback()
			frappe.delete_doc("Client Import", name, force=True)
			frappe.db.commit()
			discard_queued_jobs(f"client_import_check::{name}")

	# --- permission-aware reads of the duplicate check and the won-deal prefill

	def test_the_desk_export_holds_only_the_clients_the_user_may_read(self):
		start = "/api/method/client_management.api.imports.start_export"
		for who in (None, "A"):  # Guest, a portal user
			self.assertTrue(refused(self.session(who).post(start, data={"format": "csv"})), who)
		restricted = self.session("restricted")
		started = restricted.post(start, data={"format": "csv"})
		self.assertEqual(started.status_code, 200, started.text[:300])
		download = restricted.get(started.json()["message"]["download"])
		self.assertEqual(download.status_code, 200, download.text[:300])
		self.assertIn(self.a.client, download.text)
		self.assertNotIn(self.b.client, download.text)

	def test_duplicate_check_shows_only_clients_the_user_may_read(self):
		payload = {"doc": json.dumps({"company_name": f"Roles B {TAG} Industries"})}
		restricted = self.session("restricted").post(
			"/api/method/client_management.api.client.find_duplicates", data=payload
		)
		self.assertEqual(restricted.status_code, 200, restricted.text[:300])
		self.assertNotIn(self.b.client, restricted.text)
		self.assertNotIn(f"Roles B {TAG}", restricted.text)
		unrestricted = self.session("sales_user").post(
			"/api/method/client_management.api.client.find_duplicates", data=payload
		)
		self.assertIn(self.b.client, unrestricted.text)
		for who in ("A", None):
			self.assertTrue(
				refused(
					self.session(who).post(
						"/api/method/client_management.api.client.find_duplicates", data=payload
					)
				)
			)

	# --- a desk user keeps what its role allows

	def test_desk_roles_keep_their_features(self):
		for who in ("sales_user", "sales_manager", "accounts_user", "client_manager"):
			with self.subTest(who=who):
				response = self.session(who).get(f"/api/resource/Client/{self.a.client}")
				self.assertEqual(response.status_code, 200, response.text[:300])
				self.assertIn(NOTE, response.text)
		summary = self.session("accounts_user").method(
			"client_management.api.client.get_finance_summary", client=self.a.client
		)
		self.assertEqual(summary.status_code, 200, summary.text[:300])
		edit = self.session("sales_user").put(
			f"/api/resource/Client/{self.a.client}", {"website": "https://roles-a.example.com"}
		)
		self.assertEqual(edit.status_code, 200, edit.text[:300])
		preview = self.session("accounts_user").method(
			"client_management.api.statements.preview",
			client=self.a.client,
			company=self.a.invoice.company,
			statement_type=OPEN_ITEM,
		)
		self.assertEqual(preview.status_code, 200, preview.text[:300])
