"""The Client form's sales popups: a deal, an estimate, a sales order or an invoice made for the
client's customer by ERPNext's own functions, saved as the user, all or nothing."""

import frappe
from frappe.utils import add_days, add_months, today

from client_management.api.sales import new_deal, new_sales_document, save_deal, save_sales_document
from client_management.tests.factories import (
	TEST_COMPANY,
	TEST_SALES_STAGE,
	ClientTestCase,
	create_client,
	ensure_clerk,
	ensure_item,
	ensure_user,
)

SALES_USER = "cm-sales-popups-sales@example.com"
ACCOUNTS_USER = "cm-sales-popups-accounts@example.com"
# doctype -> a role that creates and submits it
MAKERS = {"Quotation": "Sales User", "Sales Order": "Sales User", "Sales Invoice": "Accounts User"}


def line(item_code: str, qty: float = 1, rate: float | None = None, **values) -> dict:
	return {"item_code": item_code, "qty": qty, "rate": rate, **values}


def maker(doctype: str) -> str:
	role = MAKERS[doctype]
	return ensure_user(SALES_USER if role == "Sales User" else ACCOUNTS_USER, [role])


class SalesPopupTestCase(ClientTestCase):
	def setUp(self):
		self.company = TEST_COMPANY
		self.item = ensure_item()
		self.client = create_client(
			default_item=self.item,
			contacts=[
				{"first_name": "Paula", "last_name": "Primary", "email": "paula@sales-popups.example.com"},
				{
					"first_name": "Ivan",
					"last_name": "Invoices",
					"email": "ivan@sales-popups.example.com",
					"is_billing_contact": 1,
				},
			],
		)
		self.primary, self.recipient = (row.contact for row in self.client.contacts)
		# a sales order's delivery date: the others' dates are left to ERPNext
		self.values = {
			"company": self.company,
			"delivery_date": add_days(today(), 10),
			"items": [line(self.item, 2, 150)],
		}

	def documents_of(self, doctype: str) -> list[str]:
		party = "party_name" if doctype in ("Quotation", "Opportunity") else "customer"
		return frappe.get_all(doctype, {party: self.client.customer}, pluck="name")


class TestSalesDocuments(SalesPopupTestCase):
	def test_save_makes_a_draft_and_submit_submits_as_the_user(self):
		for doctype in MAKERS:
			user = maker(doctype)
			for submit in (False, True):
				with self.subTest(doctype=doctype, submit=submit):
					frappe.set_user(user)
					result = save_sales_document(self.client.name, doctype, self.values, submit)
					frappe.set_user("Administrator")
					doc = frappe.get_doc(doctype, result["name"])
					self.assertEqual(result, {"doctype": doctype, "name": doc.name, "docstatus": int(submit)})
					self.assertEqual(
						(doc.docstatus, doc.owner, doc.client), (int(submit), user, self.client.name)
					)
					self.assertEqual([(r.item_code, r.qty, r.rate) for r in doc.items], [(self.item, 2, 150)])
					self.assertEqual(doc.net_total, 300)

	def test_a_user_who_may_create_but_not_submit_saves_drafts_and_a_submit_writes_nothing(self):
		self.addCleanup(frappe.clear_cache, doctype="Sales Invoice")  # after the rollback of tearDown
		clerk = ensure_clerk("Sales Invoice", "cm-sales-popups-clerk@example.com")
		frappe.set_user(clerk)
		self.assertFalse(frappe.has_permission("Sales Invoice", "submit"))
		draft = save_sales_document(self.client.name, "Sales Invoice", self.values)
		self.assertEqual(draft["docstatus"], 0)
		with self.assertRaises(frappe.PermissionError):
			save_sales_document(self.client.name, "Sales Invoice", self.values, submit=True)
		frappe.set_user("Administrator")
		self.assertEqual(self.documents_of("Sales Invoice"), [draft["name"]])  # not the refused one's draft

	def test_erpnext_refuses_bad_input_with_its_message_and_nothing_is_written(self):
		refusals = {
			"Sales Order": (
				{**self.values, "delivery_date": add_days(today(), -1)},
				"Expected Delivery Date should be after Sales Order Date",
			),
			"Sales Invoice": (
				{**self.values, "items": [line(self.item, 0, 10)]},
				f"Quantity for Item <strong>{self.item}</strong> cannot be zero",
			),
			"Quotation": (
				{**self.values, "valid_till": add_days(today(), -1)},
				"Valid till date cannot be before transaction date",
			),
		}
		for doctype, (values, message) in refusals.items():
			for submit in (False, True):
				with self.subTest(doctype=doctype, submit=submit):
					with self.assertRaises(frappe.ValidationError) as refused:
						save_sales_document(self.client.name, doctype, values, submit)
					self.assertIn(message, str(refused.exception))
					self.assertEqual(self.documents_of(doctype), [])

	def test_a_submit_erpnext_refuses_leaves_no_draft(self):
		customer = frappe.get_doc("Customer", self.client.customer)
		customer.append("credit_limits", {"company": self.company, "credit_limit": 10})
		customer.save()
		frappe.set_user(maker("Sales Order"))
		with self.assertRaises(frappe.ValidationError) as refused:  # checked on submit only
			save_sales_document(self.client.name, "Sales Order", self.values, submit=True)
		self.assertIn("Credit limit has been crossed", str(refused.exception))
		frappe.set_user("Administrator")
		self.assertEqual(self.documents_of("Sales Order"), [])

	def test_rates_come_from_the_client_price_list_and_typed_rates_are_kept(self):
		price_list = frappe.get_doc(
			{
				"doctype": "Price List",
				"price_list_name": f"Sales Popups {frappe.generate_hash(length=6)}",
				"selling": 1,
				"currency": frappe.get_cached_value("Company", self.company, "default_currency"),
			}
		).insert()
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": self.item,
				"price_list": price_list.name,
				"price_list_rate": 75,
			}
		).insert()
		self.client.default_price_list = price_list.name
		self.client.save()

		values = {**self.values, "items": [line(self.item, 2), line(self.item, 1, 60)]}
		preview = new_sales_document(self.client.name, "Quotation", values)
		self.assertEqual([(r["rate"], r["amount"]) for r in preview["items"]], [(75, 150), (60, 60)])
		self.assertEqual(preview["net_total"], 210)
		quotation = frappe.get_doc(
			"Quotation", save_sales_document(self.client.name, "Quotation", values)["name"]
		)
		self.assertEqual(quotation.selling_price_list, price_list.name)
		self.assertEqual(
			[(r.rate, r.price_list_rate, r.description) for r in quotation.items],
			[(75, 75, self.item), (60, 75, self.item)],
		)

	def test_the_invoice_goes_to_the_invoice_recipient_the_others_to_the_primary_contact(self):
		expected = {"Quotation": self.primary, "Sales Order": self.primary, "Sales Invoice": self.recipient}
		for doctype, contact in expected.items():
			with self.subTest(doctype=doctype):
				preview = new_sales_document(self.client.name, doctype, {"company": self.company})
				self.assertEqual(
					(preview["contact_person"], preview["customer_address"]),
					(contact, self.client.billing_address),
				)
				doc = frappe.get_doc(
					doctype, save_sales_document(self.client.name, doctype, self.values)["name"]
				)
				self.assertEqual(
					(doc.contact_person, doc.contact_email, doc.customer_address),
					(
						contact,
						frappe.db.get_value("Contact", contact, "email_id"),
						self.client.billing_address,
					),
				)
		chosen = {**self.values, "contact_person": self.primary}
		invoice = save_sales_document(self.client.name, "Sales Invoice", chosen)
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", invoice["name"], "contact_person"), self.primary
		)

	def test_a_contact_or_address_of_another_client_is_refused(self):
		other = create_client()
		for wrong, message in (
			({"contact_person": other.contacts[0].contact}, "is not a contact of client"),
			({"customer_address": other.billing_address}, "is not an address of client"),
		):
			with self.subTest(wrong=wrong):
				with self.assertRaises(frappe.ValidationError) as refused:
					new_sales_document(self.client.name, "Sales Invoice", {**self.values, **wrong})
				self.assertIn(message, str(refused.exception))
				with self.assertRaises(frappe.ValidationError):
					save_sales_document(self.client.name, "Sales Invoice", {**self.values, **wrong})
		self.assertEqual(self.documents_of("Sales Invoice"), [])

	def test_taxes_and_dates_are_erpnexts_unless_chosen(self):
		default = frappe.db.get_value(
			"Sales Taxes and Charges Template", {"company": self.company, "is_default": 1}
		)
		self.assertTrue(default, "the test company has a default Sales Taxes and Charges Template")
		preview = new_sales_document(self.client.name, "Quotation", self.values)
		self.assertEqual(preview["taxes_and_charges"], default)
		self.assertTrue(preview["taxes"])
		self.assertEqual(preview["grand_total"], preview["net_total"] + preview["total_taxes_and_charges"])
		self.assertEqual(str(preview["valid_till"]), add_months(today(), 1))  # ERPNext's form's proposal
		untaxed = new_sales_document(self.client.name, "Quotation", {**self.values, "taxes_and_charges": ""})
		self.assertEqual((untaxed["taxes"], untaxed["grand_total"]), ([], 300))
		invoice = new_sales_document(self.client.name, "Sales Invoice", self.values)
		self.assertEqual(str(invoice["due_date"]), today())  # no payment terms: due on posting

	def test_only_the_three_sales_doctypes_are_made(self):
		for method in (new_sales_document, save_sales_document):
			with self.subTest(method=method.__name__):
				with self.assertRaises(frappe.ValidationError):
					method(self.client.name, "Purchase Invoice", self.values)


class TestDeal(SalesPopupTestCase):
	def test_a_deal_for_the_client_with_its_primary_contact(self):
		frappe.set_user(ensure_user(SALES_USER, ["Sales User"]))
		preview = new_deal(self.client.name, {"company": self.company})
		self.assertEqual(
			(preview["contact_person"], preview["party_name"]), (self.primary, self.client.customer)
		)
		result = save_deal(
			self.client.name,
			{
				"company": self.company,
				"title": "Website redesign",
				"opportunity_amount": 4500,
				"expected_closing": add_days(today(), 30),
				"sales_stage": TEST_SALES_STAGE,
				"source": self.client.lead_source,
			},
		)
		frappe.set_user("Administrator")
		deal = frappe.get_doc("Opportunity", result["name"])
		self.assertEqual(
			(deal.opportunity_from, deal.party_name, deal.client, deal.owner),
			("Customer", self.client.customer, self.client.name, SALES_USER),
		)
		self.assertEqual(
			(deal.title, deal.opportunity_amount, str(deal.expected_closing), deal.sales_stage, deal.source),
			("Website redesign", 4500, add_days(today(), 30), TEST_SALES_STAGE, self.client.lead_source),
		)
		self.assertEqual(
			(deal.contact_person, deal.contact_email), (self.primary, "paula@sales-popups.example.com")
		)

	def test_a_refused_deal_writes_nothing(self):
		with self.assertRaises(frappe.LinkValidationError):
			save_deal(self.client.name, {"title": "Nowhere", "sales_stage": "No Such Stage"})
		with self.assertRaises(frappe.ValidationError):
			save_deal(self.client.name, {"contact_person": create_client().contacts[0].contact})
		self.assertEqual(self.documents_of("Opportunity"), [])


class TestWhoMayUseThePopups(SalesPopupTestCase):
	def test_a_portal_user_and_desk_roles_without_the_right_are_refused(self):
		portal_user = (
			frappe.get_doc(
				{
					"doctype": "Customer Portal User",
					"client": self.client.name,
					"email": "portal@sales-popups.example.com",
				}
			)
			.insert()
			.user
		)
		stock_user = ensure_user("cm-sales-popups-stock@example.com", ["Stock User"])  # no read on Client
		sales_user = ensure_user(SALES_USER, ["Sales User"])  # no invoices
		accounts_user = ensure_user(ACCOUNTS_USER, ["Accounts User"])  # no deals, estimates or orders
		refused = {
			portal_user: ["Opportunity", *MAKERS],
			stock_user: ["Opportunity", *MAKERS],
			sales_user: ["Sales Invoice"],
			accounts_user: ["Opportunity", "Quotation", "Sales Order"],
		}
		for user, doctypes in refused.items():
			frappe.set_user(user)
			for doctype in doctypes:
				with self.subTest(user=user, doctype=doctype):
					with self.assertRaises(frappe.PermissionError):
						if doctype == "Opportunity":
							new_deal(self.client.name, {})
						else:
							new_sales_document(self.client.name, doctype, self.values)
					with self.assertRaises(frappe.PermissionError):
						if doctype == "Opportunity":
							save_deal(self.client.name, {"title": "Refused"})
						else:
							save_sales_document(self.client.name, doctype, self.values, True)
		frappe.set_user("Administrator")
		for doctype in ("Opportunity", *MAKERS):
			self.assertEqual(self.documents_of(doctype), [])

	def test_a_user_permission_on_another_client_refuses_this_one(self):
		other = create_client()
		user = ensure_user("cm-sales-popups-restricted@example.com", ["Sales User"])
		frappe.get_doc(
			{"doctype": "User Permission", "user": user, "allow": "Client", "for_value": other.name}
		).insert()
		frappe.set_user(user)
		with self.assertRaises(frappe.PermissionError):
			save_sales_document(self.client.name, "Quotation", self.values)
		self.assertTrue(save_sales_document(other.name, "Quotation", self.values)["name"])
