"""The "Clients" workspace and the Client list in a real browser."""

import frappe
from frappe.utils import add_days, today
from frappe.utils.password import update_password

from client_management.tests.e2e.conftest import PASSWORD, admin_password, login, open_list, screenshot
from client_management.tests.factories import create_client, create_sales_invoice, ensure_user

SALES_USER = "browser.sales.user@example.com"


def test_desk_clients_workspace_cards_charts_and_the_client_list(page, committed):
	frappe.set_user("Administrator")
	committed.append(frappe.get_doc("User", ensure_user(SALES_USER, ["Sales User"])))
	update_password(SALES_USER, PASSWORD)
	frappe.db.commit()  # short transactions: other tests use the same naming series meanwhile
	for name, owner, rate, due in (  # Alpha's invoice overdue, Beta's due today
		("Browser Workspace Alpha SAS", SALES_USER, 4200, add_days(today(), -10)),
		("Browser Workspace Beta SARL", "Administrator", 1800, today()),
	):
		client = create_client(company_name=name, client_owner=owner)
		committed.append(client)
		frappe.db.commit()
		invoice = create_sales_invoice(
			client.customer, rate=rate, posting_date=add_days(due, -10), due_date=due, set_posting_time=1
		)
		committed.append(invoice)
		frappe.db.commit()

	login(page, "Administrator", admin_password())
	page.goto("/app/clients")
	cards = page.locator(".number-widget-box")
	cards.first.wait_for()
	page.wait_for_function(
		"() => [...document.querySelectorAll('.number-widget-box .widget-content .number')]"
		".filter((el) => el.offsetParent && el.innerText.trim()).length === 5"
	)
	titles = page.locator(".number-widget-box .widget-title").all_text_contents()  # shown in capitals
	assert [title.strip() for title in titles] == [
		"Active Clients",
		"Incomplete Clients",
		"New Clients This Month",
		"Total Outstanding of Clients",
		"Clients in Follow-up",
	]
	for chart in (
		"New Clients per Month",
		"Clients by Lead Source",
		"Top 10 Outstanding by Client",
		"Overdue by Client",
	):
		page.locator(f'.dashboard-widget-box:has-text("{chart}") .widget-body svg').first.wait_for()
	page.wait_for_timeout(500)  # the charts' entry animation
	screenshot(page, "workspace")

	open_list(page, "client")
	header = page.locator(".list-row-head:visible")
	header.wait_for()
	row = page.locator('.list-row-container:visible:has-text("Browser Workspace Alpha SAS")').first
	row.wait_for()
	columns = header.inner_text()
	for label in ("Company Name", "Projects", "VAT Number", "Created On"):
		assert label in columns, columns
	created_on = page.evaluate("() => frappe.datetime.str_to_user(frappe.datetime.get_today())")
	assert created_on in row.inner_text()
	screenshot(page, "client-list")

	# Payment Health: the clients by what they owe, most overdue first
	page.locator('.page-actions button:has-text("Payment Health")').click()
	page.wait_for_url("**/app/client-payment-health**")
	page.evaluate("() => cur_list.filter_area.clear()")
	alpha = page.locator('.list-row-container:visible:has-text("Browser Workspace Alpha SAS")').first
	alpha.wait_for()
	columns = page.locator('.list-row-head:visible:has-text("Overdue")').inner_text()
	for label in ("Client Name", "Overdue", "DSO (Days)", "Average Days Paid Late", "Last Payment"):
		assert label in columns, columns
	assert page.evaluate("() => cur_list.sort_by") == "overdue_amount"
	overdue_filter = page.locator('.standard-filter-section [data-fieldname="overdue_amount"] input')
	overdue_filter.fill("4000")  # "Overdue ≥": Alpha owes 4,200 past due, Beta nothing yet
	overdue_filter.blur()
	page.wait_for_function(
		"() => cur_list.data.length >= 1 && cur_list.data.every((row) => row.overdue_amount >= 4000)"
		" && cur_list.data.some((row) => row.client_name === 'Browser Workspace Alpha SAS')"
	)
	assert page.evaluate("() => cur_list.get_filters_for_args()") == [
		["Client Payment Health", "overdue_amount", ">=", 4000]
	]
	assert "Browser Workspace Beta SARL" not in page.locator(".frappe-list:visible").inner_text()
	screenshot(page, "payment-health-list")
	page.evaluate("() => cur_list.filter_area.clear()")

	# A Sales User opening the list without filters sees "My Clients": the clients they own.
	page.goto("/api/method/logout")  # before the list's own requests set the session cookie again
	page.context.clear_cookies()
	login(page, SALES_USER, PASSWORD)
	page.goto("/app/client")
	page.locator('.list-row-container:visible:has-text("Browser Workspace Alpha SAS")').first.wait_for()
	assert page.evaluate("() => cur_list.filters.map((f) => [f[1], f[2], f[3]])") == [
		["client_owner", "=", SALES_USER]
	]
	assert "Browser Workspace Beta SARL" not in page.locator(".frappe-list:visible").inner_text()
	# the payment health is the ledger's: not for a Sales User
	assert not page.locator('.page-actions button:has-text("Payment Health")').count()
	page.goto("/app/client-payment-health")
	page.locator(".page-content:has-text('Not permitted'), .msgprint:has-text('permission')").first.wait_for()
