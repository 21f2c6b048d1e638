"""The Client form's Credit Memo and Customer Return popups: ERPNext's return of the ticked lines and
quantities of an invoice or a delivery, or a credit memo of lines entered, against no source."""

import frappe
from frappe.utils import add_days, flt, today

from erpnext.stock.stock_ledger import get_previous_sle

from client_management.api.returns import get_returnable_lines, make_credit_memo, make_customer_return
from client_management.tests.factories import (
	TEST_COMPANY,
	TEST_ITEM,
	ClientTestCase,
	create_client,
	create_delivery_note,
	create_sales_invoice,
	ensure_clerk,
	ensure_item,
	ensure_stock_item,
	ensure_user,
	stores,
)


def returns_of(doctype: str, source: str) -> list[str]:
	return frappe.get_all(doctype, {"return_against": source}, pluck="name")


def credit_memos_of(customer: str) -> list[str]:
	return frappe.get_all("Sales Invoice", {"customer": customer, "is_return": 1}, pluck="name")


def in_stock(item: str) -> float:
	sle = get_previous_sle(
		{
			"item_code": item,
			"warehouse": stores(),
			"posting_date": add_days(today(), 1),
			"posting_time": "00:00",
		}
	)
	return flt(sle.get("qty_after_transaction"))


class TestCreditMemo(ClientTestCase):
	"""An invoice of 3 x 100 and 2 x 50."""

	def setUp(self):
		self.company = TEST_COMPANY
		self.client = create_client()
		self.invoice = create_sales_invoice(
			self.client.customer,
			items=[
				{"item_code": ensure_item(), "qty": 3, "rate": 100},
				{"item_code": ensure_item(), "qty": 2, "rate": 50},
			],
		)
		self.first, self.second = (row.name for row in self.invoice.items)

	def left(self) -> dict[str, float]:
		lines = get_returnable_lines(self.client.name, "Sales Invoice", self.invoice.name)
		return {line["row"]: line["qty"] for line in lines}

	def credit(self, lines: list[dict], action: str = "submit", **kwargs) -> dict:
		return make_credit_memo(self.client.name, lines, action, invoice=self.invoice.name, **kwargs)

	def test_against_an_invoice_only_the_ticked_lines_and_quantities_are_credited(self):
		self.assertEqual(self.left(), {self.first: 3, self.second: 2})
		result = self.credit([{"row": self.first, "qty": 2}])
		memo = frappe.get_doc("Sales Invoice", result["name"])
		self.assertEqual((result["doctype"], result["docstatus"]), ("Sales Invoice", 1))
		self.assertEqual(
			(memo.is_return, memo.return_against, memo.client, flt(memo.grand_total)),
			(1, self.invoice.name, self.client.name, -200),
		)
		self.assertEqual([(r.sales_invoice_item, flt(r.qty)) for r in memo.items], [(self.first, -2)])
		self.assertEqual(flt(memo.outstanding_amount), -200)  # ERPNext's default: a credit of its own
		self.assertEqual(self.left(), {self.first: 1, self.second: 2})

	def test_save_makes_a_draft_and_edit_full_form_gets_it_unsaved(self):
		draft = self.credit([{"row": self.second, "qty": 1}], "draft")
		self.assertEqual(frappe.db.get_value("Sales Invoice", draft["name"], "docstatus"), 0)
		self.assertEqual(self.left(), {self.first: 3, self.second: 2})  # a draft returns nothing yet

		form = self.credit([{"row": self.first, "qty": 1}], "form", posting_date=add_days(today(), 1))
		self.assertTrue(form["__islocal"])
		self.assertEqual(
			(form["is_return"], form["return_against"], str(form["posting_date"]), form["set_posting_time"]),
			(1, self.invoice.name, add_days(today(), 1), 1),
		)
		self.assertEqual([(r["sales_invoice_item"], r["qty"]) for r in form["items"]], [(self.first, -1)])
		everything = self.credit([], "form")  # nothing ticked: ERPNext's full return, to edit there
		self.assertEqual([r["qty"] for r in everything["items"]], [-3, -2])
		self.assertEqual(returns_of("Sales Invoice", self.invoice.name), [draft["name"]])

	def test_more_than_is_left_is_refused_by_erpnext_and_nothing_stays(self):
		self.credit([{"row": self.first, "qty": 2}])
		with self.assertRaisesRegex(frappe.ValidationError, "Cannot return more than 1"):
			self.credit([{"row": self.second, "qty": 1}, {"row": self.first, "qty": 2}])
		self.assertEqual(len(returns_of("Sales Invoice", self.invoice.name)), 1)

	def test_bad_input_is_refused_with_a_message_and_nothing_stays(self):
		other = create_client()
		foreign = create_sales_invoice(other.customer)
		earlier = add_days(today(), -1)
		for lines, kwargs, message in (
			([], {}, "Tick at least one line"),
			([{"row": foreign.items[0].name, "qty": 1}], {}, "not on .* or has nothing left"),
			([{"row": self.first, "qty": 0}], {}, "must be more than 0"),
			(
				[{"row": self.first, "qty": 1}],
				{"invoice": foreign.name},
				"not a submitted invoice of this client",
			),
			([{"row": self.first, "qty": 1}], {"posting_date": earlier}, "Posting timestamp must be after"),
		):
			with self.subTest(message=message), self.assertRaisesRegex(frappe.ValidationError, message):
				make_credit_memo(
					self.client.name, lines, "submit", **{"invoice": self.invoice.name, **kwargs}
				)
		memo = self.credit([{"row": self.first, "qty": 1}])
		with self.assertRaisesRegex(frappe.ValidationError, "not a submitted invoice of this client"):
			make_credit_memo(self.client.name, [], "form", invoice=memo["name"])  # a return is no source
		with self.assertRaisesRegex(frappe.ValidationError, "Unknown action"):
			self.credit([{"row": self.first, "qty": 1}], "post")
		self.assertEqual(returns_of("Sales Invoice", self.invoice.name), [memo["name"]])
		self.assertEqual(credit_memos_of(other.customer), [])

	def test_without_an_invoice_the_lines_entered_are_credited(self):
		result = make_credit_memo(
			self.client.name,
			[
				{"item_code": TEST_ITEM, "description": "Goodwill", "qty": 1, "rate": 40},
				{"item_code": TEST_ITEM, "qty": 2, "rate": 15},
			],
			"submit",
			company=self.company,
		)
		memo = frappe.get_doc("Sales Invoice", result["name"])
		self.assertEqual(
			(memo.docstatus, memo.is_return, memo.return_against, memo.client, flt(memo.outstanding_amount)),
			(1, 1, None, self.client.name, -70),
		)
		self.assertEqual(
			[(r.item_code, flt(r.qty), flt(r.rate)) for r in memo.items],
			[(TEST_ITEM, -1, 40), (TEST_ITEM, -2, 15)],
		)
		self.assertEqual(memo.items[0].description, "Goodwill")

	def test_without_an_invoice_bad_lines_are_refused_with_a_message(self):
		line = {"item_code": TEST_ITEM, "qty": 1, "rate": 40}
		for lines, company, message in (
			([], self.company, "Enter at least one line"),
			([line], None, "Choose the company"),
			([{**line, "item_code": None, "description": "Text only"}], self.company, "Choose the item"),
			([{**line, "qty": -1}], self.company, "must be more than 0"),
			([{**line, "item_code": "No Such Item (test)"}], self.company, "not found"),
		):
			with self.subTest(message=message), self.assertRaisesRegex(frappe.ValidationError, message):
				make_credit_memo(self.client.name, lines, "draft", company=company)
		self.assertEqual(credit_memos_of(self.client.customer), [])

	def test_submit_by_a_user_who_may_not_submit_saves_a_draft(self):
		clerk = ensure_clerk("Sales Invoice", "cm-invoice-clerk@example.com")
		self.addCleanup(frappe.clear_cache, doctype="Sales Invoice")  # after the rollback of tearDown
		frappe.set_user(clerk)
		self.assertFalse(frappe.has_permission("Sales Invoice", "submit"))
		result = self.credit([{"row": self.first, "qty": 1}])
		frappe.set_user("Administrator")
		self.assertEqual(result["docstatus"], 0)
		self.assertEqual(frappe.db.get_value("Sales Invoice", result["name"], "owner"), clerk)

	def test_a_desk_role_without_the_right_and_a_portal_user_are_refused(self):
		portal_user = (
			frappe.get_doc(
				{
					"doctype": "Customer Portal User",
					"client": self.client.name,
					"email": "portal@returns-example.com",
				}
			)
			.insert()
			.user
		)
		for user in (ensure_user("cm-returns-sales@example.com", ["Sales User"]), portal_user):
			frappe.set_user(user)
			with self.subTest(user=user):
				with self.assertRaises(frappe.PermissionError):
					get_returnable_lines(self.client.name, "Sales Invoice", self.invoice.name)
				with self.assertRaises(frappe.PermissionError):
					self.credit([{"row": self.first, "qty": 1}])
				with self.assertRaises(frappe.PermissionError):
					make_customer_return(self.client.name, [{"item_code": TEST_ITEM, "qty": 1}], "draft")
		frappe.set_user("Administrator")
		self.assertEqual(returns_of("Sales Invoice", self.invoice.name), [])


class TestCustomerReturn(ClientTestCase):
	"""A delivery of 5 widgets (a stock item) and 2 hours of service."""

	def setUp(self):
		self.company = TEST_COMPANY
		self.client = create_client()
		self.widget = ensure_stock_item()
		self.delivery = create_delivery_note(
			self.client.customer,
			[
				{"item_code": self.widget, "qty": 5, "rate": 20},
				{"item_code": TEST_ITEM, "qty": 2, "rate": 60},
			],
		)
		self.widgets, self.hours = (row.name for row in self.delivery.items)

	def give_back(self, lines: list[dict], action: str = "submit") -> dict:
		return make_customer_return(self.client.name, lines, action, delivery_note=self.delivery.name)

	def test_against_a_delivery_the_ticked_goods_come_back_into_stock(self):
		lines = get_returnable_lines(self.client.name, "Delivery Note", self.delivery.name)
		self.assertEqual({line["row"]: line["qty"] for line in lines}, {self.widgets: 5, self.hours: 2})
		before = in_stock(self.widget)
		result = self.give_back([{"row": self.widgets, "qty": 2}])
		back = frappe.get_doc("Delivery Note", result["name"])
		self.assertEqual((result["doctype"], back.docstatus), ("Delivery Note", 1))
		self.assertEqual(
			(back.is_return, back.return_against, back.client), (1, self.delivery.name, self.client.name)
		)
		self.assertEqual([(r.dn_detail, flt(r.qty)) for r in back.items], [(self.widgets, -2)])
		self.assertEqual(in_stock(self.widget), before + 2)
		with self.assertRaisesRegex(frappe.ValidationError, "Cannot return more than 3"):
			self.give_back([{"row": self.widgets, "qty": 4}])
		self.assertEqual(returns_of("Delivery Note", self.delivery.name), [back.name])

	def test_a_return_against_a_delivery_may_be_a_draft_or_the_full_form(self):
		draft = self.give_back([{"row": self.hours, "qty": 1}], "draft")
		self.assertEqual(frappe.db.get_value("Delivery Note", draft["name"], "docstatus"), 0)
		form = self.give_back([{"row": self.widgets, "qty": 1}], "form")
		self.assertEqual(
			(form["doctype"], form["return_against"], [(r["dn_detail"], r["qty"]) for r in form["items"]]),
			("Delivery Note", self.delivery.name, [(self.widgets, -1)]),
		)

	def test_services_without_a_delivery_make_a_credit_memo(self):
		result = make_customer_return(
			self.client.name, [{"item_code": TEST_ITEM, "qty": 1, "rate": 60}], "submit", company=self.company
		)
		self.assertEqual(result["doctype"], "Sales Invoice")
		memo = frappe.get_doc("Sales Invoice", result["name"])
		self.assertEqual(
			(memo.is_return, memo.return_against, memo.update_stock, flt(memo.grand_total)), (1, None, 0, -60)
		)

	def test_goods_without_a_delivery_are_refused_and_nothing_stays(self):
		with self.assertRaisesRegex(
			frappe.ValidationError, "is a stock item: return it against its delivery"
		):
			make_customer_return(
				self.client.name,
				[{"item_code": TEST_ITEM, "qty": 1}, {"item_code": self.widget, "qty": 1}],
				"submit",
				company=self.company,
			)
		with self.assertRaisesRegex(frappe.ValidationError, "not a submitted delivery of this client"):
			make_customer_return(
				create_client().name,
				[{"row": self.widgets, "qty": 1}],
				"submit",
				delivery_note=self.delivery.name,
			)
		self.assertEqual(credit_memos_of(self.client.customer), [])
		self.assertEqual(returns_of("Delivery Note", self.delivery.name), [])

	def test_each_way_needs_the_right_to_create_what_it_makes(self):
		# Accounts users read deliveries but make none; Sales users deliver but make no credit memo
		frappe.set_user(ensure_user("cm-returns-accounts@example.com", ["Accounts User"]))
		with self.assertRaises(frappe.PermissionError):
			self.give_back([{"row": self.widgets, "qty": 1}])
		make_customer_return(
			self.client.name, [{"item_code": TEST_ITEM, "qty": 1, "rate": 1}], "draft", company=self.company
		)
		frappe.set_user(ensure_user("cm-returns-sales@example.com", ["Sales User"]))
		self.give_back([{"row": self.widgets, "qty": 1}], "draft")
		with self.assertRaises(frappe.PermissionError):
			make_customer_return(
				self.client.name,
				[{"item_code": TEST_ITEM, "qty": 1, "rate": 1}],
				"draft",
				company=self.company,
			)
