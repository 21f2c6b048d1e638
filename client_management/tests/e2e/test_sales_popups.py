"""The Client form's Deal, Estimate, Sales Order and Invoice popups, in a browser: each saves its
document without leaving the client, which then shows it; a refusal keeps what was typed."""

import frappe
from frappe.utils import add_days, today

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
from client_management.tests.factories import TEST_COMPANY, TEST_SALES_STAGE, create_client, ensure_item

DIALOG = ".modal.show"


def priced_item(committed, rate: float) -> tuple[str, str]:
	"""(item, price list): a service item priced at `rate` in a selling price list of its own."""
	item = ensure_item("Browser Popup Consulting")
	price_list = frappe.get_doc(
		{
			"doctype": "Price List",
			"price_list_name": f"Browser Popups {frappe.generate_hash(length=6)}",
			"selling": 1,
			"currency": frappe.get_cached_value("Company", TEST_COMPANY, "default_currency"),
		}
	).insert()
	price = frappe.get_doc(
		{"doctype": "Item Price", "item_code": item, "price_list": price_list.name, "price_list_rate": rate}
	).insert()
	committed += [price_list, price]
	return item, price_list.name


def popup_client(committed, company_name: str, **values):
	client = create_client(
		company_name=company_name,
		contacts=[
			{
				"first_name": "Paul",
				"last_name": "Primary",
				"email": "paul@browser-popups.fr",
				"is_primary": 1,
			},
			{
				"first_name": "Ivy",
				"last_name": "Invoices",
				"email": "ivy@browser-popups.fr",
				"is_billing_contact": 1,
			},
		],
		**values,
	)
	committed.append(client)
	return client


def shows_one(page, doctype: str):
	"""The client's connections count one document of `doctype`."""
	page.wait_for_function(
		f"""() => [...document.querySelectorAll('.document-link[data-doctype="{doctype}"] .count')]
			.some((count) => count.offsetParent && count.innerText.trim() === '1')"""
	)


def saved_from_alert(page, doctype: str, committed, text: str):
	"""The document named in the alert the popup shows once saved."""
	alert = page.locator(f".desk-alert:has-text('{text}')")
	alert.wait_for()
	frappe.db.rollback()  # see what the browser saved
	doc = frappe.get_doc(doctype, alert.locator("a").first.inner_text().strip())
	committed.append(doc)
	return doc


def user_date(page, days: int) -> str:
	return page.evaluate(f"() => frappe.datetime.str_to_user('{add_days(today(), days)}')")


def line(index: int) -> str:
	return f'{DIALOG} .frappe-control[data-fieldname="items"] .grid-row[data-idx="{index}"]'


def type_in_line(page, index: int, fieldname: str, value: str):
	page.locator(f'{line(index)} [data-fieldname="{fieldname}"]').first.click()  # a static cell until clicked
	fill(page, fieldname, value, scope=line(index))


def popup_ready(page):
	"""Once the popup is shown (it then takes the focus) with the server's defaults and totals."""
	page.wait_for_function("() => window.cur_dialog && cur_dialog.display")
	page.locator(f"{DIALOG} .sales-document-totals").wait_for()
	wait_until_idle(page)


def deal_ready(page):
	page.wait_for_function(
		"() => window.cur_dialog && cur_dialog.display && cur_dialog.get_value('contact_person')"
	)
	wait_until_idle(page)


def still_on_the_client(page, client):
	assert page.url.endswith(f"/app/client/{client.name}")
	page.wait_for_function("() => !(window.cur_dialog && cur_dialog.display)")


def test_desk_deal_popup_saves_a_deal_for_the_client(page, committed):
	frappe.set_user("Administrator")
	client = popup_client(committed, "Browser Deal Client")
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	open_client(page, client.name)
	create_menu(page, "Deal")
	dialog = page.locator(DIALOG)
	deal_ready(page)  # with the primary contact
	fill(page, "title", "Website redesign", scope=DIALOG)
	fill(page, "opportunity_amount", "4500", scope=DIALOG)
	fill(page, "expected_closing", user_date(page, 30), scope=DIALOG)
	fill(page, "sales_stage", TEST_SALES_STAGE, scope=DIALOG)
	screenshot(page, "desk-popup-deal")
	dialog.locator(".btn-modal-primary").click()
	deal = saved_from_alert(page, "Opportunity", committed, "saved")
	assert (deal.party_name, deal.client, deal.title, deal.opportunity_amount) == (
		client.customer,
		client.name,
		"Website redesign",
		4500,
	)
	assert (deal.sales_stage, str(deal.expected_closing)) == (TEST_SALES_STAGE, add_days(today(), 30))
	assert (deal.contact_person, deal.contact_email) == (client.contacts[0].contact, "paul@browser-popups.fr")
	still_on_the_client(page, client)
	page.wait_for_function(
		"() => document.querySelector('.document-link[data-doctype=\"Opportunity\"] .count')?.innerText.trim() === '1'"
	)

	create_menu(page, "Deal")  # Edit Full Form: ERPNext's form with what was typed
	deal_ready(page)
	fill(page, "title", "Maintenance contract", scope=DIALOG)
	page.locator(f"{DIALOG} .custom-actions button:has-text('Edit Full Form')").click()
	page.wait_for_function(
		"() => window.cur_frm && cur_frm.doctype === 'Opportunity' && cur_frm.is_new()"
		f" && cur_frm.doc.party_name === '{client.customer}' && cur_frm.doc.title === 'Maintenance contract'"
	)


def test_desk_estimate_popup_prices_from_the_client_and_saves_a_draft(page, committed):
	frappe.set_user("Administrator")
	item, price_list = priced_item(committed, 120)
	client = popup_client(
		committed, "Browser Estimate Client", default_item=item, default_price_list=price_list
	)
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	open_client(page, client.name)
	create_menu(page, "Estimate")
	dialog = page.locator(DIALOG)
	# the primary contact, the billing address, a first line of the client's service item at its price
	popup_ready(page)
	assert page.evaluate(
		"() => [cur_dialog.get_value('contact_person'), cur_dialog.get_value('customer_address')]"
	) == [
		client.contacts[0].contact,
		client.billing_address,
	]
	page.wait_for_function("() => cur_dialog.fields_dict.items.df.data[0].rate === 120")
	dialog.locator(".grid-add-row").click()  # a new line: the service item again
	page.wait_for_function("() => cur_dialog.fields_dict.items.df.data[1]?.rate === 120")
	type_in_line(page, 2, "qty", "3")
	type_in_line(page, 1, "rate", "100")  # a rate typed is kept
	page.wait_for_function(
		"() => cur_dialog.fields_dict.items.df.data.map((line) => line.amount).join() === '100,360'"
	)
	assert "460.00" in dialog.locator(".sales-document-totals").inner_text()  # the net total, live
	screenshot(page, "desk-popup-estimate")
	page.locator(f"{line(2)} .grid-row-check").check()
	dialog.locator(".grid-remove-rows").click()
	page.wait_for_function("() => cur_dialog.fields_dict.items.df.data.length === 1")
	page.wait_for_function(
		"() => document.querySelector('.modal.show .sales-document-totals').innerText.includes('100.00')"
		" && !document.querySelector('.modal.show .sales-document-totals').innerText.includes('460.00')"
	)
	dialog.locator(".btn-modal-primary").click()  # Save: a draft
	quotation = saved_from_alert(page, "Quotation", committed, "saved")
	assert (quotation.party_name, quotation.client, quotation.docstatus) == (client.customer, client.name, 0)
	assert (quotation.contact_person, quotation.customer_address, quotation.selling_price_list) == (
		client.contacts[0].contact,
		client.billing_address,
		price_list,
	)
	assert [(row.item_code, row.qty, row.rate) for row in quotation.items] == [(item, 1, 100)]
	still_on_the_client(page, client)
	shows_one(page, "Quotation")

	create_menu(page, "Estimate")  # Edit Full Form: ERPNext's form with what was typed
	popup_ready(page)
	type_in_line(page, 1, "qty", "4")
	page.wait_for_function("() => cur_dialog.fields_dict.items.df.data[0].amount === 480")
	page.locator(f"{DIALOG} .custom-actions button:has-text('Edit Full Form')").click()
	page.wait_for_function(
		"() => window.cur_frm && cur_frm.doctype === 'Quotation' && cur_frm.is_new()"
		f" && cur_frm.doc.party_name === '{client.customer}' && cur_frm.doc.items[0]?.qty === 4"
		" && cur_frm.doc.items[0].rate === 120"
	)


def test_desk_sales_order_popup_keeps_what_was_typed_when_erpnext_refuses(page, committed):
	frappe.set_user("Administrator")
	item, price_list = priced_item(committed, 120)
	client = popup_client(committed, "Browser Order Client", default_item=item, default_price_list=price_list)
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	open_client(page, client.name)
	create_menu(page, "Sales Order")
	dialog = page.locator(DIALOG)
	popup_ready(page)
	assert page.evaluate("() => cur_dialog.fields_dict.items.df.data[0].rate") == 120
	fill(page, "delivery_date", user_date(page, -1), scope=DIALOG)  # before the order's date
	type_in_line(page, 1, "qty", "2")
	page.wait_for_function("() => cur_dialog.fields_dict.items.df.data[0].amount === 240")
	dialog.locator(".btn-modal-secondary:has-text('Submit')").click()
	error = page.locator(".msgprint-dialog .msgprint")
	error.wait_for()
	assert "Expected Delivery Date should be after Sales Order Date" in error.inner_text()  # ERPNext's
	close_message(page)
	assert dialog.is_visible()
	assert page.evaluate(
		"() => [cur_dialog.get_value('delivery_date'), cur_dialog.fields_dict.items.df.data[0].qty]"
	) == [add_days(today(), -1), 2]
	frappe.db.rollback()
	assert not frappe.db.exists("Sales Order", {"customer": client.customer})  # nothing written

	fill(page, "delivery_date", user_date(page, 7), scope=DIALOG)
	dialog.locator(".modal-title").click()  # the date picker closes, then fades out
	page.wait_for_function(
		"() => [...document.querySelectorAll('.datepicker')].every((p) => getComputedStyle(p).opacity === '0')"
	)
	screenshot(page, "desk-popup-sales-order")
	dialog.locator(".btn-modal-secondary:has-text('Submit')").click()
	order = saved_from_alert(page, "Sales Order", committed, "submitted")
	assert (order.customer, order.client, order.docstatus, str(order.delivery_date)) == (
		client.customer,
		client.name,
		1,
		add_days(today(), 7),
	)
	assert [(row.item_code, row.qty, row.rate) for row in order.items] == [(item, 2, 120)]
	still_on_the_client(page, client)
	shows_one(page, "Sales Order")


def test_desk_invoice_popup_goes_to_the_invoice_recipient_and_submits(page, committed):
	frappe.set_user("Administrator")
	item = ensure_item()
	client = popup_client(committed, "Browser Invoice Client", default_item=item)
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	open_client(page, client.name)
	create_menu(page, "Invoice")
	dialog = page.locator(DIALOG)
	popup_ready(page)
	assert page.evaluate("() => cur_dialog.get_value('contact_person')") == client.contacts[1].contact
	assert page.evaluate("() => cur_dialog.get_value('due_date')") == today()  # ERPNext's, no payment terms
	type_in_line(page, 1, "description", "Audit, March")
	type_in_line(page, 1, "rate", "300")
	page.wait_for_function("() => cur_dialog.fields_dict.items.df.data[0].amount === 300")
	wait_until_idle(page)
	assert "300.00" in dialog.locator(".sales-document-totals").inner_text()
	screenshot(page, "desk-popup-invoice")
	dialog.locator(".btn-modal-secondary:has-text('Submit')").click()
	invoice = saved_from_alert(page, "Sales Invoice", committed, "submitted")
	assert (invoice.customer, invoice.client, invoice.docstatus, invoice.net_total) == (
		client.customer,
		client.name,
		1,
		300,
	)
	assert (invoice.contact_person, invoice.contact_email) == (
		client.contacts[1].contact,
		"ivy@browser-popups.fr",
	)
	assert [(row.item_code, row.description, row.rate) for row in invoice.items] == [
		(item, "Audit, March", 300)
	]
	still_on_the_client(page, client)
	shows_one(page, "Sales Invoice")
