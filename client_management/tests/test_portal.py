"""Customer portal: invitation, active switch, revoke, and isolation on every channel.

The isolation matrix runs real HTTP requests through Frappe's WSGI app (werkzeug's test client, each
request in its own thread like a server worker), so its data is committed and removed afterwards.
"""

import importlib
import json
import pkgutil
import threading
from urllib.parse import urlencode

import frappe
from frappe.utils.file_manager import save_file
from frappe.utils.password import update_password

from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as make_credit_note

import client_management
from client_management.api.client import make_payment
from client_management.statements import OPEN_ITEM, build_statement
from client_management.statements.delivery import attach_pdf, log_statement
from client_management.tests.factories import (
	TEST_COMPANY,
	ClientTestCase,
	create_client,
	create_dunning,
	create_opportunity,
	create_overdue_invoice,
	create_sales_invoice,
	ensure_user,
	remove_committed,
	use_test_outgoing_email,
)

PASSWORD = "Portal-Test-Pass-2026!"  # nosec B105: a test user on the test site


def invite(client: str, email: str, **values):
	return frappe.get_doc(
		{"doctype": "Customer Portal User", "client": client, "email": email, **values}
	).insert()


class TestPortalAccess(ClientTestCase):
	def setUp(self):
		use_test_outgoing_email()

	def test_invitation_makes_a_website_user_on_the_customer_and_mails_a_link_not_a_password(self):
		client = create_client()
		portal_user = invite(client.name, "Portal.Anne@Example.com", full_name='Anne & "Martin" {{ 7*7 }}')

		self.assertEqual(portal_user.email, "portal.anne@example.com")
		user = frappe.get_doc("User", portal_user.user)
		self.assertEqual((user.user_type, user.enabled), ("Website User", 1))
		self.assertIn("Customer", frappe.get_roles(user.name))
		self.assertNotIn("Sales User", frappe.get_roles(user.name))
		self.assertIn(
			user.name, [row.user for row in frappe.get_doc("Customer", client.customer).portal_users]
		)
		self.assertTrue(portal_user.invited_on)

		mail = frappe.get_last_doc(
			"Email Queue", {"reference_doctype": "Customer Portal User", "reference_name": portal_user.name}
		)
		message = mail.message
		self.assertIn("/update-password?key=", message)
		self.assertNotIn(PASSWORD, message)
		self.assertIn("Hello Anne &amp; ", message)  # escaped in the HTML part
		self.assertTrue(
			frappe.get_all(
				"Comment",
				{
					"reference_doctype": "Client",
					"reference_name": client.name,
					"content": ("like", "%invited%"),
				},
			)
		)

		portal_user.resend_invitation()
		self.assertEqual(
			frappe.db.count(
				"Email Queue",
				{"reference_doctype": "Customer Portal User", "reference_name": portal_user.name},
			),
			2,
		)

	def test_active_switch_enables_and_disables_the_user(self):
		portal_user = invite(create_client().name, "switch@example.com")
		portal_user.enabled = 0
		portal_user.save()
		self.assertEqual(frappe.db.get_value("User", portal_user.user, "enabled"), 0)
		portal_user.enabled = 1
		portal_user.save()
		self.assertEqual(frappe.db.get_value("User", portal_user.user, "enabled"), 1)

	def test_delete_revokes_access_and_keeps_the_documents(self):
		client = create_client()
		contact = client.contacts[0].contact
		invoice = create_sales_invoice(client.customer)
		portal_user = invite(client.name, "revoke@example.com", contact=contact)
		portal_user.delete()

		self.assertNotIn(
			"revoke@example.com",
			[row.user for row in frappe.get_doc("Customer", client.customer).portal_users],
		)
		self.assertEqual(frappe.db.get_value("User", "revoke@example.com", "enabled"), 0)
		# the client stays as it was: still billed, its invoice still due, its contact kept
		self.assertEqual(
			frappe.db.get_value(
				"Sales Invoice", invoice.name, ["docstatus", "customer", "outstanding_amount"]
			),
			(1, client.customer, invoice.outstanding_amount),
		)
		kept = frappe.get_doc("Client", client.name)
		self.assertEqual(
			(kept.status, frappe.db.get_value("Customer", kept.customer, "disabled")), ("Active", 0)
		)
		self.assertEqual([row.contact for row in kept.contacts], [contact])
		self.assertTrue(frappe.db.exists("Contact", contact))

	def test_an_inactive_client_takes_no_transactions_and_no_portal_logins(self):
		client = create_client()
		switched_on = invite(client.name, f"on-{frappe.generate_hash(length=6)}@example.com")
		switched_off = invite(client.name, f"off-{frappe.generate_hash(length=6)}@example.com", enabled=0)

		def state():
			customer = frappe.get_doc("Customer", client.customer)
			portal = {row.user for row in customer.portal_users}
			return (
				customer.disabled,
				frappe.db.get_value("User", switched_on.user, "enabled"),
				frappe.db.get_value("User", switched_off.user, "enabled"),
				switched_on.user in portal,
				switched_off.user in portal,
			)

		self.assertEqual(state(), (0, 1, 0, True, False))
		client.reload()
		client.status = "Inactive"
		client.save()
		self.assertEqual(state(), (1, 0, 0, False, False))
		with self.assertRaisesRegex(frappe.ValidationError, "disabled"):
			create_sales_invoice(client.customer)
		invite_later = invite(client.name, f"later-{frappe.generate_hash(length=6)}@example.com")
		self.assertEqual(frappe.db.get_value("User", invite_later.user, "enabled"), 0)

		client.reload()
		client.status = "Active"
		client.save()
		self.assertEqual(state(), (0, 1, 0, True, False))  # the switched-off user stays off
		self.assertEqual(frappe.db.get_value("User", invite_later.user, "enabled"), 1)
		with self.assertRaisesRegex(frappe.ValidationError, "managed by Client"):
			customer = frappe.get_doc("Customer", client.customer)
			customer.disabled = 1
			customer.save()

	def test_bad_input_is_refused(self):
		client, other = create_client(), create_client()
		with self.assertRaisesRegex(frappe.ValidationError, "is not a contact of client"):
			invite(client.name, "x@example.com", contact=other.contacts[0].contact)
		ensure_user("desk-person@example.com", ["Sales User"])
		with self.assertRaisesRegex(frappe.ValidationError, "desk user"):
			invite(client.name, "desk-person@example.com")
		with self.assertRaisesRegex(frappe.ValidationError, "not valid"):
			invite(client.name, "not-an-email")
		with self.assertRaisesRegex(frappe.ValidationError, "without < or >"):
			invite(client.name, "html@example.com", full_name="<b>Bold</b>")


class Browser:
	"""One logged-in (or Guest) visitor: werkzeug's test client with its cookies."""

	def __init__(self, site: str):
		from frappe.utils import get_test_client

		self.site = site
		self.client = get_test_client()

	def request(self, method: str, path: str, **kwargs):
		result = {}
		headers = {"X-Frappe-Site-Name": self.site, **kwargs.pop("headers", {})}

		def run():
			result["response"] = self.client.open(path, method=method, headers=headers, **kwargs)

		thread = threading.Thread(target=run)
		thread.start()
		thread.join()
		return result["response"]

	def get(self, path: str, params: dict | None = None):
		return self.request("GET", f"{path}?{urlencode(params)}" if params else path)

	def post(self, path: str, data: dict):
		return self.request("POST", path, data=data)

	def login(self, user: str, password: str = PASSWORD):
		return self.post("/api/method/login", {"usr": user, "pwd": password})


def our_whitelisted_methods() -> set[str]:
	for module in pkgutil.walk_packages(client_management.__path__, "client_management."):
		if ".tests" not in module.name and ".benchmarks" not in module.name:
			importlib.import_module(module.name)
	return {
		f"{fn.__module__}.{fn.__qualname__}"
		for fn in frappe.whitelisted
		if getattr(fn, "__module__", "").startswith("client_management")
	}


class TestPortalIsolation(ClientTestCase):
	"""Clients A and B with a portal user each; users A, B and Guest against every channel."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.site = frappe.local.site
		cls.company = TEST_COMPANY
		cls.default_email_account = frappe.db.get_value("Email Account", {"default_outgoing": 1})
		cls.email_account = use_test_outgoing_email()
		cls.data = {key: cls.make_client_data(key) for key in ("A", "B")}
		upload = save_file(
			"clients.csv", f"company_name\n{frappe.generate_hash()}\n".encode(), None, None, is_private=1
		)
		cls.client_import = (
			frappe.get_doc(
				{"doctype": "Client Import", "import_file": upload.file_url, "update_by": "Client Number"}
			)
			.insert()
			.name
		)
		frappe.db.commit()

	@classmethod
	def make_client_data(cls, key: str) -> dict:
		frappe.set_user("Administrator")
		client = create_client(
			company_name=f'Client {key} & "Sons" {{{{ 7*7 }}}}',
			contacts=[
				{
					"first_name": "Ann",
					"last_name": key,
					"email": f"ann.{key.lower()}@example.com",
					"designation": "<b>CEO</b>",
				}
			],
		)
		email = f"portal-{key.lower()}-{client.name.lower()}@example.com"
		portal_user = invite(client.name, email)
		update_password(portal_user.user, PASSWORD)
		frappe.db.set_value("User", portal_user.user, "language", "fr" if key == "A" else "en")
		invoice = create_sales_invoice(client.customer, rate=100)
		paid = create_sales_invoice(client.customer, rate=40)
		payment = frappe.get_doc("Payment Entry", make_payment(client.name, {paid.name: 40}, "Cash")["name"])
		credit_note = make_credit_note(paid.name)
		credit_note.insert()
		credit_note.submit()
		project = frappe.get_doc(
			{"doctype": "Project", "project_name": f"Project {client.name}", "customer": client.customer}
		).insert()
		opportunity = create_opportunity("Customer", client.customer)
		statement = build_statement(client.name, cls.company, OPEN_ITEM)
		log = log_statement(statement)
		log_pdf = attach_pdf(log, statement)
		secret = save_file(
			f"secret-{client.name}.txt", f"only for {key}".encode(), "Client", client.name, is_private=1
		)
		overdue = create_overdue_invoice(client.customer, days_overdue=20, rate=70)
		dunning = create_dunning(overdue.name)
		return frappe._dict(
			client=client.name,
			customer=client.customer,
			user=portal_user.user,
			portal_user=portal_user.name,
			invoice=invoice.name,
			credit_note=credit_note.name,
			documents=[dunning, credit_note, payment, paid, invoice, overdue],
			dunning=dunning.name,
			overdue=overdue.name,
			project=project.name,
			opportunity=opportunity.name,
			log=log.name,
			log_pdf=log_pdf.file_url,
			secret=secret.file_url,
		)

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for data in cls.data.values():
			for doc in data.documents:
				remove_committed(doc.doctype, doc.name)
			for doctype, name in (
				("Statement Log", data.log),
				("Opportunity", data.opportunity),
				("Project", data.project),
				("Customer Portal User", data.portal_user),
				("Client", data.client),
				("User", data.user),
			):
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
			for contact in frappe.get_all(
				"Contact", {"email_id": data.user}, pluck="name"
			):  # made with the User
				frappe.delete_doc("Contact", contact, force=True)
		frappe.delete_doc("Client Import", cls.client_import, force=True)
		if cls.email_account != cls.default_email_account:
			frappe.db.set_value("Email Account", cls.email_account, "default_outgoing", 0)
		frappe.db.commit()
		super().tearDownClass()

	def browser(self, key: str | None) -> Browser:
		browser = Browser(self.site)
		if key:
			self.assertEqual(browser.login(self.data[key].user).status_code, 200)
		return browser

	def test_a_sees_a_and_never_b_on_every_channel(self):
		a, b = self.data["A"], self.data["B"]
		for who, browser in (("A", self.browser("A")), ("Guest", self.browser(None))):
			own = who == "A"
			with self.subTest(who=who):
				self.assertEqual(browser.get(f"/api/resource/Client/{a.client}").status_code, 403)
				self.assertEqual(browser.get(f"/api/resource/Client/{b.client}").status_code, 403)
				self.assertEqual(
					browser.get(
						"/api/method/frappe.client.get", {"doctype": "Client", "name": b.client}
					).status_code,
					403,
				)
				self.assertEqual(browser.get(f"/api/resource/Statement Log/{b.log}").status_code, 403)
				self.assertEqual(browser.get(f"/api/resource/Sales Invoice/{b.invoice}").status_code, 403)
				self.assertEqual(browser.get(f"/api/resource/Project/{b.project}").status_code, 403)
				self.assertEqual(browser.get(b.secret).status_code, 403)
				self.assertEqual(browser.get(b.log_pdf).status_code, 403)
				self.assertEqual(browser.get(a.secret).status_code, 403)
				self.assertNotEqual(
					browser.get("/printview", {"doctype": "Statement Log", "name": b.log}).status_code, 200
				)
				self.assertNotEqual(
					browser.get(
						"/api/method/frappe.utils.print_format.download_pdf",
						{"doctype": "Statement Log", "name": b.log},
					).status_code,
					200,
				)
				self.assertIn(
					browser.get(f"/invoices/{b.invoice}").status_code, (403, 404) if own else (302, 403, 404)
				)

				for doctype in ("Client", "Statement Log"):
					listed = browser.get(
						f"/api/resource/{doctype}",
						{"fields": json.dumps(["name", "client"] if doctype != "Client" else ["name"])},
					)
					names = (
						{row.get("client", row["name"]) for row in listed.json.get("data", [])}
						if listed.status_code == 200
						else set()
					)
					self.assertEqual(names, set(), doctype)
				report = browser.post(
					"/api/method/frappe.desk.reportview.get",
					{"doctype": "Client", "fields": json.dumps(["name"])},
				)
				rows = report.json.get("message", {}).get("values", []) if report.status_code == 200 else []
				self.assertNotIn([b.client], rows)

		# statements reach a portal user through the portal page only, never the desk's records
		a_browser = self.browser("A")
		self.assertNotEqual(
			a_browser.get("/printview", {"doctype": "Statement Log", "name": a.log}).status_code, 200
		)
		self.assertEqual(a_browser.get(a.log_pdf).status_code, 403)

	def test_client_home_shows_only_the_own_client_escaped(self):
		a, b = self.data["A"], self.data["B"]
		page = self.browser("A").get("/client-portal")
		body = page.get_data(as_text=True)
		self.assertEqual(
			page.status_code, 200, body[body.find("page-card-head") : body.find("page-card-head") + 1500]
		)
		html = page.get_data(as_text=True)
		self.assertIn(a.invoice, html)
		self.assertIn("Solde dû", html)  # user A reads French
		self.assertNotIn(b.invoice, html)
		self.assertNotIn(b.client, html)
		self.assertIn("Client A &amp; &#34;Sons&#34; {{ 7*7 }}", html)
		self.assertIn("&lt;b&gt;CEO&lt;/b&gt;", html)
		self.assertNotIn("<b>CEO</b>", html)

		guest = self.browser(None).get("/client-portal")
		self.assertIn(guest.status_code, (301, 302))
		self.assertIn("/login", guest.headers["Location"])

	def test_portal_statement_is_the_own_clients(self):
		a = self.data["A"]
		response = self.browser("A").get(
			"/api/method/client_management.api.portal.download_statement", {"statement_type": OPEN_ITEM}
		)
		self.assertEqual(response.status_code, 200)
		self.assertTrue(response.get_data().startswith(b"%PDF"))
		self.assertIn(a.client, response.headers["Content-Disposition"])
		guest = self.browser(None).get(
			"/api/method/client_management.api.portal.download_statement", {"statement_type": OPEN_ITEM}
		)
		self.assertEqual(guest.status_code, 403)

	def test_portal_user_sees_and_downloads_only_its_own_reminders(self):
		a, b = self.data["A"], self.data["B"]
		browser = self.browser("A")
		html = browser.get("/client-portal").get_data(as_text=True)
		reminders = html[html.find("client-reminders") : html.find("client-contacts")]
		self.assertIn(a.dunning, reminders)
		self.assertIn(a.overdue, reminders)  # in what is overdue
		self.assertIn("Relances de paiement", html)  # user A reads French
		self.assertNotIn(b.dunning, html)
		self.assertNotIn(b.overdue, html)

		download = "/api/method/client_management.api.portal.download_reminder"
		own = browser.get(download, {"dunning": a.dunning})
		self.assertEqual(own.status_code, 200)
		self.assertTrue(own.get_data().startswith(b"%PDF"))
		self.assertIn(a.dunning, own.headers["Content-Disposition"])
		for other in (b.dunning, "DUNN-NONE", a.invoice):
			with self.subTest(other=other):
				self.assertEqual(browser.get(download, {"dunning": other}).status_code, 403)
		self.assertEqual(self.browser("B").get(download, {"dunning": a.dunning}).status_code, 403)

	def test_inactive_portal_user_cannot_log_in(self):
		b = self.data["B"]
		frappe.db.set_value("Customer Portal User", b.portal_user, "enabled", 0)
		frappe.db.set_value("User", b.user, "enabled", 0)
		frappe.db.commit()
		try:
			self.assertEqual(Browser(self.site).login(b.user).status_code, 401)
		finally:
			frappe.db.set_value("Customer Portal User", b.portal_user, "enabled", 1)
			frappe.db.set_value("User", b.user, "enabled", 1)
			frappe.db.commit()

	def test_every_whitelisted_method_of_ours_refuses_b_data_to_a(self):
		a, b = self.data["A"], self.data["B"]
		statement = {"client": b.client, "company": self.company, "statement_type": OPEN_ITEM}
		matrix = {
			"client_management.api.client.find_duplicates": (
				"POST",
				{"doc": json.dumps({"company_name": "Client B"})},
			),
			"client_management.api.client.get_finance_summary": ("GET", {"client": b.client}),
			"client_management.api.client.get_outstanding_invoices": (
				"GET",
				{"client": b.client, "company": self.company},
			),
			"client_management.api.client.make_payment": (
				"POST",
				{"client": b.client, "allocations": json.dumps({b.invoice: 1}), "mode_of_payment": "Cash"},
			),
			"client_management.api.client.get_available_credits": (
				"GET",
				{"client": b.client, "company": self.company},
			),
			"client_management.api.client.make_refund": (
				"POST",
				{
					"client": b.client,
					"company": self.company,
					"credits": json.dumps({b.credit_note: 1}),
					"action": "submit",
					"mode_of_payment": "Cash",
				},
			),
			"client_management.api.returns.get_returnable_lines": (
				"GET",
				{"client": b.client, "doctype": "Sales Invoice", "source": b.invoice},
			),
			"client_management.api.returns.make_credit_memo": (
				"POST",
				{"client": b.client, "lines": "[]", "action": "form", "invoice": b.invoice},
			),
			"client_management.api.returns.make_customer_return": (
				"POST",
				{"client": b.client, "lines": "[]", "action": "form", "company": self.company},
			),
			"client_management.api.work.get_work": ("GET", {"client": b.client}),
			"client_management.api.work.new_todo": ("POST", {"client": b.client, "description": "x"}),
			"client_management.api.work.new_task": ("POST", {"client": b.client, "subject": "x"}),
			"client_management.api.work.close_work": (
				"POST",
				{"client": b.client, "doctype": "ToDo", "name": "x"},
			),
			"client_management.api.client.billing_defaults": ("GET", {"customer": b.customer}),
			"client_management.api.client.default_item_rows": (
				"POST",
				{"customer": b.customer, "items": "[]"},
			),
			"client_management.api.sales.new_deal": ("GET", {"client": b.client}),
			"client_management.api.sales.save_deal": ("POST", {"client": b.client, "values": "{}"}),
			"client_management.api.sales.new_sales_document": (
				"GET",
				{"client": b.client, "doctype": "Sales Invoice"},
			),
			"client_management.api.sales.save_sales_document": (
				"POST",
				{"client": b.client, "doctype": "Sales Invoice", "values": "{}", "submit": 1},
			),
			"client_management.api.overrides.dashboard_chart.get": (
				"GET",
				{"chart_name": "Clients by Lead Source"},
			),
			"client_management.client_management.dashboard_chart_source.top_outstanding_clients.top_outstanding_clients.get": (
				"GET",
				{},
			),
			"client_management.api.opportunity.get_client_prefill": ("GET", {"opportunity": b.opportunity}),
			"client_management.api.opportunity.mark_as_won": ("POST", {"opportunity": b.opportunity}),
			"client_management.api.statements.get_statement_companies": ("GET", {"client": b.client}),
			"client_management.api.statements.preview": ("GET", statement),
			"client_management.api.statements.download": ("GET", statement),
			"client_management.api.statements.prepare_send": ("POST", statement),
			"client_management.api.statements.discard_prepared": ("POST", {"client": b.client, "file": "x"}),
			"client_management.api.statements.reprint": ("GET", {"log": b.log}),
			"client_management.api.follow_ups.preview_follow_up": ("GET", {"client": b.client}),
			"client_management.api.follow_ups.send_follow_up_now": ("POST", {"client": b.client}),
			"client_management.api.portal.download_statement": ("OWN", {"statement_type": OPEN_ITEM}),
			"client_management.api.portal.download_reminder": ("GET", {"dunning": b.dunning}),
			"client_management.api.payment_health.get_dso_trend": ("GET", {"client": b.client}),
			"client_management.client_management.dashboard_chart_source.overdue_by_client.overdue_by_client.get": (
				"GET",
				{},
			),
			"client_management.api.imports.download_template": ("GET", {"format": "csv"}),
			"client_management.api.overrides.client.get_count": (
				"GET",
				{"doctype": "Client Contact", "filters": json.dumps({"parent": b.client})},
			),
			"client_management.api.imports.export_clients": ("GET", {"format": "csv"}),
			"client_management.api.imports.start_export": ("POST", {"format": "csv"}),
			"client_management.client_management.doctype.client_import.client_import.ClientImport.check": (
				"DOC",
				{"dt": "Client Import", "dn": self.client_import, "method": "check"},
			),
			"client_management.client_management.doctype.client_import.client_import.ClientImport.start": (
				"DOC",
				{"dt": "Client Import", "dn": self.client_import, "method": "start"},
			),
			"client_management.api.privacy.preview_forget_contact": ("GET", {"client": b.client, "row": "x"}),
			"client_management.api.privacy.forget_contact": (
				"POST",
				{"client": b.client, "row": "x", "confirm_name": "Ann B"},
			),
			"client_management.api.privacy.export_personal_data": ("GET", {"email": "ann.b@example.com"}),
			"client_management.client_management.doctype.customer_portal_user.customer_portal_user.CustomerPortalUser.resend_invitation": (
				"DOC",
				{"dt": "Customer Portal User", "dn": b.portal_user, "method": "resend_invitation"},
			),
		}
		self.assertEqual(
			our_whitelisted_methods(), set(matrix), "every whitelisted method needs a row in this matrix"
		)

		browser = self.browser("A")
		for method, (http, args) in matrix.items():
			with self.subTest(method=method):
				if http == "OWN":  # takes no client: always the session user's own
					response = browser.get(f"/api/method/{method}", args)
					self.assertIn(a.client, response.headers.get("Content-Disposition", ""))
					self.assertNotIn(b.client, response.headers.get("Content-Disposition", ""))
				elif http == "DOC":
					self.assertEqual(browser.post("/api/method/run_doc_method", args).status_code, 403)
				elif http == "GET":
					self.assertEqual(browser.get(f"/api/method/{method}", args).status_code, 403)
				else:
					self.assertEqual(browser.post(f"/api/method/{method}", args).status_code, 403)

		guest = self.browser(None)
		for method, (http, args) in matrix.items():
			with self.subTest(method=method, who="Guest"):
				if http == "DOC":
					response = guest.post("/api/method/run_doc_method", args)
				elif http in ("GET", "OWN"):
					response = guest.get(f"/api/method/{method}", args)
				else:
					response = guest.post(f"/api/method/{method}", args)
				self.assertEqual(response.status_code, 403)
