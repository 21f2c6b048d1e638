"""Won opportunities become clients, through ERPNext's real quotation -> sales order flow."""

import frappe
from frappe.tests.utils import change_settings
from frappe.utils import add_days, random_string, today

from client_management.api.opportunity import get_client_prefill, mark_as_won
from client_management.constants import SETTINGS, WON_SALES_STAGE
from client_management.setup import create_won_sales_stage
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
		name = f"Plain Customer {random_string(6)} SA"  # no customer left on the site has it
		customer = frappe.get_doc(
			{"doctype": "Customer", "customer_name": name, "customer_type": "Company"}
		).insert()
		opp = create_opportunity("Customer", customer.name)
		win_opportunity(opp.name)

		client = frappe.get_doc("Client", clients_of(opp.name)[0])
		self.assertEqual((client.customer, client.company_name), (customer.name, name))
		self.assertEqual(frappe.db.get_value("Customer", customer.name, "client"), client.name)
		self.assertEqual(frappe.db.count("Customer", {"customer_name": name}), 1)

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


def sales_stage(name: str | None = None) -> str:
	"""A Sales Stage of the test's own (ERPNext's defaults are translated at install: not relied on)."""
	return (
		frappe.get_doc({"doctype": "Sales Stage", "stage_name": name or f"Stage {random_string(6)}"})
		.insert()
		.name
	)


class TestWonSalesStage(ClientTestCase):
	"""A won sales stage makes the client by the same rule as a trigger status."""

	def test_the_won_stage_makes_one_prefilled_client_and_nothing_after(self):
		lead = create_lead()
		opp = create_opportunity("Lead", lead.name)
		opp.sales_stage = WON_SALES_STAGE
		opp.save()

		[name] = clients_of(opp.name)
		self.assertEqual((opp.flags.client_outcome.action, opp.client), ("created", name))
		client = frappe.get_doc("Client", name)
		self.assertEqual(
			(client.company_name, client.contacts[0].email, str(client.finalized_date), client.status),
			(lead.company_name, lead.email_id, today(), "Incomplete"),  # a lead has no street address
		)
		self.assertEqual(frappe.db.get_value("Opportunity", opp.name, "client"), name)
		self.assertTrue(frappe.db.exists("ToDo", {"reference_type": "Client", "reference_name": name}))

		opp.save()  # a second save
		for stage in (sales_stage(), WON_SALES_STAGE):  # a later stage, and back
			opp.sales_stage = stage
			opp.save()
		opp.set_status(status="Converted", update=True)  # then the status trigger
		self.assertEqual(clients_of(opp.name), [name])

	def test_a_new_opportunity_at_the_won_stage_makes_its_client(self):
		opp = create_opportunity("Lead", create_lead().name, sales_stage=WON_SALES_STAGE)
		self.assertEqual(len(clients_of(opp.name)), 1)

	def test_bad_data_never_blocks_the_save(self):
		lead = create_lead(mobile_no="12", source=None, website="not a web site")
		opp = create_opportunity("Lead", lead.name, source=None)
		opp.sales_stage = WON_SALES_STAGE
		opp.save()

		self.assertEqual(frappe.db.get_value("Opportunity", opp.name, "sales_stage"), WON_SALES_STAGE)
		client = frappe.get_doc("Client", clients_of(opp.name)[0])
		self.assertEqual(client.status, "Incomplete")
		for missing in ("Lead Source", "Mobile No", "Website"):
			self.assertIn(missing, client.missing_fields)

	def test_other_stages_and_the_automation_off_make_no_client(self):
		opp = create_opportunity("Lead", create_lead().name)
		opp.sales_stage = sales_stage()
		opp.save()
		self.assertEqual(clients_of(opp.name), [])

		with change_settings(SETTINGS, auto_create_clients=0):
			opp.sales_stage = WON_SALES_STAGE
			opp.save()
		self.assertEqual(clients_of(opp.name), [])

		opp.sales_stage = sales_stage()
		opp.save()
		with change_settings(SETTINGS, won_sales_stages=""):
			opp.sales_stage = WON_SALES_STAGE
			opp.save()
		self.assertEqual(clients_of(opp.name), [])

	def test_the_settings_list_any_sales_stage_and_refuse_an_unknown_one(self):
		stage = sales_stage()
		with change_settings(SETTINGS, won_sales_stages=f"{WON_SALES_STAGE}\n{stage}"):
			opp = create_opportunity("Lead", create_lead().name, sales_stage=stage)
			self.assertEqual(len(clients_of(opp.name)), 1)

		settings = frappe.get_doc(SETTINGS)
		settings.won_sales_stages = f"{WON_SALES_STAGE}\nNo Such Stage"
		with self.assertRaisesRegex(frappe.ValidationError, "No Such Stage is not a Sales Stage"):
			settings.save()

	@change_settings(SETTINGS, auto_create_clients=0)
	def test_backfill_catches_up_opportunities_at_a_won_stage(self):
		opp = create_opportunity("Lead", create_lead().name, sales_stage=WON_SALES_STAGE)
		self.assertEqual(clients_of(opp.name), [])
		backfill(report=lambda message: None)
		self.assertEqual(len(clients_of(opp.name)), 1)

	def test_install_adds_the_won_stage_once_with_a_french_label(self):
		frappe.db.delete("Sales Stage", {"name": WON_SALES_STAGE})
		create_won_sales_stage()
		create_won_sales_stage()  # runs on every migrate: keeps the one there
		self.assertEqual(frappe.db.count("Sales Stage", {"name": WON_SALES_STAGE}), 1)
		self.assertEqual(frappe.db.get_single_value(SETTINGS, "won_sales_stages"), WON_SALES_STAGE)
		frappe.translate.clear_cache()
		self.assertEqual(frappe._(WON_SALES_STAGE, lang="fr"), "Gagné")


class TestMarkAsWon(ClientTestCase):
	"""The Opportunity form's Mark as Won: sets the won stage, shows the client it made or linked."""

	def test_a_sales_user_marks_a_deal_won_and_gets_its_new_client(self):
		opp = create_opportunity("Lead", create_lead().name)
		frappe.set_user(ensure_user("mark-won-sales@example.com", ["Sales User"]))
		result = mark_as_won(opp.name)

		[client] = clients_of(opp.name)
		self.assertEqual(
			(result["sales_stage"], result["client"], result["action"]), (WON_SALES_STAGE, client, "created")
		)
		self.assertEqual(
			frappe.db.get_value("Opportunity", opp.name, ["sales_stage", "client"]), (WON_SALES_STAGE, client)
		)
		again = mark_as_won(opp.name)
		self.assertEqual((again["client"], again["action"]), (client, None))
		self.assertEqual(clients_of(opp.name), [client])

	def test_a_customer_with_a_client_is_linked_not_duplicated(self):
		client = create_client()
		opp = create_opportunity("Customer", client.customer)
		before = frappe.db.count("Client")
		self.assertEqual(mark_as_won(opp.name)["client"], client.name)
		self.assertEqual(frappe.db.count("Client"), before)

	def test_with_the_automation_off_the_stage_is_set_and_no_client_made(self):
		opp = create_opportunity("Lead", create_lead().name)
		with change_settings(SETTINGS, auto_create_clients=0):
			result = mark_as_won(opp.name)
		self.assertEqual((result["sales_stage"], result["client"]), (WON_SALES_STAGE, None))
		self.assertEqual(clients_of(opp.name), [])

	def test_refused_without_write_permission_on_the_opportunity(self):
		opp = create_opportunity("Lead", create_lead().name)
		for roles in (["Accounts User"], ["Customer"]):
			with self.subTest(roles=roles):
				frappe.set_user(
					ensure_user(f"mark-won-{roles[0].lower().replace(' ', '-')}@example.com", roles)
				)
				with self.assertRaises(frappe.PermissionError):
					mark_as_won(opp.name)
				frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Opportunity", opp.name, "sales_stage"), opp.sales_stage)
		self.assertEqual(clients_of(opp.name), [])

	def test_a_lost_deal_or_no_won_stage_is_refused_with_the_reason(self):
		opp = create_opportunity("Lead", create_lead().name)
		with change_settings(SETTINGS, won_sales_stages=""):
			with self.assertRaisesRegex(frappe.ValidationError, "No sales stage counts as won"):
				mark_as_won(opp.name)
		opp.db_set("status", "Lost")
		with self.assertRaisesRegex(frappe.ValidationError, "is Lost"):
			mark_as_won(opp.name)
		self.assertEqual(clients_of(opp.name), [])


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
