"""The Client form's Payment and Refund (of chosen credits) popups, in one step, and a credit memo's
credit refunded."""

import frappe
from frappe.permissions import update_permission_property
from frappe.utils import add_days, flt, today

from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as make_credit_note
from erpnext.accounts.party import get_party_account

from client_management.api.client import get_available_credits, make_payment, make_refund
from client_management.api.returns import make_credit_memo
from client_management.tests.factories import (
	TEST_COMPANY,
	ClientTestCase,
	create_client,
	create_sales_invoice,
	ensure_clerk,
	ensure_item,
	ensure_user,
)
from client_management.tests.factories import (
	submit_document as submit,
)


def days_ago(n: int) -> str:
	return add_days(today(), -n)


def payment_clerk() -> str:
	"""A desk user who may create Payment Entries but not submit them."""
	return ensure_clerk("Payment Entry", "cm-payment-clerk@example.com")


def bank_transfer(company: str) -> str:
	"""A Bank mode of payment into the company's bank account (ERPNext then wants a reference)."""
	mode = "Bank Transfer (test)"
	if not frappe.db.exists("Mode of Payment", mode):
		account = frappe.db.get_value("Account", {"company": company, "account_type": "Bank", "is_group": 0})
		frappe.get_doc(
			{
				"doctype": "Mode of Payment",
				"mode_of_payment": mode,
				"type": "Bank",
				"accounts": [{"company": company, "default_account": account}],
			}
		).insert()
	return mode


def cash_account(company: str) -> str:
	return frappe.db.get_value(
		"Mode of Payment Account", {"parent": "Cash", "company": company}, "default_account"
	)


def outstanding(invoice: str) -> float:
	return flt(frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount"))


class TestOneStepPayment(ClientTestCase):
	def setUp(self):
		self.company = TEST_COMPANY
		self.client = create_client()
		self.invoice = create_sales_invoice(
			self.client.customer, rate=100, posting_date=days_ago(5), due_date=days_ago(5), set_posting_time=1
		)
		self.addCleanup(frappe.clear_cache, doctype="Payment Entry")  # after the rollback of tearDown

	def payments(self) -> list[str]:
		return frappe.get_all("Payment Entry", {"party": self.client.customer}, pluck="name")

	def test_accounts_users_pay_in_one_step_with_the_details_they_typed(self):
		mode = bank_transfer(self.company)
		left = 100
		for role in ("Accounts User", "Accounts Manager"):
			with self.subTest(role=role):
				user = ensure_user(f"cm-{role.lower().replace(' ', '-')}@example.com", [role])
				frappe.set_user(user)
				result = make_payment(
					self.client.name, {self.invoice.name: 30}, mode, days_ago(2), "WIRE-42", days_ago(3)
				)
				frappe.set_user("Administrator")
				payment = frappe.get_doc("Payment Entry", result["name"])
				self.assertEqual(result["docstatus"], 1)
				self.assertEqual(
					(payment.docstatus, payment.owner, payment.mode_of_payment, payment.reference_no),
					(1, user, mode, "WIRE-42"),
				)
				self.assertEqual(
					(str(payment.posting_date), str(payment.reference_date)), (days_ago(2), days_ago(3))
				)
				self.assertEqual(
					payment.paid_to,
					frappe.db.get_value("Mode of Payment Account", {"parent": mode}, "default_account"),
				)
				self.assertEqual(
					[(r.reference_name, flt(r.allocated_amount)) for r in payment.references],
					[(self.invoice.name, 30)],
				)
				left -= 30
				self.assertEqual(outstanding(self.invoice.name), left)

	def test_a_user_who_may_not_submit_saves_a_draft_and_is_told_so(self):
		clerk = payment_clerk()
		frappe.set_user(clerk)
		self.assertFalse(frappe.has_permission("Payment Entry", "submit"))
		result = make_payment(self.client.name, {self.invoice.name: 100}, "Cash")
		frappe.set_user("Administrator")
		payment = frappe.get_doc("Payment Entry", result["name"])
		self.assertEqual((result["docstatus"], payment.docstatus, payment.owner), (0, 0, clerk))
		self.assertEqual((payment.mode_of_payment, payment.paid_to), ("Cash", cash_account(self.company)))
		self.assertEqual(outstanding(self.invoice.name), 100)  # a draft pays nothing yet

	def test_a_user_who_may_not_create_payments_is_refused(self):
		frappe.set_user(ensure_user("cm-sales-only@example.com", ["Sales User"]))
		with self.assertRaises(frappe.PermissionError):
			make_payment(self.client.name, {self.invoice.name: 100}, "Cash")
		with self.assertRaises(frappe.PermissionError):
			get_available_credits(self.client.name, self.company)

	def test_a_bank_payment_without_reference_is_refused_by_erpnext_and_nothing_stays(self):
		with self.assertRaisesRegex(frappe.ValidationError, "Reference No and Reference Date is mandatory"):
			make_payment(self.client.name, {self.invoice.name: 100}, bank_transfer(self.company))
		self.assertEqual(self.payments(), [])

	def test_a_submit_that_fails_leaves_no_draft_behind(self):
		frappe.db.set_value("Account", cash_account(self.company), "disabled", 1)  # refused when posting
		with self.assertRaisesRegex(frappe.ValidationError, "disabled accounts"):
			make_payment(self.client.name, {self.invoice.name: 100}, "Cash")
		self.assertEqual(self.payments(), [])
		self.assertEqual(outstanding(self.invoice.name), 100)

	def test_bad_payment_input_is_refused_with_a_message(self):
		no_account = frappe.get_doc(
			{"doctype": "Mode of Payment", "mode_of_payment": "No Account (test)", "type": "Cash"}
		)
		if not frappe.db.exists("Mode of Payment", no_account.mode_of_payment):
			no_account.insert()
		for allocations, mode, message in (
			({}, "Cash", "Tick at least one invoice"),
			({self.invoice.name: 0}, "Cash", "must be more than 0"),
			({self.invoice.name: 100}, "", "Choose the mode of payment"),
			({self.invoice.name: 100}, no_account.mode_of_payment, "default Cash or Bank account"),
		):
			with self.subTest(message=message), self.assertRaisesRegex(frappe.ValidationError, message):
				make_payment(self.client.name, allocations, mode)
		self.assertEqual(self.payments(), [])


class TestRefundOfChosenCredits(ClientTestCase):
	"""Two paid invoices (100 and 60), each credited in full: two credit notes of the client."""

	def setUp(self):
		self.company = TEST_COMPANY
		self.client = create_client()
		self.notes = []
		for rate in (100, 60):
			invoice = create_sales_invoice(self.client.customer, rate=rate)
			make_payment(self.client.name, {invoice.name: rate}, "Cash")
			self.notes.append(submit(make_credit_note(invoice.name)).name)

	def credits(self) -> dict[str, float]:
		return {
			row["voucher_no"]: row["credit"] for row in get_available_credits(self.client.name, self.company)
		}

	def refund(self, selection: dict, action: str = "submit", mode: str = "Cash", **details):
		"""The Refund popup's Submit (Save for action "draft"): the Payment Entry it made."""
		result = make_refund(self.client.name, self.company, selection, action, mode, **details)
		return frappe.get_doc("Payment Entry", result["name"])

	def refunds(self) -> list[str]:
		return frappe.get_all(
			"Payment Entry", {"party": self.client.customer, "payment_type": "Pay"}, pluck="name"
		)

	def test_the_refund_of_one_ticked_credit_leaves_the_other_available(self):
		first, second = self.notes
		self.assertEqual(self.credits(), {first: 100, second: 60})
		refund = self.refund({first: 100})
		self.assertEqual((refund.docstatus, refund.payment_type, flt(refund.paid_amount)), (1, "Pay", 100))
		self.assertEqual([r.reference_name for r in refund.references], [first])
		self.assertEqual(self.credits(), {second: 60})

	def test_a_lower_amount_refunds_part_of_the_credit(self):
		first, second = self.notes
		refund = self.refund({first: 30})
		self.assertEqual(
			[(r.reference_name, flt(r.allocated_amount)) for r in refund.references], [(first, -30)]
		)
		self.assertEqual(self.credits(), {first: 70, second: 60})

	def test_a_ticked_unallocated_payment_adds_its_amount_unreferenced(self):
		receipt = frappe.get_doc(
			{
				"doctype": "Payment Entry",
				"payment_type": "Receive",
				"company": self.company,
				"party_type": "Customer",
				"party": self.client.customer,
				"mode_of_payment": "Cash",
				"paid_from": get_party_account("Customer", self.client.customer, self.company),
				"paid_to": cash_account(self.company),
				"paid_amount": 80,
				"received_amount": 80,
			}
		)
		submit(receipt)
		self.assertEqual(self.credits()[receipt.name], 80)
		refund = self.refund({self.notes[0]: 100, receipt.name: 50})
		self.assertEqual((flt(refund.paid_amount), flt(refund.unallocated_amount)), (150, 50))
		self.assertEqual([r.reference_name for r in refund.references], [self.notes[0]])
		# ERPNext keeps the payment's credit and the refund's debit apart: what is left to refund is 30
		self.assertEqual(self.credits(), {self.notes[1]: 60, receipt.name: 30})
		with self.assertRaisesRegex(frappe.ValidationError, "at most its available credit"):
			self.refund({receipt.name: 80})

	def test_bad_refund_selections_are_refused_with_a_message(self):
		other = create_client()
		paid = create_sales_invoice(other.customer, rate=10)
		make_payment(other.name, {paid.name: 10}, "Cash")
		foreign = submit(make_credit_note(paid.name)).name
		unpaid = create_sales_invoice(self.client.customer, rate=10).name
		first = self.notes[0]
		for selection, mode, message in (
			({}, "Cash", "Tick at least one credit"),
			({foreign: 10}, "Cash", "not an available credit of this client"),
			({unpaid: 10}, "Cash", "not an available credit of this client"),
			({first: 101}, "Cash", "at most its available credit"),
			({first: 0}, "Cash", "must be more than 0"),
			({first: 10}, "", "Choose the mode of payment"),
			({first: 10}, bank_transfer(self.company), "Reference No and Reference Date is mandatory"),
		):
			with self.subTest(message=message), self.assertRaisesRegex(frappe.ValidationError, message):
				self.refund(selection, mode=mode)
		self.assertEqual(self.refunds(), [])

	def test_accounts_users_refund_in_one_step_with_the_details_they_typed(self):
		mode = bank_transfer(self.company)
		user = ensure_user("cm-accounts-user@example.com", ["Accounts User"])
		frappe.set_user(user)
		refund = self.refund(
			{self.notes[0]: 100},
			mode=mode,
			posting_date=days_ago(1),
			reference_no="REFUND-7",
			reference_date=days_ago(2),
		)
		frappe.set_user("Administrator")
		self.assertEqual(
			(refund.docstatus, refund.owner, refund.mode_of_payment, refund.reference_no),
			(1, user, mode, "REFUND-7"),
		)
		self.assertEqual((str(refund.posting_date), str(refund.reference_date)), (days_ago(1), days_ago(2)))
		self.assertEqual(
			refund.paid_from,
			frappe.db.get_value("Mode of Payment Account", {"parent": mode}, "default_account"),
		)
		self.assertEqual(self.credits(), {self.notes[1]: 60})

	def test_save_makes_a_draft_as_does_submit_for_a_user_who_may_not_submit(self):
		draft = self.refund({self.notes[0]: 100}, "draft")
		self.assertEqual(draft.docstatus, 0)
		# a site where Accounts Users may not submit payments (they read the receivables, which a
		# refund's credits come from)
		update_permission_property("Payment Entry", "Accounts User", 0, "submit", 0)
		self.addCleanup(frappe.clear_cache, doctype="Payment Entry")  # after the rollback of tearDown
		clerk = ensure_user("cm-refund-clerk@example.com", ["Accounts User"])
		frappe.set_user(clerk)
		refund = self.refund({self.notes[1]: 60})
		frappe.set_user("Administrator")
		self.assertEqual((refund.docstatus, refund.owner), (0, clerk))
		self.assertEqual(self.credits(), {self.notes[0]: 100, self.notes[1]: 60})  # drafts refund nothing

	def test_a_submit_that_fails_leaves_no_draft_behind(self):
		frappe.db.set_value("Account", cash_account(self.company), "disabled", 1)  # refused when posting
		with self.assertRaisesRegex(frappe.ValidationError, "disabled accounts"):
			self.refund({self.notes[0]: 100})
		self.assertEqual(self.refunds(), [])

	def test_edit_full_form_gets_the_refund_unsaved_with_what_was_typed(self):
		form = make_refund(
			self.client.name,
			self.company,
			{self.notes[0]: 40},
			"form",
			"Cash",
			days_ago(1),
			"R-1",
			days_ago(1),
		)
		self.assertTrue(form["__islocal"])
		self.assertEqual(
			(form["payment_type"], form["mode_of_payment"], form["paid_from"], form["reference_no"]),
			("Pay", "Cash", cash_account(self.company), "R-1"),
		)
		self.assertEqual(str(form["posting_date"]), days_ago(1))
		self.assertEqual(
			[(r["reference_name"], r["allocated_amount"]) for r in form["references"]], [(self.notes[0], -40)]
		)
		nothing_ticked = make_refund(self.client.name, self.company, {}, "form")
		self.assertEqual((nothing_ticked["party"], nothing_ticked["references"]), (self.client.customer, []))
		self.assertEqual(self.refunds(), [])


class TestStandaloneCreditMemo(ClientTestCase):
	def test_a_credit_memo_without_an_invoice_is_a_credit_to_refund(self):
		client = create_client()
		company = TEST_COMPANY
		lines = [{"item_code": ensure_item(), "qty": 1, "rate": 40}]
		note = make_credit_memo(client.name, lines, "submit", company=company)["name"]
		credits = {row["voucher_no"]: row["credit"] for row in get_available_credits(client.name, company)}
		self.assertEqual(credits, {note: 40})
		refund = make_refund(client.name, company, {note: 40}, "submit", "Cash")
		references = frappe.get_all(
			"Payment Entry Reference", {"parent": refund["name"]}, pluck="reference_name"
		)
		self.assertEqual((refund["docstatus"], references), (1, [note]))
		self.assertEqual(get_available_credits(client.name, company), [])
