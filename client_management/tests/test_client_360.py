"""Client 360: ERPNext documents made from the client, its `client` field, the finance panel (the
Tasks tab: test_work)."""

import frappe
from frappe.permissions import add_permission, add_user_permission
from frappe.utils import add_days, flt, today

from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as make_credit_note
from erpnext.accounts.utils import get_balance_on
from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_return as make_delivery_return

from client_management.api.client import get_finance_summary, make_payment, make_refund
from client_management.constants import CLIENT_DOCTYPES
from client_management.finance import receivable_rows
from client_management.patches.v0_1.fill_client_links import execute as fill_client_links
from client_management.tests.factories import (
	ClientFinanceTestCase,
	ClientTestCase,
	create_client,
	create_opportunity,
	create_sales_invoice,
	ensure_item,
	ensure_user,
	win_opportunity,
)


def pay(client: str, allocations: dict):
	"""The Payment dialog's Save, in cash: the Payment Entry it submitted."""
	return frappe.get_doc("Payment Entry", make_payment(client, allocations, "Cash")["name"])


# what only users who may read the ledger and the payments get (Accounts roles)
LEDGER_FIGURES = {"outstanding_company_currency", "available_credit", "last_payments", "monthly"}


def grant_invoice_read(test, role: str):
	"""What an admin does in Role Permissions Manager: `role` may read Sales Invoices (ERPNext gives
	that right to Accounts roles only). Rolled back with the test; the cached permissions after it."""
	add_permission("Sales Invoice", role)
	test.addCleanup(frappe.clear_cache, doctype="Sales Invoice")
	frappe.clear_cache(doctype="Sales Invoice")


def invoice_figures(summary: dict) -> dict:
	return {
		**{
			key: flt(summary[key])
			for key in ("billed_this_year", "billed_lifetime", "outstanding", "current")
		},
		"overdue": {k: flt(v) for k, v in summary["overdue"].items()},
		"open_invoices": [(i["name"], flt(i["outstanding_amount"])) for i in summary["open_invoices"]],
	}


class TestClientLinks(ClientTestCase):
	def test_every_document_of_the_customer_carries_the_client(self):
		client = create_client()
		opp = create_opportunity("Customer", client.customer)
		order = win_opportunity(opp.name)
		delivery = make_delivery_note(order.name)
		delivery.insert()
		delivery.submit()
		invoice = create_sales_invoice(client.customer)
		payment = pay(client.name, {invoice.name: invoice.outstanding_amount})
		project = frappe.get_doc(
			{"doctype": "Project", "project_name": f"360 {client.name}", "customer": client.customer}
		).insert()
		quotation = frappe.get_all("Quotation", {"party_name": client.customer}, pluck="name")[0]

		documents = {
			"Opportunity": opp.name,
			"Quotation": quotation,
			"Sales Order": order.name,
			"Delivery Note": delivery.name,
			"Sales Invoice": invoice.name,
			"Payment Entry": payment.name,
			"Project": project.name,
		}
		self.assertEqual(set(documents), set(CLIENT_DOCTYPES))
		for doctype, name in documents.items():
			self.assertEqual(frappe.db.get_value(doctype, name, "client"), client.name, doctype)

	def test_a_client_that_does_not_match_the_customer_is_refused(self):
		client, other = create_client(), create_client()
		with self.assertRaisesRegex(frappe.ValidationError, "does not match"):
			create_sales_invoice(client.customer, submit=False, client=other.name)

	def test_new_invoices_are_addressed_to_the_invoice_recipient(self):
		suffix = frappe.generate_hash(length=6)
		client = create_client(
			contacts=[
				{
					"first_name": "Paul",
					"last_name": "Primary",
					"email": f"paul-{suffix}@example.com",
					"is_primary": 1,
				},
				{
					"first_name": "Bea",
					"last_name": "Billing",
					"email": f"bea-{suffix}@example.com",
					"is_billing_contact": 1,
				},
			]
		)
		primary, billing = (row.contact for row in client.contacts)
		invoice = create_sales_invoice(client.customer, submit=False)
		self.assertEqual(
			(invoice.contact_person, invoice.contact_email), (billing, f"bea-{suffix}@example.com")
		)
		self.assertEqual(invoice.contact_display, "Bea Billing")
		chosen = create_sales_invoice(client.customer, submit=False, contact_person=primary)
		self.assertEqual(chosen.contact_person, primary)  # a contact chosen by hand stays
		quotation = frappe.get_doc(
			{
				"doctype": "Quotation",
				"quotation_to": "Customer",
				"party_name": client.customer,
				"items": [{"item_code": ensure_item(), "qty": 1, "rate": 10}],
			}
		).insert()
		self.assertEqual(quotation.contact_person, billing)

	def test_backfill_patch_fills_documents_made_before(self):
		client = create_client()
		invoice = create_sales_invoice(client.customer)
		frappe.db.set_value("Sales Invoice", invoice.name, "client", None)
		fill_client_links()
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoice.name, "client"), client.name)

	def test_connections_count_the_client_documents(self):
		from frappe.desk.notifications import get_open_count

		client = create_client()
		create_sales_invoice(client.customer)
		create_sales_invoice(client.customer)
		found = get_open_count("Client", client.name)["count"]["external_links_found"]
		counts = {row["doctype"]: row["count"] for row in found}
		self.assertEqual(counts["Sales Invoice"], 2)


class TestFinance(ClientFinanceTestCase):
	def test_partial_payment_from_the_client_matches_erpnext_figures(self):
		first = create_sales_invoice(self.customer, rate=100)
		second = create_sales_invoice(self.customer, rate=200)
		payment = pay(self.client.name, {first.name: 100, second.name: 50})

		self.assertEqual(flt(payment.paid_amount), 150)
		self.assertEqual(
			{r.reference_name: flt(r.allocated_amount) for r in payment.references},
			{first.name: 100, second.name: 50},
		)
		self.assertEqual(frappe.db.get_value("Sales Invoice", second.name, "outstanding_amount"), 150)

		summary = self.summary()
		balance = get_balance_on(party_type="Customer", party=self.customer, company=self.company)
		receivable = sum(flt(row.outstanding) for row in receivable_rows(self.customer, self.company))
		self.assertEqual(flt(summary["outstanding"]), 150)
		self.assertEqual(flt(summary["outstanding_company_currency"]), flt(balance))
		self.assertEqual(flt(summary["outstanding"]), flt(receivable))
		self.assertEqual(flt(summary["billed_this_year"]), 300)
		self.assertEqual(flt(summary["billed_lifetime"]), 300)
		self.assertEqual(summary["last_payments"][0]["name"], payment.name)

	def test_overdue_amounts_fall_in_ageing_buckets_and_what_is_due_today_is_current(self):
		create_sales_invoice(
			self.customer,
			rate=70,
			posting_date=add_days(today(), -45),
			due_date=add_days(today(), -40),
			set_posting_time=1,
		)
		create_sales_invoice(
			self.customer,
			rate=20,
			posting_date=add_days(today(), -15),
			due_date=add_days(today(), -1),
			set_posting_time=1,
		)
		create_sales_invoice(self.customer, rate=30)  # due today: not overdue yet
		summary = self.summary()
		self.assertEqual(flt(summary["current"]), 30)
		self.assertEqual(
			{k: flt(v) for k, v in summary["overdue"].items()},
			{"1-30": 20, "31-60": 70, "61-90": 0, "90+": 0},
		)

	def test_paid_invoice_credit_note_and_refund_leave_no_credit(self):
		invoice = create_sales_invoice(self.customer, rate=100)
		pay(self.client.name, {invoice.name: 100})
		credit_note = make_credit_note(invoice.name)
		credit_note.insert()
		credit_note.submit()
		self.assertEqual(flt(self.summary()["available_credit"]), 100)

		refunded = make_refund(self.client.name, self.company, {credit_note.name: 100}, "submit", "Cash")
		refund = frappe.get_doc("Payment Entry", refunded["name"])
		self.assertEqual((refund.payment_type, flt(refund.paid_amount)), ("Pay", 100))
		self.assertEqual([r.reference_name for r in refund.references], [credit_note.name])
		self.assertEqual(flt(self.summary()["available_credit"]), 0)
		self.assertEqual(
			flt(get_balance_on(party_type="Customer", party=self.customer, company=self.company)), 0
		)

	def test_payment_refuses_foreign_invoices_and_overpayment(self):
		other = create_client()
		foreign = create_sales_invoice(other.customer, rate=10)
		own = create_sales_invoice(self.customer, rate=10)
		with self.assertRaisesRegex(frappe.ValidationError, "not a submitted invoice of this client"):
			make_payment(self.client.name, {foreign.name: 10}, "Cash")
		with self.assertRaisesRegex(frappe.ValidationError, "at most its outstanding"):
			make_payment(self.client.name, {own.name: 11}, "Cash")
		self.assertFalse(frappe.db.exists("Payment Entry", {"party": self.customer}))

	def test_a_sales_user_who_may_read_invoices_sees_the_invoice_figures_and_no_ledger_figure(self):
		overdue = create_sales_invoice(
			self.customer,
			rate=100,
			posting_date=add_days(today(), -40),
			due_date=add_days(today(), -35),
			set_posting_time=1,
		)
		due_today = create_sales_invoice(self.customer, rate=50)
		pay(self.client.name, {overdue.name: 40})
		expected = {
			"billed_this_year": 150,
			"billed_lifetime": 150,
			"outstanding": 110,
			"current": 50,
			"overdue": {"1-30": 0, "31-60": 60, "61-90": 0, "90+": 0},
			"open_invoices": [(overdue.name, 60), (due_today.name, 50)],
		}

		grant_invoice_read(self, "Sales User")
		frappe.set_user(ensure_user("cm-sales-invoices@example.com", ["Sales User"]))
		summary = self.summary()
		self.assertEqual(invoice_figures(summary), expected)
		self.assertFalse(LEDGER_FIGURES & set(summary), "the ledger's figures are for Accounts roles")

		frappe.set_user(ensure_user("cm-accounts@example.com", ["Accounts User"]))
		summary = self.summary()
		self.assertEqual(invoice_figures(summary), expected)
		self.assertLessEqual(LEDGER_FIGURES, set(summary))
		self.assertEqual(summary["last_payments"][0]["paid_amount"], 40)

	def test_users_who_may_not_read_invoices_see_no_finance_figures(self):
		create_sales_invoice(self.customer, rate=100)
		for roles in (["Sales User"], ["Sales Manager"], ["Projects User", "Sales User"]):
			frappe.set_user(ensure_user(f"cm-no-invoices-{len(roles)}@example.com", roles))
			with self.subTest(roles=roles), self.assertRaisesRegex(frappe.PermissionError, "Sales Invoices"):
				get_finance_summary(self.client.name)

	def test_only_companies_whose_invoices_the_user_may_read_are_shown(self):
		create_sales_invoice(self.customer, rate=100)
		user = ensure_user("cm-accounts-narrowed@example.com", ["Accounts User"])
		other = create_client()
		add_user_permission("Customer", other.customer, user, applicable_for="Sales Invoice")
		frappe.set_user(user)
		self.assertEqual(get_finance_summary(self.client.name), [])


class TestReturns(ClientTestCase):
	def test_return_from_a_delivered_order(self):
		client = create_client()
		order = win_opportunity(create_opportunity("Customer", client.customer).name)
		delivery = make_delivery_note(order.name)
		delivery.insert()
		delivery.submit()
		returned = make_delivery_return(delivery.name)
		returned.insert()
		returned.submit()
		self.assertEqual(
			(returned.is_return, returned.return_against, returned.client), (1, delivery.name, client.name)
		)
