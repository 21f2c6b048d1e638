"""Won opportunities become clients, through ERPNext's real quotation -> sales order flow."""

import frappe
from frappe.tests.utils import change_settings
from frappe.utils import add_days, random_string, today

from client_management.api.opportunity import get_client_prefill
from client_management.constants import SETTINGS
from client_management.tests.factories import (
	ClientTestCase,
	bench,
	client_values,
	create_client,
	create_lead,
	create_opportunity,
	ensure_user,
	win_opportunity,
)
from client_management.won_deals import client_for_opportunity
from client_management.won_deals.backfill import backfill


def clients_of(opportunity: str) -> list[str]:
	return frappe.get_all("Client", {"opportunity": opportunity}, pluck="name")


class TestWonOpportunity(ClientTestCase):
	def test_won_lead_opportunity_becomes_one_prefilled_client(self):
		lead = create_lead()
		opp = create_opportunity("Lead", lead.name, website="lefebvre-conseil.fr", industry=None)
		order = win_opportunity(opp.name)

		self.assertEqual(frappe.db.get_value("Opportunity", opp.name, "status"), "Converted")
		self.assertEqual(len(clients_of(opp.name)), 1)
		client = frappe.get_doc("Client", clients_of(opp.name)[0])
		self.assertEqual(client.status, "Incomplete")  # a lead has no street address
		self.assertIn("Address Line 1", client.missing_fields)
		self.assertEqual(
			(
				client.company_name,
				client.client_owner,
				client.lead_source,
				str(client.inquiry_date),
				str(client.finalized_date),
			),
			(lead.company_name, opp.owner, lead.source, str(opp.transaction_date), today()),
		)
		self.assertEqual(
			(client.website, client.city, client.country), ("https://lefebvre-conseil.fr", "Lyon", "France")
		)
		row = client.contacts[0]
		self.assertEqual(
			(row.first_name, row.last_name, row.email, row.mobile_no, row.designation),
			("Claire", lead.last_name, lead.email_id, "+33612345678", "Directrice"),
		)

		# ERPNext made the Customer for the Lead when ordering: the client adopted it, and the Lead's Contact.
		self.assertEqual(
			frappe.get_all("Customer", {"lead_name": lead.name}, pluck="name"), [client.customer]
		)
		self.assertEqual(order.customer, client.customer)
		self.assertEqual(
			len(
				frappe.get_all(
					"Dynamic Link", {"parenttype": "Contact", "link_doctype": "Lead", "link_name": lead.name}
				)
			),
			1,
		)
		self.assertTrue(frappe.get_doc("Contact", row.contact).has_link("Customer", client.customer))

		self.assertEqual(frappe.db.get_value("Opportunity", opp.name, "client"), client.name)
		for doctype, name in (("Opportunity", opp.name), ("Client", client.name)):
			self.assertTrue(
				frappe.get_all(
					"Comment", {"reference_doctype": doctype, "reference_name": name, "comment_type": "Info"}
				)
			)
		todo = frappe.get_all(
			"ToDo",
			{"reference_type": "Client", "reference_name": client.name, "status": "Open"},
			["allocated_to", "description"],
		)
		self.assertEqual(todo[0].allocated_to, client.client_owner)
		self.assertIn("Address Line 1", todo[0].description)

	def test_customer_opportunity_adopts_the_customer(self):
		customer = frappe.get_doc(
			{"doctype": "Customer", "customer_name": "Plain Customer SA", "customer_type": "Company"}
		).insert()
		opp = create_opportunity("Customer", customer.name)
		win_opportunity(opp.name)

		client = frappe.get_doc("Client", clients_of(opp.name)[0])
		self.assertEqual((client.customer, client.company_name), (customer.name, "Plain Customer SA"))
		self.assertEqual(frappe.db.get_value("Customer", customer.name, "client"), client.name)
		self.assertEqual(frappe.db.count("Customer", {"customer_name": "Plain Customer SA"}), 1)

	def test_customer_with_a_client_is_linked_not_duplicated(self):
		client = create_client()
		opp = create_opportunity("Customer", client.customer)
		before = frappe.db.count("Client")
		win_opportunity(opp.name)

		self.assertEqual(frappe.db.count("Client"), before)
		self.assertEqual(frappe.db.get_value("Opportunity", opp.name, "client"), client.name)

	def test_status_toggles_and_resaves_keep_one_client(self):
		opp = create_opportunity("Lead", create_lead().name)
		win_opportunity(opp.name)
		opp = frappe.get_doc("Opportunity", opp.name)
		for status in ("Lost", "Converted", "Lost", "Converted"):
			opp.set_status(status=status, update=True)
		opp.reload()
		opp.save()
		self.assertEqual(len(clients_of(opp.name)), 1)
		self.assertEqual(client_for_opportunity(opp.name).action, "skipped")
		self.assertEqual(len(clients_of(opp.name)), 1)

	def test_an_error_is_counted_as_failed_and_logged(self):
		outcome = client_for_opportunity("CRM-OPP-DOES-NOT-EXIST")
		self.assertEqual((outcome.action, outcome.client), ("failed", None))
		self.assertIn("Error Log", outcome.reason)

	def test_bad_data_never_blocks_the_sale(self):
		lead = create_lead(mobile_no="12", source=None, website="not a web site")
		opp = create_opportunity("Lead", lead.name, source=None)
		order = win_opportunity(opp.name)

		self.assertEqual(order.docstatus, 1)
		client = frappe.get_doc("Client", clients_of(opp.name)[0])
		self.assertEqual(client.status, "Incomplete")
		for missing in ("Lead Source", "Mobile No", "Website", "Address Line 1"):
			self.assertIn(missing, client.missing_fields)
		self.assertIsNone(client.billing_address)
		self.assertFalse(
			frappe.get_all(
				"Dynamic Link",
				{"parenttype": "Address", "link_doctype": "Customer", "link_name": client.customer},
			)
		)
		self.assertTrue(frappe.db.exists("ToDo", {"reference_type": "Client", "reference_name": client.name}))

	@change_settings(SETTINGS, auto_create_clients=0)
	def test_automation_off_creates_nothing_and_backfill_catches_up(self):
		opp = create_opportunity("Lead", create_lead().name)
		win_opportunity(opp.name)
		self.assertEqual(clients_of(opp.name), [])

		messages = []
		counts = backfill(report=messages.append)
		self.assertGreaterEqual(counts["created"], 1)
		self.assertEqual(len(clients_of(opp.name)), 1)
		self.assertTrue(any(m.startswith(f"{opp.name}: created") for m in messages), messages)

		again = backfill(report=messages.append)
		self.assertEqual(again["created"], 0)
		self.assertEqual(len(clients_of(opp.name)), 1)

	def test_create_client_button_prefills_from_the_opportunity(self):
		lead = create_lead()
		opp = create_opportunity("Lead", lead.name)
		values = get_client_prefill(opp.name)
		self.assertEqual((values["company_name"], values["opportunity"]), (lead.company_name, opp.name))
		self.assertEqual(values["contacts"][0]["email"], lead.email_id)
		self.assertFalse(frappe.db.exists("Client", {"opportunity": opp.name}))

		client = create_client()
		self.assertEqual(
			get_client_prefill(create_opportunity("Customer", client.customer).name),
			{"existing_client": client.name},
		)

	def test_a_client_adopting_a_customer_counts_its_projects(self):
		customer = frappe.get_doc(
			{"doctype": "Customer", "customer_name": f"Adopted {random_string(5)}"}
		).insert()
		frappe.get_doc(
			{"doctype": "Project", "project_name": f"P {random_string(5)}", "customer": customer.name}
		).insert()
		opp = create_opportunity("Customer", customer.name)
		client = frappe.get_doc({**client_values(), "opportunity": opp.name, "customer": customer.name})
		client.project_count = 99  # input is never trusted for it
		client.insert()
		self.assertEqual(frappe.db.get_value("Client", client.name, "project_count"), 1)

	def test_create_client_button_prefills_only_what_the_user_may_read(self):
		hidden, allowed = (
			frappe.get_doc(
				{"doctype": "Customer", "customer_name": f"Prefill {key} {random_string(5)}"}
			).insert()
			for key in ("Hidden", "Allowed")
		)
		opp = create_opportunity("Customer", hidden.name)
		user = ensure_user("prefill-restricted@example.com", ["Sales User"])
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": user,
				"allow": "Customer",
				"for_value": allowed.name,
				"applicable_for": "Customer",
			}
		).insert()
		self.assertEqual(get_client_prefill(opp.name)["customer"], hidden.name)  # Administrator
		frappe.set_user(user)
		values = get_client_prefill(opp.name)
		self.assertEqual(values["opportunity"], opp.name)
		self.assertIsNone(values["customer"])

		# the form saves what it was given: its customer is never one taken from input
		client = frappe.get_doc(
			{
				**client_values(),
				"opportunity": opp.name,
				"customer": allowed.name,
			}
		)
		with self.assertRaisesRegex(frappe.ValidationError, "not from input"):
			client.insert()


class TestConcurrentConversion(ClientTestCase):
	"""Two connections convert the same opportunity; the second one's read is stale. One client results."""

	def test_two_connections_end_with_one_client(self):
		lead = create_lead()
		opp = create_opportunity("Lead", lead.name, transaction_date=add_days(today(), -3))
		frappe.db.commit()
		try:
			with self.secondary_connection():
				frappe.db.sql(
					"select name from `tabClient` limit 1"
				)  # its snapshot predates the first client
			with self.primary_connection():
				first = client_for_opportunity(opp.name)
				frappe.db.commit()
			with self.secondary_connection():
				second = client_for_opportunity(opp.name)
				frappe.db.commit()
			self.assertEqual(first.action, "created")
			self.assertEqual((second.action, second.client), ("skipped", first.client))
			self.assertIn("concurrently", second.reason)  # it did try to insert, and lost the race
			self.assertEqual(len(clients_of(opp.name)), 1)
		finally:
			for name in clients_of(opp.name):
				frappe.delete_doc("Client", name, force=True)
			frappe.delete_doc("Opportunity", opp.name, force=True)
			frappe.delete_doc("Lead", lead.name, force=True)
			frappe.db.commit()


class TestBackfillCommand(ClientTestCase):
	"""`bench --site SITE backfill-clients`, run as a real command against committed data."""

	def bench(self, *args: str) -> str:
		result = bench(*args)
		self.assertEqual(result.returncode, 0, result.stderr)
		return result.stdout

	@change_settings(SETTINGS, auto_create_clients=0, commit=True)  # the command is another process
	def test_dry_run_writes_nothing_then_the_real_run_creates(self):
		lead = create_lead()
		opp = create_opportunity("Lead", lead.name)
		opp.set_status(status="Converted", update=True)
		frappe.db.commit()
		try:
			out = self.bench("backfill-clients", "--dry-run")
			self.assertIn(f"{opp.name}: created", out)
			self.assertIn("dry run: nothing written", out)
			self.assertEqual(clients_of(opp.name), [])

			out = self.bench("backfill-clients")
			self.assertIn(f"{opp.name}: created", out)
			self.assertEqual(len(clients_of(opp.name)), 1)
			self.assertIn(f"{opp.name}: skipped", self.bench("backfill-clients"))
		finally:
			for name in clients_of(opp.name):
				frappe.delete_doc("Client", name, force=True)
			frappe.delete_doc("Opportunity", opp.name, force=True)
			frappe.delete_doc("Lead", lead.name, force=True)
			frappe.db.commit()
