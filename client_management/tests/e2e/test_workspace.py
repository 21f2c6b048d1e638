"""The "Clients" workspace and the Client list in a real browser."""

import frappe
from frappe.utils.password import update_password

from client_management.tests.e2e.conftest import PASSWORD, admin_password, login, open_list, screenshot
from client_management.tests.factories import create_client, create_sales_invoice, ensure_user

SALES_USER = "browser.sales.user@example.com"


def test_desk_clients_workspace_cards_charts_and_the_client_list(page, committed):
	frappe.set_user("Administrator")
	committed.append(frappe.get_doc("User", ensure_user(SALES_USER, ["Sales User"])))
	update_password(SALES_USER, PASSWORD)
	frappe.db.commit()  # short transactions: other tests use the same naming series meanwhile
	for name, owner, rate in (
		("Browser Workspace Alpha SAS", SALES_USER, 4200),
		("Browser Workspace Beta SARL", "Administrator", 1800),
	):
		client = create_client(company_name=name, client_owner=owner)
		committed.append(client)
		frappe.db.commit()
		committed.append(create_sales_invoice(client.customer, rate=rate))
		frappe.db.commit()

	login(page, "Administrator", admin_password())
	page.goto("/app/clients")
	cards = page.locator(".number-widget-box")
	cards.first.wait_for()
	page.wait_for_function(
		"() => [...document.querySelectorAll('.number-widget-box .widget-content .number')]"
		".filter((el) => el.offsetParent && el.innerText.trim()).length === 4"
	)
	titles = page.locator(".number-widget-box .widget-title").all_text_contents()  # shown in capitals
	assert [title.strip() for title in titles] == [
		"Active Clients",
		"Incomplete Clients",
		"New Clients This Month",
		"Total Outstanding of Clients",
	]
	for chart in ("New Clients per Month", "Clients by Lead Source", "Top 10 Outstanding by Client"):
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
