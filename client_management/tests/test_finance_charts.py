"""The finance panel's charts: billed vs paid per month, outstanding by age, open invoices."""

from frappe.utils import add_days, add_months, flt, getdate, today

from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as make_credit_note

from client_management.tests.factories import (
	ClientFinanceTestCase,
	create_sales_invoice,
	submit_document,
)


def credit_note(invoice: str, amount: float, posting_date: str):
	note = make_credit_note(invoice)
	note.items[0].rate = amount
	return submit_document(note, posting_date)


def payment(voucher: str, amount: float, posting_date: str):
	"""ERPNext's own payment of an invoice (Receive), or refund of a credit note (Pay)."""
	return submit_document(get_payment_entry("Sales Invoice", voucher, party_amount=amount), posting_date)


class TestFinanceCharts(ClientFinanceTestCase):
	def test_billed_and_paid_per_month_over_the_last_twelve_months(self):
		this_month, two_months_ago = today(), add_months(today(), -2)
		older = create_sales_invoice(
			self.customer, rate=200, posting_date=two_months_ago, due_date=two_months_ago, set_posting_time=1
		)
		credit_note(older.name, 50, two_months_ago)  # a return counts as a negative bill
		payment(older.name, 120, two_months_ago)
		recent = create_sales_invoice(self.customer, rate=100)
		payment(recent.name, 100, this_month)
		refunded = credit_note(recent.name, 30, this_month)
		payment(refunded.name, -30, this_month)  # the credit paid back: a refund counts against paid

		monthly = self.summary()["monthly"]

		expected_months = [getdate(add_months(this_month, -i)).strftime("%Y-%m") for i in range(11, -1, -1)]
		self.assertEqual(monthly["months"], expected_months)
		self.assertEqual(len(monthly["billed"]), 12)
		self.assertEqual(len(monthly["paid"]), 12)
		self.assertEqual(flt(monthly["billed"][-1]), 100 - 30)
		self.assertEqual(flt(monthly["paid"][-1]), 100 - 30)
		self.assertEqual((flt(monthly["billed"][-2]), flt(monthly["paid"][-2])), (0, 0))  # nothing last month
		self.assertEqual((flt(monthly["billed"][-3]), flt(monthly["paid"][-3])), (200 - 50, 120))
		self.assertEqual(sum(monthly["billed"][:-3]) + sum(monthly["paid"][:-3]), 0)

	def test_outstanding_by_age_starts_with_what_is_not_yet_due_and_lists_open_invoices(self):
		overdue = create_sales_invoice(
			self.customer,
			rate=70,
			posting_date=add_days(today(), -45),
			due_date=add_days(today(), -40),
			set_posting_time=1,
		)
		not_due = create_sales_invoice(self.customer, rate=30, due_date=add_days(today(), 10))
		paid = create_sales_invoice(self.customer, rate=10)
		payment(paid.name, 10, today())

		summary = self.summary()

		self.assertEqual(flt(summary["current"]), 30)
		self.assertEqual(
			{k: flt(v) for k, v in summary["overdue"].items()}, {"1-30": 0, "31-60": 70, "61-90": 0, "90+": 0}
		)
		self.assertEqual(
			[(i["name"], str(i["due_date"]), flt(i["outstanding_amount"])) for i in summary["open_invoices"]],
			[(overdue.name, add_days(today(), -40), 70), (not_due.name, add_days(today(), 10), 30)],
		)
