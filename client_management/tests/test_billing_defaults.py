"""A client's default fee type: its Activity Type on its timesheets, its service Item on its quotations,
orders and invoices, priced by ERPNext."""

import frappe
from frappe.utils import add_days, now_datetime, random_string, today

from client_management.api.client import billing_defaults, default_item_rows
from client_management.imports.exporter import export_rows
from client_management.imports.sheets import header
from client_management.tests.factories import (
	TEST_COMPANY,
	ClientTestCase,
	create_client,
	ensure_item,
	ensure_user,
)
from client_management.tests.test_imports import run, sheet_row

FEE_USER = "cm-fee-type@example.com"


def create_activity_type(billing_rate: float = 120, costing_rate: float = 60) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Activity Type",
				"activity_type": f"Conseil {random_string(6)}",
				"billing_rate": billing_rate,
				"costing_rate": costing_rate,
			}
		)
		.insert()
		.name
	)


def create_project(customer: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Project",
				"project_name": f"Mission {random_string(6)}",
				"customer": customer,
				"company": TEST_COMPANY,
			}
		)
		.insert()
		.name
	)


def create_employee() -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": "Fee",
				"last_name": random_string(6),
				"gender": "Female",
				"date_of_birth": "1990-01-01",
				"date_of_joining": "2020-01-01",
				"company": TEST_COMPANY,
				"status": "Active",
			}
		)
		.insert()
		.name
	)


def time_log(**values) -> dict:
	"""A billable time log of two hours, as the form sends it (billing hours follow the hours)."""
	return {"from_time": now_datetime(), "hours": 2, "billing_hours": 2, "is_billable": 1, **values}


def create_timesheet(time_logs: list[dict], **values):
	return frappe.get_doc(
		{
			"doctype": "Timesheet",
			"company": TEST_COMPANY,
			"time_logs": time_logs,
			**values,
		}
	).insert()


def selling_document(doctype: str, customer: str, items: list[dict]):
	company = TEST_COMPANY
	values = {
		"doctype": doctype,
		"company": company,
		"currency": frappe.get_cached_value("Company", company, "default_currency"),
		"items": items,
	}
	if doctype == "Quotation":
		values.update(quotation_to="Customer", party_name=customer, transaction_date=today())
	elif doctype == "Sales Order":
		values.update(customer=customer, transaction_date=today(), delivery_date=add_days(today(), 10))
	else:
		values.update(customer=customer, posting_date=today(), due_date=today())
	return frappe.get_doc(values).insert()


class TestDefaultFeeType(ClientTestCase):
	def setUp(self):
		self.activity_type = create_activity_type(billing_rate=120, costing_rate=60)
		self.item = ensure_item("Client Fee Type Service")
		self.client = create_client(default_activity_type=self.activity_type, default_item=self.item)

	def test_a_time_log_of_the_clients_project_is_billed_at_its_activity_types_rate(self):
		project = create_project(self.client.customer)
		timesheet = create_timesheet(
			[time_log(project=project), time_log(project=project, activity_type="Planning")]
		)
		default, chosen = timesheet.time_logs
		self.assertEqual(default.activity_type, self.activity_type)
		self.assertEqual((default.billing_rate, default.billing_amount), (120, 240))
		self.assertEqual((default.costing_rate, default.costing_amount), (60, 120))
		self.assertEqual(chosen.activity_type, "Planning")
		self.assertEqual(timesheet.total_billable_amount, 240)

	def test_the_employees_activity_cost_prices_the_default_activity(self):
		employee = create_employee()
		frappe.get_doc(
			{
				"doctype": "Activity Cost",
				"activity_type": self.activity_type,
				"employee": employee,
				"billing_rate": 150,
				"costing_rate": 80,
			}
		).insert()
		timesheet = create_timesheet(
			[time_log(project=create_project(self.client.customer))], employee=employee
		)
		timesheet.submit()  # ERPNext requires an activity type on an employee's submitted timesheet
		row = timesheet.time_logs[0]
		self.assertEqual(
			(row.activity_type, row.billing_rate, row.billing_amount), (self.activity_type, 150, 300)
		)

	def test_a_time_log_without_project_follows_the_timesheets_customer(self):
		timesheet = create_timesheet([time_log()], customer=self.client.customer)
		self.assertEqual(timesheet.time_logs[0].activity_type, self.activity_type)
		self.assertEqual(timesheet.time_logs[0].billing_rate, 120)

	def test_a_time_log_of_another_customers_project_is_left_alone(self):
		other = create_client()
		timesheet = create_timesheet(
			[time_log(project=create_project(other.customer))], customer=self.client.customer
		)
		self.assertFalse(timesheet.time_logs[0].activity_type)
		self.assertFalse(timesheet.time_logs[0].billing_rate)

	def test_an_item_row_typed_without_item_is_billed_as_the_clients_service(self):
		other_item = ensure_item()
		for doctype in ("Quotation", "Sales Order", "Sales Invoice"):
			with self.subTest(doctype=doctype):
				doc = selling_document(
					doctype,
					self.client.customer,
					[
						{"description": "Conseil, mars", "qty": 3, "rate": 100},
						{"item_code": other_item, "qty": 1, "rate": 50},
					],
				)
				typed, chosen = doc.items
				self.assertEqual(typed.item_code, self.item)
				self.assertEqual(typed.item_name, self.item)  # ERPNext filled in the item's details
				self.assertEqual((typed.description, typed.amount), ("Conseil, mars", 300))
				self.assertEqual(chosen.item_code, other_item)
				self.assertEqual(doc.grand_total - doc.total_taxes_and_charges, 350)

	def test_a_draft_saved_again_gets_the_service_for_a_new_row(self):
		invoice = selling_document(
			"Sales Invoice", self.client.customer, [{"item_code": ensure_item(), "qty": 1}]
		)
		invoice.append("items", {"description": "Déplacement", "qty": 1, "rate": 80})
		invoice.save()
		self.assertEqual(invoice.items[1].item_code, self.item)
		invoice.submit()
		self.assertEqual(invoice.items[1].income_account, invoice.items[0].income_account)

	def test_the_form_is_told_the_rows_the_save_bills_as_the_service(self):
		"""Every row without an item, as the save fills them: the form asks, so the two cannot drift."""
		other_item = ensure_item()
		rows = [
			{"name": "typed-1", "description": "Conseil, mars", "qty": 3, "rate": 100},
			{"name": "chosen", "item_code": other_item, "qty": 1, "rate": 50},
			{"name": "typed-2", "description": "Conseil, avril", "qty": 2, "rate": 100},
		]
		answer = default_item_rows(self.client.customer, frappe.as_json(rows))
		self.assertEqual(answer, {"item_code": self.item, "rows": ["typed-1", "typed-2"]})

		invoice = selling_document(
			"Sales Invoice",
			self.client.customer,
			[{key: value for key, value in row.items() if key != "name"} for row in rows],
		)
		given = [row.idx for row in invoice.items if row.item_code == self.item]
		self.assertEqual(given, [rows.index(row) + 1 for row in rows if row["name"] in answer["rows"]])

	def test_the_form_is_told_no_rows_for_a_client_without_a_service(self):
		client = create_client()
		self.assertEqual(
			default_item_rows(client.customer, [{"name": "typed", "qty": 1}]), {"item_code": None, "rows": []}
		)

	def test_default_item_rows_refuses_a_user_without_read_on_the_customer(self):
		frappe.set_user(ensure_user(FEE_USER, ["Projects User"]))  # no role permission on Customer
		with self.assertRaises(frappe.PermissionError):
			default_item_rows(self.client.customer, "[]")
		frappe.set_user(ensure_user(FEE_USER, ["Sales User"]))
		self.assertEqual(default_item_rows(self.client.customer, "[]"), {"item_code": self.item, "rows": []})

	def test_a_client_without_defaults_changes_nothing(self):
		client = create_client()
		project = create_project(client.customer)
		timesheet = create_timesheet([time_log(project=project)], customer=client.customer)
		self.assertFalse(timesheet.time_logs[0].activity_type)
		self.assertFalse(timesheet.time_logs[0].billing_rate)

		company = TEST_COMPANY
		income_account, cost_center = frappe.get_cached_value(
			"Company", company, ["default_income_account", "cost_center"]
		)
		invoice = selling_document(
			"Sales Invoice",
			client.customer,
			[
				{
					"item_name": "Conseil",
					"description": "Conseil",
					"qty": 1,
					"rate": 100,
					"uom": "Nos",
					"conversion_factor": 1,
					"income_account": income_account,
					"cost_center": cost_center,
				}
			],
		)
		self.assertFalse(invoice.items[0].item_code)
		self.assertEqual(billing_defaults(client.customer), {"activity_type": None, "item_code": None})

	def test_billing_defaults_answers_those_who_may_read_the_customer(self):
		expected = {"activity_type": self.activity_type, "item_code": self.item}
		self.assertEqual(billing_defaults(self.client.customer), expected)
		frappe.set_user(ensure_user(FEE_USER, ["Sales User"]))
		self.assertEqual(billing_defaults(self.client.customer), expected)

	def test_billing_defaults_refuses_a_user_without_read_on_the_customer(self):
		frappe.set_user(ensure_user(FEE_USER, ["Projects User"]))  # no role permission on Customer
		with self.assertRaises(frappe.PermissionError):
			billing_defaults(self.client.customer)

		frappe.set_user("Administrator")
		ensure_user(FEE_USER, ["Sales User"])
		other = create_client()
		frappe.get_doc(
			{"doctype": "User Permission", "user": FEE_USER, "allow": "Customer", "for_value": other.customer}
		).insert()
		try:
			frappe.set_user(FEE_USER)
			self.assertEqual(billing_defaults(other.customer)["item_code"], None)
			with self.assertRaises(frappe.PermissionError):
				billing_defaults(self.client.customer)
		finally:
			frappe.cache.hdel("user_permissions", FEE_USER)  # cached outside the rolled back transaction


class TestFeeTypeColumns(ClientTestCase):
	def test_the_import_sets_and_checks_the_default_fee_type_and_the_export_writes_it(self):
		activity_type = create_activity_type()
		item = ensure_item("Client Fee Type Service")
		outcomes = run(
			[
				sheet_row(
					company_name=f"Honoraires {random_string(5)}",
					contact_email=f"fee-{random_string(5).lower()}@import-test.fr",
					default_activity_type=activity_type,
					default_item=item,
				),
				sheet_row(
					company_name=f"Inconnu {random_string(5)}",
					contact_email=f"bad-{random_string(5).lower()}@import-test.fr",
					default_activity_type="No Such Activity",
				),
				sheet_row(
					company_name=f"Sans Article {random_string(5)}",
					contact_email=f"item-{random_string(5).lower()}@import-test.fr",
					default_item="No Such Service",
				),
			]
		)
		self.assertEqual([o.action for o in outcomes], ["created", "rejected", "rejected"])
		self.assertEqual(outcomes[1].errors[0][0], "default_activity_type")
		self.assertIn("No Such Activity", outcomes[1].errors[0][1])
		self.assertEqual(outcomes[2].errors[0][0], "default_item")
		client = frappe.get_doc("Client", outcomes[0].client)
		self.assertEqual((client.default_activity_type, client.default_item), (activity_type, item))

		rows = export_rows({"name": client.name})
		exported = dict(zip(header(), rows[1], strict=True))
		self.assertEqual((exported["default_activity_type"], exported["default_item"]), (activity_type, item))
