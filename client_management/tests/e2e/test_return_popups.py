"""The Client form's Credit Memo and Customer Return popups, in a browser: each makes ERPNext's return of
the ticked lines without leaving the client, which then shows it; a refusal keeps what was typed; Edit
Full Form opens ERPNext's form with it."""

import pytest

import frappe

from client_management.tests.e2e.conftest import (
	admin_password,
	close_message,
	create_menu,
	fill,
	login,
	open_client,
	screenshot,
	wait_until_idle,
)
from client_management.tests.factories import (
	TEST_COMPANY,
	create_client,
	create_delivery_note,
	create_sales_invoice,
	ensure_item,
	ensure_stock_item,
)

DIALOG = ".modal.show"


@pytest.fixture
def made(committed):
	"""`committed`, whose deliveries are cancelled first, returns before their sources (it deletes a
	submitted document only once cancelled)."""
	yield committed
	frappe.db.rollback()
	for doc in reversed(committed):
		if doc.doctype == "Delivery Note" and frappe.db.get_value(doc.doctype, doc.name, "docstatus") == 1:
			frappe.get_doc(doc.doctype, doc.name).cancel()
	frappe.db.commit()


def line(fieldname: str, index: int) -> str:
	return f'{DIALOG} .frappe-control[data-fieldname="{fieldname}"] .grid-row[data-idx="{index}"]'


def type_in(page, row: str, fieldname: str, value: str):
	page.locator(f'{row} [data-fieldname="{fieldname}"]').first.click()  # a static cell until clicked
	fill(page, fieldname, value, scope=row)


def choose_source(page, value: str, rows: int):
	"""Type the invoice or delivery, and wait for its `rows` lines."""
	fill(page, "source", value, scope=DIALOG)
	page.wait_for_function(f"() => cur_dialog.fields_dict.lines.df.data.length === {rows}")
	wait_until_idle(page)


def saved_from_alert(page, doctype: str, made, text: str):
	"""The document named in the alert the popup shows once saved."""
	alert = page.locator(f".desk-alert:has-text('{text}')")
	alert.wait_for()
	frappe.db.rollback()  # see what the browser saved
	doc = frappe.get_doc(doctype, alert.locator("a").first.inner_text().strip())
	made.append(doc)
	return doc


def still_on_the_client_showing(page, client, doctype: str, count: int):
	"""The page is the client's still, its connections counting `count` documents of `doctype`."""
	page.wait_for_function("() => !(window.cur_dialog && cur_dialog.display)")
	assert page.url.endswith(f"/app/client/{client.name}")
	page.wait_for_function(
		f"""() => cur_frm.doctype === 'Client' && [...document.querySelectorAll(
			'.document-link[data-doctype="{doctype}"] .count')]
			.some((badge) => badge.offsetParent && badge.innerText.trim() === '{count}')"""
	)


def test_desk_credit_memo_of_ticked_lines_and_without_an_invoice(page, made):
	frappe.set_user("Administrator")
	client = create_client(company_name="Browser Credit Memo Client")
	invoice = create_sales_invoice(
		client.customer,
		items=[
			{"item_code": ensure_item(), "qty": 3, "rate": 100},
			{"item_code": ensure_item(), "qty": 2, "rate": 50},
		],
	)
	made += [client, invoice]
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	open_client(page, client.name)
	create_menu(page, "Credit Memo")
	dialog = page.locator(DIALOG)
	choose_source(page, invoice.name, 2)
	page.locator(f"{line('lines', 1)} .grid-row-check").check()
	type_in(page, line("lines", 1), "qty", "5")  # more than the 3 invoiced
	dialog.locator(".btn-modal-primary").click()  # Submit
	close_message(page)  # ERPNext's refusal, once read: the popup is still there with what was typed
	assert page.evaluate(
		"() => [cur_dialog.display, cur_dialog.get_value('source'), cur_dialog.fields_dict.lines.grid"
		".get_selected_children().map((row) => row.qty)]"
	) == [True, invoice.name, [5]]
	frappe.db.rollback()
	assert not frappe.db.exists("Sales Invoice", {"return_against": invoice.name})

	type_in(page, line("lines", 1), "qty", "2")
	screenshot(page, "desk-popup-credit-memo")
	dialog.locator(".btn-modal-primary").click()
	memo = saved_from_alert(page, "Sales Invoice", made, "submitted")
	assert (memo.is_return, memo.return_against, memo.client, memo.docstatus) == (
		1,
		invoice.name,
		client.name,
		1,
	)
	assert [(row.sales_invoice_item, row.qty) for row in memo.items] == [(invoice.items[0].name, -2)]
	close_message(page)  # ERPNext's note: the credit note keeps its own outstanding
	still_on_the_client_showing(page, client, "Sales Invoice", 2)

	create_menu(page, "Credit Memo")  # without an invoice, to edit in ERPNext's form
	dialog.get_by_role("checkbox", name="Without an Invoice").check()
	dialog.locator('.frappe-control[data-fieldname="source"]').wait_for(state="hidden")
	dialog.locator('.frappe-control[data-fieldname="items"] .grid-add-row').click()
	type_in(page, line("items", 1), "item_code", ensure_item())
	type_in(page, line("items", 1), "qty", "1")
	type_in(page, line("items", 1), "rate", "40")
	dialog.locator(".custom-actions button:has-text('Edit Full Form')").click()
	page.wait_for_function(
		"() => window.cur_frm && cur_frm.doctype === 'Sales Invoice' && cur_frm.is_new()"
		f" && cur_frm.doc.is_return === 1 && cur_frm.doc.customer === '{client.customer}'"
		" && cur_frm.doc.items.length === 1 && cur_frm.doc.items[0].qty === -1 && cur_frm.doc.items[0].rate === 40"
	)
	assert not page.evaluate("() => cur_frm.doc.return_against")


def test_desk_customer_return_of_a_delivery_and_of_services(page, made):
	frappe.set_user("Administrator")
	client = create_client(company_name="Browser Customer Return Client")
	delivery = create_delivery_note(client.customer, [{"item_code": ensure_item(), "qty": 4, "rate": 60}])
	widget = ensure_stock_item()
	made += [client, delivery]
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	open_client(page, client.name)
	create_menu(page, "Customer Return")
	dialog = page.locator(DIALOG)
	choose_source(page, delivery.name, 1)
	page.locator(f"{line('lines', 1)} .grid-row-check").check()
	type_in(page, line("lines", 1), "qty", "1")
	screenshot(page, "desk-popup-customer-return")
	dialog.locator(".btn-modal-primary").click()
	returned = saved_from_alert(page, "Delivery Note", made, "submitted")
	assert (returned.is_return, returned.return_against, returned.client) == (1, delivery.name, client.name)
	assert [(row.dn_detail, row.qty) for row in returned.items] == [(delivery.items[0].name, -1)]
	still_on_the_client_showing(page, client, "Delivery Note", 2)

	create_menu(page, "Customer Return")  # without a delivery: services only, a credit memo
	dialog.get_by_role("checkbox", name="Services, without a Delivery").check()
	dialog.locator('.frappe-control[data-fieldname="items"] .grid-add-row').click()
	type_in(page, line("items", 1), "item_code", widget)
	type_in(page, line("items", 1), "rate", "25")
	dialog.locator(".btn-modal-secondary").click()  # Save as Draft
	close_message(page)  # goods come back against their delivery note
	assert page.evaluate(
		"() => [cur_dialog.display, cur_dialog.get_value('without_source'),"
		" cur_dialog.get_value('items').map((row) => [row.item_code, row.rate])]"
	) == [True, 1, [[widget, 25]]]

	type_in(page, line("items", 1), "item_code", ensure_item())
	dialog.locator(".btn-modal-secondary").click()
	memo = saved_from_alert(page, "Sales Invoice", made, "draft")
	assert (memo.is_return, memo.return_against, memo.docstatus, memo.company) == (
		1,
		None,
		0,
		TEST_COMPANY,
	)
	assert [(row.item_code, row.qty, row.rate) for row in memo.items] == [(ensure_item(), -1, 25)]
	still_on_the_client_showing(page, client, "Sales Invoice", 1)
