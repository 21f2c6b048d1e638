"""Client 360: ERPNext documents made from the client, its `client` field, the finance panel."""

import frappe
from frappe.utils import add_days, flt, today

from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as make_credit_note
from erpnext.accounts.utils import get_balance_on
from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_return as make_delivery_return

from client_management.api.client import get_finance_summary, get_open_work, make_payment, make_refund
from client_management.client_links import CUSTOMER_OF
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


def submit_unsaved(values: dict):
	"""Save and submit a document the client form opened unsaved, as its user would."""
	doc = frappe.get_doc(values)
	if doc.doctype == "Payment Entry":  # what the user types for a bank transaction
		doc.update({"reference_no": "BANK-REF-1", "reference_date": today()})
	doc.insert()
	doc.submit()
	return doc


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
		self.assertEqual(set(documents), set(CUSTOMER_OF))
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

	def test_overdue_amounts_fall_in_ageing_buckets(self):
		create_sales_invoice(
			self.customer,
			rate=70,
			posting_date=add_days(today(), -45),
			due_date=add_days(today(), -40),
			set_posting_time=1,
		)
		create_sales_invoice(self.customer, rate=30)
		overdue = self.summary()["overdue"]
		self.assertEqual(
			{k: flt(v) for k, v in overdue.items()}, {"0-30": 30, "31-60": 70, "61-90": 0, "90+": 0}
		)

	def test_paid_invoice_credit_note_and_refund_leave_no_credit(self):
		invoice = create_sales_invoice(self.customer, rate=100)
		pay(self.client.name, {invoice.name: 100})
		credit_note = make_credit_note(invoice.name)
		credit_note.insert()
		credit_note.submit()
		self.assertEqual(flt(self.summary()["available_credit"]), 100)

		refund = submit_unsaved(make_refund(self.client.name, self.company, {credit_note.name: 100}))
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

	def test_users_without_accounts_permissions_see_no_finance_figures(self):
		frappe.set_user(ensure_user("cm-sales-only@example.com", ["Sales User"]))
		with self.assertRaises(frappe.PermissionError):
			get_finance_summary(self.client.name)
		frappe.set_user(ensure_user("cm-accounts@example.com", ["Accounts User"]))
		self.assertIsInstance(get_finance_summary(self.client.name), list)


class TestReturnsAndWork(ClientTestCase):
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

	def test_open_todos_and_project_tasks_are_listed(self):
		client = create_client()
		project = frappe.get_doc(
			{"doctype": "Project", "project_name": f"Work {client.name}", "customer": client.customer}
		).insert()
		frappe.get_doc({"doctype": "Task", "subject": "Install", "project": project.name}).insert()
		frappe.get_doc(
			{"doctype": "Task", "subject": "Done already", "project": project.name, "status": "Completed"}
		).insert()
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"description": "Call back",
				"reference_type": "Client",
				"reference_name": client.name,
			}
		).insert()

		work = get_open_work(client.name)
		self.assertEqual([t.subject for t in work["tasks"]], ["Install"])
		# the owner's assignment (assignment.assign_owner) is one of the client's open ToDos too
		self.assertEqual(
			sorted(t.description for t in work["todos"]),
			["Call back", f"Owner of client {client.company_name}"],
		)
