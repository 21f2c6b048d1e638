"""Desk and portal flows in a real browser. Screenshots go to docs/screenshots/."""

import re
from urllib.parse import quote

import pytest

import frappe
from frappe.utils.password import update_password

from client_management.tests.e2e.conftest import login, screenshot
from client_management.tests.factories import create_client, create_sales_invoice, use_test_outgoing_email

PASSWORD = "E2e-Portal-Pass-2026!"  # nosec B105: a test user on the test site


@pytest.fixture
def committed():
	"""Records the served site must see: committed, then removed."""
	made = []
	default_email_account = frappe.db.get_value("Email Account", {"default_outgoing": 1})
	yield made
	frappe.db.rollback()
	frappe.db.set_value(
		"Email Account",
		{"default_outgoing": 1, "name": ("!=", default_email_account or "")},
		"default_outgoing",
		0,
	)
	for doc in reversed(made):
		if doc.doctype in ("Sales Invoice", "Sales Order", "Quotation"):
			doc.reload()
			if doc.docstatus == 1:
				doc.cancel()
			frappe.db.delete("GL Entry", {"voucher_no": doc.name})
			frappe.db.delete("Payment Ledger Entry", {"voucher_no": doc.name})
		if frappe.db.exists(doc.doctype, doc.name):
			frappe.delete_doc(doc.doctype, doc.name, force=True, ignore_permissions=True)
		if doc.doctype in ("User", "Lead"):  # the Contact Frappe / ERPNext made for it
			for contact in frappe.get_all(
				"Dynamic Link",
				{"link_doctype": "Lead", "link_name": doc.name, "parenttype": "Contact"},
				pluck="parent",
			) + frappe.get_all("Contact", {"email_id": doc.name}, pluck="name"):
				frappe.delete_doc("Contact", contact, force=True, ignore_permissions=True)
	frappe.db.commit()


def create_menu(page, item: str):
	"""Create > item on the current form (earlier pages stay in the DOM, hidden)."""
	menu = page.locator('.inner-group-button[data-label="Create"]:visible')
	menu.locator("button").click()
	menu.locator(f'.dropdown-item[data-label="{quote(item)}"]').click()  # Frappe URI-encodes labels


def admin_password() -> str:
	return frappe.conf.admin_password or "admin"


def test_desk_client_form_checks_vat_warns_duplicates_and_shows_finance(page, committed):
	frappe.set_user("Administrator")
	first = create_client(
		company_name="Browser Dupont Industries SARL",
		contacts=[{"first_name": "Anne", "last_name": "Dupont", "email": "anne@browser-dupont.fr"}],
	)
	second = create_client(
		company_name="Browser Martin Logistics",
		contacts=[{"first_name": "Paul", "last_name": "Martin", "email": "paul@browser-martin.fr"}],
	)
	committed += [first, second]
	invoice = create_sales_invoice(first.customer, rate=120)
	committed.append(invoice)
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	page.goto(f"/app/client/{second.name}")
	page.wait_for_selector('[data-fieldname="vat_number"] input', state="attached")

	vat = page.locator('.frappe-control[data-fieldname="vat_number"] input')
	vat.scroll_into_view_if_needed()
	vat.fill("FR40303265046")
	page.keyboard.press("Control+s")
	error = page.locator(".modal.show .msgprint, .modal.show .modal-body")
	error.first.wait_for()
	assert "is not valid" in error.first.inner_text()
	screenshot(page, "desk-invalid-vat")
	page.keyboard.press("Escape")
	page.locator(".modal.show").wait_for(state="detached")

	vat.fill("FR40303265045")
	name = page.locator('.frappe-control[data-fieldname="company_name"] input')
	name.scroll_into_view_if_needed()
	name.fill("Browser Dupont Industires Ltd")
	page.keyboard.press("Control+s")
	dialog = page.locator(".modal.show:has(.duplicate-candidates)")
	dialog.wait_for()
	assert first.name in dialog.inner_text()
	screenshot(page, "desk-duplicate-warning")
	dialog.locator(".btn-primary").click()
	page.wait_for_function("() => !cur_frm.is_dirty()")
	frappe.db.rollback()  # see what the browser saved
	assert frappe.db.get_value("Client", second.name, "vat_number") == "FR40303265045"

	page.goto(f"/app/client/{first.name}")
	page.click('.form-tabs .nav-link:has-text("Finance")')
	panel = page.locator(".client-finance")
	panel.first.wait_for()
	assert re.search(r"120", panel.first.inner_text())
	screenshot(page, "desk-finance-panel")


def test_portal_invitation_link_login_home_and_isolation(page, committed):
	frappe.set_user("Administrator")
	use_test_outgoing_email()
	own = create_client(company_name="Browser Portal Own")
	other = create_client(company_name="Browser Portal Other")
	committed += [own, other]
	own_invoice = create_sales_invoice(own.customer, rate=75)
	other_invoice = create_sales_invoice(other.customer, rate=99)
	committed += [own_invoice, other_invoice]
	portal_user = frappe.get_doc(
		{"doctype": "Customer Portal User", "client": own.name, "email": "browser.portal@example.com"}
	).insert()
	committed.append(portal_user)
	user = frappe.get_doc("User", portal_user.user)
	committed.append(user)
	frappe.db.commit()

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


def test_desk_payment_and_statement_from_the_client(page, committed):
	frappe.set_user("Administrator")
	use_test_outgoing_email()
	client = create_client(
		company_name="Browser Payment Client",
		contacts=[{"first_name": "Bill", "last_name": "Payer", "email": "bill@browser-payment.fr"}],
	)
	committed.append(client)
	invoice = create_sales_invoice(client.customer, rate=300)
	committed.append(invoice)
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	page.goto(f"/app/client/{client.name}")
	page.wait_for_selector('.inner-group-button[data-label="Create"]')

	create_menu(page, "Payment")
	dialog = page.locator(".modal.show")
	dialog.locator(f'.grid-row:has-text("{invoice.name}") .grid-row-check').first.wait_for()
	dialog.locator(f'.grid-row:has-text("{invoice.name}") .grid-row-check').first.check()
	screenshot(page, "desk-payment-dialog")
	dialog.locator(".btn-modal-primary").click()
	page.wait_for_function(
		"() => window.cur_frm && cur_frm.doc.doctype === 'Payment Entry' && cur_frm.doc.references.length === 1"
	)
	page.evaluate(
		"() => cur_frm.set_value({reference_no: 'BROWSER-1', reference_date: frappe.datetime.get_today()})"
	)
	page.keyboard.press("Control+s")
	page.wait_for_function("() => !cur_frm.is_new() && !cur_frm.is_dirty()")
	payment = page.evaluate("() => cur_frm.doc.name")
	frappe.db.rollback()
	committed.append(frappe.get_doc("Payment Entry", payment))
	assert frappe.db.get_value("Payment Entry", payment, ["party", "paid_amount", "client"]) == (
		client.customer,
		300,
		client.name,
	)

	page.goto(f"/app/client/{client.name}")
	page.wait_for_selector('.inner-group-button[data-label="Create"]')
	create_menu(page, "Statement")
	dialog = page.locator(".modal.show")
	dialog.locator('[data-fieldname="apply"] button').click()
	dialog.locator(".client-statement").wait_for()
	assert "Closing Balance" in dialog.inner_text()
	screenshot(page, "desk-statement-dialog")
	dialog.locator(".btn-modal-primary").click()
	page.locator(".alert-message, .desk-alert").first.wait_for()
	frappe.db.rollback()
	log = frappe.get_last_doc("Statement Log", {"client": client.name})
	committed.append(log)
	assert log.recipients == "bill@browser-payment.fr"


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
