"""Desk and portal flows in a real browser. Screenshots go to docs/screenshots/."""

import re

import frappe
from frappe.utils.password import update_password

from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

from client_management.tests.e2e.conftest import (
	PASSWORD,
	admin_password,
	close_message,
	create_menu,
	fill,
	fill_form,
	login,
	open_client,
	screenshot,
	wait_until_idle,
)
from client_management.tests.factories import (
	create_client,
	create_sales_invoice,
	ensure_item,
	ensure_lead_source,
	submit_document,
	use_test_outgoing_email,
)
from client_management.tests.sample_data import own_email, unique_french_vat


def test_desk_new_client_by_hand_checks_vat_and_warns_of_a_duplicate(page, committed):
	frappe.set_user("Administrator")
	existing = create_client(
		company_name="Browser Dupont Industries SARL",
		contacts=[{"first_name": "Anne", "last_name": "Dupont", "email": "anne@browser-dupont.fr"}],
	)
	committed.append(existing)
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	page.goto("/app/client/new")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Client' && cur_frm.is_new()")
	today = page.evaluate("() => frappe.datetime.str_to_user(frappe.datetime.get_today())")
	fill_form(
		page,
		{
			"company_name": "Browser Dupont Industires Ltd",
			"lead_source": ensure_lead_source(),
			"inquiry_date": today,
			"finalized_date": today,
			"address_line1": "3 quai Saint-Vincent",
			"city": "Lyon",
			"state": "Auvergne-Rhône-Alpes",  # required by the settings, as are the pincode, the contact's
			"pincode": "69002",  # phone and designation, and a tax id or VAT number
			"country": "France",
		},
	)
	fill_form(  # a new form has one empty row
		page,
		{
			"first_name": "Jeanne",
			"last_name": "Moreau",
			"email": "jeanne@dupont-ltd.fr",
			"phone": "04 78 00 00 00",
			"designation": "Gérante",
		},
		table="contacts",
		idx=1,
	)
	assert page.evaluate("() => cur_frm.doc.country") == "France"
	vat = unique_french_vat()  # no other test's client has it
	fill(page, "vat_number", vat[:-1] + str((int(vat[-1]) + 1) % 10))  # a wrong check key
	page.keyboard.press("Control+s")
	dialog = page.locator(".modal.show:has(.duplicate-candidates)")
	dialog.wait_for()
	assert existing.name in dialog.inner_text()
	screenshot(page, "desk-duplicate-warning")
	dialog.locator(".btn-primary").click()  # Save Anyway: the server still checks the VAT number

	error = page.locator(".modal.show .msgprint")
	error.wait_for()
	assert "is not valid" in error.inner_text()
	screenshot(page, "desk-invalid-vat")
	close_message(page)
	page.locator(".modal.show").wait_for(state="hidden")
	assert page.evaluate("() => cur_frm.is_new()")

	fill(page, "vat_number", vat)
	page.keyboard.press("Control+s")
	page.wait_for_function("() => !cur_frm.is_new() && !cur_frm.is_dirty()")
	frappe.db.rollback()  # see what the browser saved
	client = frappe.get_doc("Client", page.evaluate("() => cur_frm.doc.name"))
	committed.append(client)
	assert (client.company_name, client.vat_number, client.contacts[0].email) == (
		"Browser Dupont Industires Ltd",
		vat,
		"jeanne@dupont-ltd.fr",
	)
	assert frappe.db.get_value("Customer", client.customer, "client") == client.name
	page.evaluate("() => window.scrollTo(0, 0)")
	screenshot(page, "desk-new-client-saved")


def test_portal_invitation_link_login_home_and_isolation(page, committed):
	frappe.set_user("Administrator")
	use_test_outgoing_email()
	email = own_email("browser.portal")  # no user or portal user a killed run left behind has it
	own = create_client(
		company_name="Browser Portal Own",
		contacts=[{"first_name": "Paula", "last_name": "Portal", "email": email, "is_primary": 1}],
	)
	other = create_client(company_name="Browser Portal Other")
	committed += [own, other]
	own_invoice = create_sales_invoice(own.customer, rate=75)
	other_invoice = create_sales_invoice(other.customer, rate=99)
	committed += [own_invoice, other_invoice]
	frappe.db.commit()

	login(page, "Administrator", admin_password())  # the desk user invites the client's contact
	open_client(page, own.name)
	create_menu(page, "Portal User")  # the Add Portal User dialog, prefilled from the primary contact
	page.wait_for_function("() => window.cur_dialog && cur_dialog.get_value('email')")
	assert page.evaluate("() => [cur_dialog.get_value('contact'), cur_dialog.get_value('email')]") == [
		own.contacts[0].contact,
		email,
	]
	page.locator(".modal.show .btn-primary").click()
	page.locator(
		'.frappe-control[data-fieldname="portal_users_html"] tr', has_text="browser.portal@"
	).wait_for()
	screenshot(page, "desk-portal-user-invited")
	frappe.db.rollback()  # see what the browser saved
	portal_user = frappe.get_doc("Customer Portal User", {"client": own.name})
	self_check = (portal_user.contact, portal_user.email, bool(portal_user.user))
	assert self_check == (own.contacts[0].contact, email, True)
	committed.append(portal_user)
	user = frappe.get_doc("User", portal_user.user)
	committed.append(user)
	page.context.clear_cookies()

	mail = frappe.get_last_doc(
		"Email Queue", {"reference_doctype": "Customer Portal User", "reference_name": portal_user.name}
	)
	link = re.search(r"/update-password\?key=3D([0-9a-f=\r\n]+)", mail.message)
	key = re.sub(r"=\r?\n", "", link.group(1))
	page.goto(f"/update-password?key={key}")
	page.locator("#new_password").press_sequentially(
		PASSWORD
	)  # keystrokes: the page checks strength as you type
	page.locator("#confirm_password").press_sequentially(PASSWORD)
	page.wait_for_selector("#update:not([disabled])")
	page.click("#update")
	page.wait_for_url(lambda url: "update-password" not in url, timeout=30_000)

	page.context.clear_cookies()
	login(page, portal_user.user, PASSWORD)
	page.goto("/client-portal")
	assert "Browser Portal Own" in page.locator(".client-name").inner_text()
	assert own_invoice.name in page.locator(".client-invoices").inner_text()
	assert other_invoice.name not in page.content()
	screenshot(page, "portal-client-home")

	page.select_option('.statement-form select[name="statement_type"]', "Open Item")
	with page.expect_response(lambda r: "download_statement" in r.url) as statement:
		page.click('.statement-form button[type="submit"]')
	assert statement.value.status == 200
	assert statement.value.headers["content-type"].startswith("application/pdf")
	assert own.name in statement.value.headers["content-disposition"]

	page.goto(f"/invoices/{other_invoice.name}")
	assert other_invoice.name not in page.locator("body").inner_text() or "Not Permitted" in page.content()
	response = page.request.get(f"/api/resource/Sales Invoice/{other_invoice.name}")
	assert response.status == 403
	update_password(user.name, PASSWORD)


def test_desk_invoice_payment_finance_and_statement_from_the_client(page, committed):
	frappe.set_user("Administrator")
	use_test_outgoing_email()
	item = ensure_item()
	client = create_client(
		company_name="Browser Payment Client",
		contacts=[{"first_name": "Bill", "last_name": "Payer", "email": "bill@browser-payment.fr"}],
	)
	committed.append(client)
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	open_client(page, client.name)
	create_menu(page, "Invoice")  # a popup: submitted without leaving the client
	page.locator(".modal.show .sales-document-totals").wait_for()
	wait_until_idle(page)
	row = '.modal.show .frappe-control[data-fieldname="items"] .grid-row[data-idx="1"]'
	page.locator(f'{row} [data-fieldname="item_code"]').first.click()
	fill(page, "item_code", item, scope=row)
	page.locator(f'{row} [data-fieldname="rate"]').first.click()
	fill(page, "rate", "300", scope=row)
	page.wait_for_function("() => cur_dialog.fields_dict.items.df.data[0].amount === 300")
	page.locator(".modal.show .btn-modal-secondary:has-text('Submit')").click()
	alert = page.locator(".desk-alert:has-text('submitted')")
	alert.wait_for()
	frappe.db.rollback()  # see what the browser saved
	invoice = frappe.get_doc("Sales Invoice", alert.locator("a").first.inner_text().strip())
	committed.append(invoice)
	assert (invoice.customer, invoice.client, invoice.net_total) == (client.customer, client.name, 300)
	assert invoice.outstanding_amount == invoice.grand_total

	open_client(page, client.name)
	create_menu(page, "Payment")
	dialog = page.locator(".modal.show")
	tick = dialog.locator(f'.grid-row:has-text("{invoice.name}") .grid-row-check').first
	tick.check()
	assert dialog.locator(".grid-remove-rows:visible").count() == 0  # ticking chooses, never deletes
	fill(page, "mode_of_payment", "Cash", scope=".modal.show")
	fill(page, "reference_no", "BROWSER-1", scope=".modal.show")
	screenshot(page, "desk-payment-dialog")
	dialog.locator(".btn-modal-primary").click()  # Save Payment: made and submitted in one step
	alert = page.locator(".desk-alert:has-text('submitted')")
	alert.wait_for()
	frappe.db.rollback()
	payment = frappe.get_doc("Payment Entry", alert.locator("a").first.inner_text().strip())
	committed.append(payment)
	assert (payment.party, payment.paid_amount, payment.client, payment.docstatus) == (
		client.customer,
		invoice.grand_total,
		client.name,
		1,
	)
	assert (payment.mode_of_payment, payment.reference_no) == ("Cash", "BROWSER-1")
	assert frappe.db.get_value("Sales Invoice", invoice.name, "outstanding_amount") == 0

	page.goto(f"/app/client/{client.name}")
	page.click('.form-tabs .nav-link:has-text("Finance")')
	panel = page.locator(".client-finance").first
	panel.wait_for()
	assert payment.name in panel.inner_text()
	screenshot(page, "desk-finance-panel")


def test_desk_finance_charts_and_a_statement_sent_through_the_composer(page, committed):
	frappe.set_user("Administrator")
	use_test_outgoing_email()
	client = create_client(
		company_name="Browser Statement Client",
		contacts=[{"first_name": "Bill", "last_name": "Payer", "email": "bill@browser-statement.fr"}],
	)
	invoice = create_sales_invoice(client.customer, rate=300)
	payment = submit_document(get_payment_entry("Sales Invoice", invoice.name, party_amount=100))
	committed.extend([client, invoice, payment])
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	page.goto(f"/app/client/{client.name}")
	page.click('.form-tabs .nav-link:has-text("Finance")')
	panel = page.locator(".client-finance").first
	charts = panel.locator(".client-billed-paid-chart svg, .client-ageing-chart svg")
	charts.last.wait_for()
	assert charts.count() == 2 and invoice.name in panel.locator(".client-open-invoices").inner_text()
	panel.locator(".client-billed-paid-chart").evaluate("(chart) => chart.scrollIntoView({block: 'center'})")
	for chart in (".client-billed-paid-chart", ".client-ageing-chart"):  # drawn once the tab is shown
		page.wait_for_function(
			f"() => [...document.querySelectorAll('{chart} rect.bar')].some((bar) => bar.getAttribute('height') > 0)"
		)
	screenshot(page, "desk-finance-charts")

	composer = page.locator('.modal.show:has([data-fieldname="subject"])')
	attachment = composer.locator("input[data-file-name]:checked")
	for attempt in ("discarded", "sent"):
		create_menu(page, "Statement")
		dialog = page.locator(".modal.show")
		dialog.locator('[data-fieldname="apply"] button').click()
		dialog.locator(".client-statement").wait_for()
		assert invoice.name in dialog.inner_text() and "Closing Balance" in dialog.inner_text()
		if attempt == "sent":
			screenshot(page, "desk-statement-dialog")
		dialog.locator(".btn-modal-primary").click()  # Send Statement: Frappe's composer, prefilled
		attachment.wait_for()
		if attempt == "discarded":  # closed unsent: its PDF goes, nothing is logged
			discarded = attachment.get_attribute("data-file-name")
			with page.expect_response(lambda response: "discard_prepared" in response.url) as discard:
				composer.locator(".btn-modal-secondary").click()
			assert discard.value.ok
			frappe.db.rollback()
			assert not frappe.db.exists("File", discarded)
			assert not frappe.db.exists("Statement Log", {"client": client.name})
	assert (
		composer.locator('[data-fieldname="recipients"] input').input_value() == "bill@browser-statement.fr"
	)
	assert client.company_name in composer.locator('[data-fieldname="subject"] input').input_value()
	assert "statement-" in composer.locator("label:has(input[data-file-name]:checked)").inner_text()
	frappe.db.rollback()
	assert not frappe.db.exists("Statement Log", {"client": client.name})  # nothing logged before sending
	screenshot(page, "desk-statement-composer")
	pdf = attachment.get_attribute("data-file-name")
	composer.locator(".btn-modal-primary").click()
	page.get_by_text("Statement sent and logged").wait_for()
	frappe.db.rollback()
	log = frappe.get_last_doc("Statement Log", {"client": client.name})
	communication = frappe.get_last_doc(
		"Communication", {"reference_doctype": "Client", "reference_name": client.name}
	)
	committed.extend([communication, log])
	assert (log.recipients(), log.sent_by, log.total_due) == (
		["bill@browser-statement.fr"],
		"Administrator",
		200,
	)
	assert frappe.db.get_value("File", pdf, "attached_to_name") == log.name


def submit_current_form(page):
	"""Save, then Submit and confirm, as a user does with Ctrl+S."""
	page.keyboard.press("Control+s")
	page.wait_for_function("() => !cur_frm.is_new() && !cur_frm.is_dirty() && cur_frm.doc.docstatus === 0")
	page.keyboard.press("Control+s")
	page.locator(".modal.show .btn-primary:has-text('Yes')").click()
	page.wait_for_function("() => cur_frm.doc.docstatus === 1")


def test_desk_won_deal_becomes_a_prefilled_client(page, committed):
	from client_management.tests.factories import create_lead, create_opportunity

	frappe.set_user("Administrator")
	lead = create_lead(company_name="Browser Won Deal SARL")
	opportunity = create_opportunity("Lead", lead.name)
	committed += [lead, opportunity]
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	page.goto(f"/app/opportunity/{opportunity.name}")
	page.wait_for_selector('.inner-group-button[data-label="Create"]')
	create_menu(page, "Quotation")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Quotation' && cur_frm.is_new()")
	submit_current_form(page)
	quotation = page.evaluate("() => cur_frm.doc.name")

	create_menu(page, "Sales Order")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Sales Order' && cur_frm.is_new()")
	page.evaluate(
		"() => cur_frm.set_value('delivery_date', frappe.datetime.add_days(frappe.datetime.get_today(), 7))"
	)
	submit_current_form(page)
	order = page.evaluate("() => cur_frm.doc.name")

	frappe.db.rollback()
	client = frappe.db.get_value(
		"Client", {"opportunity": opportunity.name}, ["name", "company_name", "customer"], as_dict=True
	)
	committed.append(frappe.get_doc("Client", client.name))  # removed after the documents below
	for doctype, name in (("Quotation", quotation), ("Sales Order", order)):
		committed.append(frappe.get_doc(doctype, name))
	assert client.company_name == "Browser Won Deal SARL"
	page.goto(f"/app/client/{client.name}")
	page.wait_for_selector('.frappe-control[data-fieldname="company_name"]')
	assert "Browser Won Deal SARL" in page.locator(".title-text").first.inner_text()
	screenshot(page, "desk-client-from-won-deal")
