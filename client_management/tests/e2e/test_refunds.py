"""The Client form's Refund popup, in a browser: the chosen credits refunded in one step without leaving
the client; a refusal keeps what was typed."""

import frappe

from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as make_credit_note

from client_management.api.client import get_available_credits, make_payment
from client_management.tests.e2e.conftest import (
	admin_password,
	close_message,
	create_menu,
	fill,
	login,
	open_client,
	screenshot,
)
from client_management.tests.factories import create_client, create_sales_invoice, submit_document

DIALOG = ".modal.show"


def paid_and_credited(client, rate: float) -> list:
	"""An invoice paid in cash, then credited in full: the invoice, payment and credit note."""
	invoice = create_sales_invoice(client.customer, rate=rate)
	payment = frappe.get_doc("Payment Entry", make_payment(client.name, {invoice.name: rate}, "Cash")["name"])
	return [invoice, payment, submit_document(make_credit_note(invoice.name))]


def test_desk_refund_of_a_chosen_credit_in_one_step(page, committed):
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
	dialog = page.locator(DIALOG)
	row = f'{DIALOG} .grid-row:has-text("{chosen}")'
	page.locator(row).wait_for()
	assert kept in dialog.inner_text()
	page.locator(f"{row} .grid-row-check").check()
	page.locator(f'{row} [data-fieldname="amount"]').first.click()
	fill(page, "amount", "400", scope=row)  # more than the credit
	fill(page, "mode_of_payment", "Cash", scope=DIALOG)
	fill(page, "reference_no", "REFUND-1", scope=DIALOG)
	assert dialog.locator(".grid-remove-rows:visible").count() == 0
	dialog.locator(".btn-modal-primary").click()  # Submit
	close_message(page)  # refused: the popup is still there with what was typed
	assert page.evaluate(
		"() => [cur_dialog.display, cur_dialog.get_value('mode_of_payment'), cur_dialog.get_value('reference_no'),"
		" cur_dialog.fields_dict.credits.grid.get_selected_children().map((row) => row.amount)]"
	) == [True, "Cash", "REFUND-1", [400]]

	page.locator(f'{row} [data-fieldname="amount"]').first.click()
	fill(page, "amount", "40", scope=row)  # part of the credit
	screenshot(page, "desk-popup-refund")
	dialog.locator(".btn-modal-primary").click()
	alert = page.locator(".desk-alert:has-text('submitted')")
	alert.wait_for()
	frappe.db.rollback()  # see what the browser saved
	refund = frappe.get_doc("Payment Entry", alert.locator("a").first.inner_text().strip())
	committed.append(refund)
	assert (refund.party, refund.paid_amount, refund.client, refund.docstatus) == (
		client.customer,
		40,
		client.name,
		1,
	)
	assert (refund.payment_type, refund.mode_of_payment, refund.reference_no) == ("Pay", "Cash", "REFUND-1")
	assert [(r.reference_name, r.allocated_amount) for r in refund.references] == [(chosen, -40)]
	credits = {row["voucher_no"]: row["credit"] for row in get_available_credits(client.name, refund.company)}
	assert credits == {chosen: 60, kept: 60}

	page.wait_for_function("() => !(window.cur_dialog && cur_dialog.display)")
	assert page.url.endswith(f"/app/client/{client.name}")  # still the client, now showing the refund
	page.wait_for_function(
		"""() => [...document.querySelectorAll('.document-link[data-doctype="Payment Entry"] .count')]
			.some((badge) => badge.offsetParent && badge.innerText.trim() === '3')"""
	)
