"""One gate for portal access, attacked over real HTTP: each desk role that may write Customers or
Contacts, and portal user A itself, tries every way ERPNext lets a login reach a Customer (its
Portal User rows, a Contact's login and links, a merge). After each attempt A still reads none of
client B's invoices, orders, projects, issues or statements; drift that predates the gate is found
and repaired by `bench check-portal-access`."""

import json
import os

import frappe
from frappe.utils import add_days, random_string, today
from frappe.utils.password import update_password

from client_management.statements import OPEN_ITEM
from client_management.tests.factories import (
	ClientTestCase,
	bench,
	create_client,
	create_sales_invoice,
	ensure_item,
	ensure_user,
	remove_committed,
	use_test_outgoing_email,
)
from client_management.tests.served_site import PASSWORD, Session, served_site

PORT = int(os.environ.get("GATE_PORT", "8127"))
TAG = random_string(6).lower()
# the desk roles that may write Customers (Sales User, Sales Master Manager) or Contacts (all of them)
ATTACKERS = {
	"sales_user": ["Sales User"],
	"sales_master_manager": ["Sales Master Manager"],
	"sales_manager": ["Sales Manager"],
	"accounts_user": ["Accounts User"],
	"accounts_manager": ["Accounts Manager"],
	"client_manager": ["Client Manager"],
}


def attacker_email(role: str) -> str:
	return f"gate-{role.replace('_', '-')}-{TAG}@example.com"


class TestPortalGate(ClientTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.server = served_site(PORT)
		cls.url = cls.server.__enter__()
		frappe.set_user("Administrator")
		use_test_outgoing_email()
		cls.users = {role: ensure_user(attacker_email(role), roles) for role, roles in ATTACKERS.items()}
		for user in cls.users.values():
			update_password(user, PASSWORD)
		cls.a = cls.make_client("A")
		cls.b = cls.make_client("B")
		frappe.db.commit()

	@classmethod
	def make_client(cls, key: str) -> frappe._dict:
		login = f"gate-portal-{key.lower()}-{TAG}@example.com"
		client = create_client(
			company_name=f"Gate {key} {TAG} Works",
			contacts=[{"first_name": "Gina", "last_name": key, "email": login}],
		)
		contact = client.contacts[0].contact
		portal_user = frappe.get_doc(
			{"doctype": "Customer Portal User", "client": client.name, "email": login, "contact": contact}
		).insert()
		update_password(portal_user.user, PASSWORD)
		frappe.get_doc("Contact", contact).save()  # ERPNext gives the Contact its login (same email)
		order = frappe.get_doc(
			{
				"doctype": "Sales Order",
				"customer": client.customer,
				"delivery_date": add_days(today(), 7),
				"items": [{"item_code": ensure_item(), "qty": 1, "rate": 70}],
			}
		).insert()
		order.submit()
		return frappe._dict(
			client=client.name,
			customer=client.customer,
			contact=contact,
			user=portal_user.user,
			row=frappe.db.get_value("Portal User", {"parent": client.customer, "user": portal_user.user}),
			invoice=create_sales_invoice(client.customer, rate=90).name,
			order=order.name,
			project=frappe.get_doc(
				{
					"doctype": "Project",
					"project_name": f"Gate {key} {TAG} project",
					"customer": client.customer,
				}
			)
			.insert()
			.name,
			issue=frappe.get_doc(
				{
					"doctype": "Issue",
					"subject": f"Gate {key} {TAG} issue",
					"raised_by": f"someone-{key.lower()}-{TAG}@example.com",
					"customer": client.customer,
				}
			)
			.insert(ignore_permissions=True)
			.name,
		)

	@classmethod
	def tearDownClass(cls):
		cls.server.__exit__(None, None, None)
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for data in (cls.a, cls.b):
			for doctype in ("Sales Invoice", "Sales Order"):
				remove_committed(doctype, data.invoice if doctype == "Sales Invoice" else data.order)
			frappe.delete_doc("Issue", data.issue, force=True)
			frappe.delete_doc("Project", data.project, force=True)
			for name in frappe.get_all("Customer Portal User", {"client": data.client}, pluck="name"):
				frappe.delete_doc("Customer Portal User", name, force=True)
			frappe.delete_doc("Client", data.client, force=True)
		# what an attack that worked would have left
		for name in frappe.get_all("Customer", {"customer_name": ("like", f"%{TAG}%")}, pluck="name"):
			frappe.delete_doc("Customer", name, force=True)
		for name in frappe.get_all("User", {"name": ("like", f"%{TAG}@example.com")}, pluck="name"):
			frappe.delete_doc("User", name, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def attacks(self, session: Session) -> dict:
		"""Each way a desk user (or A) could hand A's login client B's Customer, B's login nothing."""
		a, b = self.a, self.b
		row = {"parent": b.customer, "parenttype": "Customer", "parentfield": "portal_users", "user": a.user}
		shadow = f"Shadow {TAG} {random_string(4)}"
		return {
			"customer portal_users": lambda: session.put(
				f"/api/resource/Customer/{b.customer}", {"portal_users": [{"user": b.user}, {"user": a.user}]}
			),
			"customer without its portal user": lambda: session.put(
				f"/api/resource/Customer/{b.customer}", {"portal_users": []}
			),
			"portal user row resource": lambda: session.post(
				"/api/resource/Portal User", data={"data": json.dumps(row)}
			),
			"frappe.client.insert row": lambda: session.method(
				"frappe.client.insert", "POST", doc=json.dumps({"doctype": "Portal User", **row})
			),
			"frappe.client.set_value row": lambda: session.method(
				"frappe.client.set_value",
				"POST",
				doctype="Portal User",
				name=b.row,
				fieldname="user",
				value=a.user,
			),
			"portal user row PUT": lambda: session.put(
				f"/api/resource/Portal User/{b.row}", {"user": a.user}
			),
			"portal user row DELETE": lambda: session.http.delete(
				f"{self.url}/api/resource/Portal User/{b.row}", timeout=60
			),
			"new customer with A's login": lambda: session.post(
				"/api/resource/Customer",
				data={"data": json.dumps({"customer_name": shadow, "portal_users": [{"user": a.user}]})},
			),
			"new customer claiming client B": lambda: session.post(
				"/api/resource/Customer",
				data={"data": json.dumps({"customer_name": shadow, "client": b.client})},
			),
			"new contact with A's login on B": lambda: session.post(
				"/api/resource/Contact",
				data={
					"data": json.dumps(
						{
							"first_name": shadow,
							"email_ids": [{"email_id": a.user, "is_primary": 1}],
							"user": a.user,
							"links": [{"link_doctype": "Customer", "link_name": b.customer}],
						}
					)
				},
			),
			"A's login on B's contact": lambda: session.put(
				f"/api/resource/Contact/{b.contact}", {"user": a.user}
			),
			"B's customer on A's contact": lambda: session.put(
				f"/api/resource/Contact/{a.contact}",
				{"links": [{"link_doctype": "Customer", "link_name": b.customer}]},
			),
			"contact link resource": lambda: session.post(
				"/api/resource/Dynamic Link",
				data={
					"data": json.dumps(
						{
							"parent": a.contact,
							"parenttype": "Contact",
							"parentfield": "links",
							"link_doctype": "Customer",
							"link_name": b.customer,
						}
					)
				},
			),
			"merge B's customer into A's": lambda: session.method(
				"frappe.model.rename_doc.update_document_title",
				"POST",
				doctype="Customer",
				docname=b.customer,
				name=a.customer,
				merge=1,
			),
		}

	def assert_gate_holds(self, attempt: str, baseline: bool = False):
		"""The records ERPNext reads give A's login nothing of B, and A reads nothing of B. On the
		baseline, A's own documents are listed too (the pages work)."""
		frappe.db.rollback()  # see what the server committed
		a, b = self.a, self.b
		self.assertEqual(
			frappe.get_all("Portal User", {"parent": b.customer}, pluck="user"), [b.user], attempt
		)
		self.assertEqual(
			frappe.get_all("Portal User", {"user": a.user}, pluck="parent"), [a.customer], attempt
		)
		self.assertFalse(frappe.db.exists("Customer", {"customer_name": ("like", f"Shadow {TAG}%")}), attempt)
		for data in (a, b):
			reached = set(
				frappe.get_all(
					"Dynamic Link",
					{
						"parenttype": "Contact",
						"link_doctype": "Customer",
						"parent": (
							"in",
							frappe.get_all("Contact", {"user": data.user}, pluck="name") or [""],
						),
					},
					pluck="link_name",
				)
			)
			self.assertLessEqual(reached, {data.customer}, f"{attempt}: contacts with {data.user}'s login")
			if baseline:
				self.assertEqual(reached, {data.customer}, attempt)
		self.assertEqual(frappe.db.get_value("Customer", b.customer, "client"), b.client, attempt)

		portal = Session(self.url, a.user)
		pages = {  # the issues page is a web form: its list comes from get_list_data
			"/invoices": (a.invoice, b.invoice),
			"/orders": (a.order, b.order),
			"/project": (a.project, b.project),
			"/api/method/frappe.www.list.get_list_data?doctype=Issue&web_form_name=issues": (
				a.issue,
				b.issue,
			),
		}
		for path, (own, other) in pages.items():
			listed = portal.get(path)
			self.assertEqual(listed.status_code, 200, f"{attempt}: {path}")
			self.assertFalse(other in listed.text, f"{attempt}: {path} lists B's {other}")
			if baseline:
				self.assertTrue(own in listed.text, f"{attempt}: {path} does not list A's own {own}")
		for path in (f"/invoices/{b.invoice}", f"/orders/{b.order}"):
			self.assertIn(portal.get(path).status_code, (403, 404), f"{attempt}: {path}")
		statement = portal.method("client_management.api.portal.download_statement", statement_type=OPEN_ITEM)
		self.assertIn(a.client, statement.headers.get("Content-Disposition", ""), attempt)
		self.assertNotIn(b.client, portal.get("/client-portal").text, attempt)

	def restore(self):
		"""Undo what an honest edit among the attempts may change (a contact moved to another customer
		loses its login and lands on that client): the next attempt starts from the baseline."""
		frappe.db.rollback()
		for data in (self.a, self.b):
			frappe.db.delete("Portal User", {"user": data.user})
			frappe.db.delete("Portal User", {"parent": data.customer})
			frappe.get_doc(
				{
					"doctype": "Portal User",
					"parent": data.customer,
					"parenttype": "Customer",
					"parentfield": "portal_users",
					"name": data.row,
					"user": data.user,
				}
			).db_insert()
			frappe.db.delete("Client Contact", {"parent": data.client, "contact": ("!=", data.contact)})
			frappe.db.delete("Dynamic Link", {"parenttype": "Contact", "parent": data.contact})
			contact = frappe.get_doc("Contact", data.contact)
			contact.append("links", {"link_doctype": "Customer", "link_name": data.customer})
			contact.user = data.user
			contact.save()
		for name in frappe.get_all("Contact", {"first_name": ("like", f"Shadow {TAG}%")}, pluck="name"):
			frappe.db.delete("Dynamic Link", {"parenttype": "Contact", "parent": name})
			frappe.delete_doc("Contact", name, force=True)
		for name in frappe.get_all("Customer", {"customer_name": ("like", f"Shadow {TAG}%")}, pluck="name"):
			frappe.delete_doc("Customer", name, force=True)
		frappe.db.commit()

	def test_no_desk_role_nor_the_portal_user_opens_b_to_a(self):
		self.assert_gate_holds("before any attempt", baseline=True)
		attackers = {role: Session(self.url, user) for role, user in self.users.items()}
		attackers["portal user A"] = Session(self.url, self.a.user)
		for role, session in attackers.items():
			for attempt, attack in self.attacks(session).items():
				with self.subTest(role=role, attempt=attempt):
					response = attack()
					self.assertLess(response.status_code, 500, f"{role} {attempt}: {response.text[:300]}")
					self.assert_gate_holds(f"{role} {attempt}")
				self.restore()
		self.assert_gate_holds("after every attempt", baseline=True)

	def test_the_refusal_names_the_client(self):
		response = Session(self.url, self.users["sales_master_manager"]).put(
			f"/api/resource/Customer/{self.b.customer}",
			{"portal_users": [{"user": self.b.user}, {"user": self.a.user}]},
		)
		self.assertEqual(response.status_code, 403, response.text[:300])
		self.assertIn(
			self.b.client, response.json()["exception"] + json.dumps(response.json().get("_server_messages"))
		)


class TestPortalDrift(ClientTestCase):
	"""Drift that predates the gate (written straight to the database) is found and repaired."""

	def test_check_portal_access_reports_then_repairs_drift(self):
		use_test_outgoing_email()
		a = create_client(
			contacts=[{"first_name": "Dora", "last_name": "A", "email": f"dora-a-{TAG}@drift-example.com"}]
		)
		b = create_client()
		portal = frappe.get_doc(
			{
				"doctype": "Customer Portal User",
				"client": a.name,
				"email": a.contacts[0].email,
				"contact": a.contacts[0].contact,
			}
		).insert()
		# what an edit around the app left before the gate: A's login on B's customer and on a contact of B
		frappe.get_doc(
			{
				"doctype": "Portal User",
				"parent": b.customer,
				"parenttype": "Customer",
				"parentfield": "portal_users",
				"idx": 9,
				"user": portal.user,
			}
		).db_insert()
		frappe.db.set_value("Contact", b.contacts[0].contact, "user", portal.user)
		frappe.db.delete("Portal User", {"parent": a.customer, "user": portal.user})
		frappe.db.commit()
		try:
			check = bench("check-portal-access")
			self.assertEqual(check.returncode, 1, check.stdout + check.stderr)
			self.assertIn(
				f"customer {b.customer} (client {b.name}): portal user row {portal.user}", check.stdout
			)
			self.assertIn(f"contact {b.contacts[0].contact} carries the login {portal.user}", check.stdout)
			self.assertIn(
				f"customer {a.customer} (client {a.name}): {portal.user} has portal access", check.stdout
			)

			repaired = bench("check-portal-access", "--repair")
			self.assertEqual(repaired.returncode, 0, repaired.stdout + repaired.stderr)
			self.assertEqual(
				frappe.get_all("Portal User", {"user": portal.user}, pluck="parent"), [a.customer]
			)
			self.assertFalse(frappe.db.get_value("Contact", b.contacts[0].contact, "user"))

			again = bench("check-portal-access")
			self.assertEqual(again.returncode, 0, again.stdout + again.stderr)
			self.assertIn("no drift", again.stdout)
		finally:
			frappe.delete_doc("Customer Portal User", portal.name, force=True)
			for client in (a, b):
				frappe.delete_doc("Client", client.name, force=True)
			frappe.delete_doc("User", portal.user, force=True)
			frappe.db.commit()
