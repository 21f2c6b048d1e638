"""The Client form's Refund of chosen credits and its Credit Memo without an invoice, in a browser."""

import frappe

from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as make_credit_note

from client_management.api.client import get_available_credits, make_payment
from client_management.tests.e2e.conftest import (
	admin_password,
	create_menu,
	fill,
	login,
	open_client,
	screenshot,
)
from client_management.tests.e2e.test_flows import submit_current_form
from client_management.tests.factories import create_client, create_sales_invoice, submit_document


def paid_and_credited(client, rate: float) -> list:
	"""An invoice paid in cash, then credited in full: the invoice, payment and credit note."""
	invoice = create_sales_invoice(client.customer, rate=rate)
	payment = frappe.get_doc("Payment Entry", make_payment(client.name, {invoice.name: rate}, "Cash")["name"])
	return [invoice, payment, submit_document(make_credit_note(invoice.name))]


def test_desk_refund_of_a_chosen_credit(page, committed):
	frappe.set_user("Administrator")
	client = create_client(company_name="Browser Refund Client")
	committed.append(client)
	first, second = paid_and_credited(client, 100), paid_and_credited(client, 60)
	committed += first + second
	chosen, kept = first[-1].name, second[-1].name
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	open_client(page, client.name)
	create_menu(page, "Refund")
	dialog = page.locator(".modal.show")
	row = f'.modal.show .grid-row:has-text("{chosen}")'
	page.locator(row).wait_for()
	assert kept in dialog.inner_text()
	page.locator(f"{row} .grid-row-check").check()
	page.locator(f'{row} [data-fieldname="amount"]').first.click()
	fill(page, "amount", "40", scope=row)  # part of the credit
	assert dialog.locator(".grid-remove-rows:visible").count() == 0
	screenshot(page, "desk-refund-dialog")
	dialog.locator(".btn-modal-primary").click()  # Create Refund: ERPNext's form, to review and submit
	page.wait_for_function(
		"() => window.cur_frm && cur_frm.doc.doctype === 'Payment Entry' && cur_frm.doc.payment_type === 'Pay'"
		" && cur_frm.doc.references.length === 1"
	)
	fill(page, "reference_no", "REFUND-1")
	submit_current_form(page)
	frappe.db.rollback()
	refund = frappe.get_doc("Payment Entry", page.evaluate("() => cur_frm.doc.name"))
	committed.append(refund)
	assert (refund.party, refund.paid_amount, refund.client) == (client.customer, 40, client.name)
	assert [(r.reference_name, r.allocated_amount) for r in refund.references] == [(chosen, -40)]
	credits = {row["voucher_no"]: row["credit"] for row in get_available_credits(client.name, refund.company)}
	assert credits == {chosen: 60, kept: 60}


def test_desk_credit_memo_without_an_invoice(page, committed):
	frappe.set_user("Administrator")
	client = create_client(company_name="Browser Credit Memo Client")
	committed.append(client)
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	open_client(page, client.name)
	create_menu(page, "Credit Memo")
	dialog = page.locator(".modal.show")
	dialog.get_by_role("checkbox", name="Without an Invoice").check()
	dialog.locator('.frappe-control[data-fieldname="source"]').wait_for(state="hidden")
	dialog.locator(".btn-modal-primary").click()
	page.wait_for_function(
		"() => window.cur_frm && cur_frm.doctype === 'Sales Invoice' && cur_frm.is_new()"
		f" && cur_frm.doc.is_return === 1 && cur_frm.doc.customer === '{client.customer}'"
	)
	assert not page.evaluate("() => cur_frm.doc.return_against")
