"""Payment health in a real browser: the Finance tab's figures and DSO trend, and the portal's
reminders with their PDF."""

import frappe
from frappe.utils import add_days, add_months, get_first_day, today
from frappe.utils.password import update_password

from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

from client_management.payment_health import HEALTH
from client_management.tests.e2e.conftest import PASSWORD, admin_password, login, open_client, screenshot
from client_management.tests.factories import (
	create_client,
	create_dunning,
	create_overdue_invoice,
	create_sales_invoice,
	submit_document,
	use_test_outgoing_email,
)
from client_management.tests.sample_data import own_email


def test_desk_finance_tab_shows_the_clients_payment_health_and_dso_trend(page, committed):
	frappe.set_user("Administrator")
	client = create_client(company_name="Browser Health Client")
	committed.append(client)
	frappe.db.commit()
	# a year of business: an invoice each month or two, paid later and later, the last ones open
	for months_ago, rate, paid_after in (
		(10, 900, 20),
		(8, 700, 35),
		(6, 1200, 50),
		(4, 800, 70),
		(2, 1500, None),
	):
		posted = add_months(get_first_day(today()), -months_ago)
		invoice = create_sales_invoice(
			client.customer, rate=rate, posting_date=posted, due_date=add_days(posted, 30), set_posting_time=1
		)
		committed.append(invoice)
		if paid_after:
			payment = get_payment_entry("Sales Invoice", invoice.name)
			committed.append(submit_document(payment, posting_date=add_days(posted, 30 + paid_after)))
	committed.append(create_sales_invoice(client.customer, rate=600))  # due today
	frappe.db.commit()
	stored = frappe.db.get_value(
		HEALTH, client.name, ["overdue_amount", "average_days_late", "days_sales_outstanding"], as_dict=True
	)
	assert stored.average_days_late == 43.8  # (20 + 35 + 50 + 70) / 4
	assert stored.overdue_amount > 0 and stored.days_sales_outstanding > 0

	login(page, "Administrator", admin_password())
	open_client(page, client.name)
	page.wait_for_load_state("networkidle")  # the form settled on its first tab: the charts drawn hidden
	page.click('.form-tabs .nav-link:has-text("Finance")')
	section = page.locator(".form-section:has(.client-payment-health)").first
	section.wait_for()
	assert page.locator(".form-tabs .nav-link.active").inner_text().strip() == "Finance"
	assert not page.locator('.frappe-control[data-fieldname="notes"]').is_visible()  # a Details field
	for label in ("Outstanding", "Overdue", "DSO (Days)", "Average Days Paid Late", "Last Payment"):
		assert label in section.inner_text(), section.inner_text()
	overdue = page.evaluate(
		"(value) => format_currency(value, cur_frm.doc.__onload.payment_health.currency)",
		stored.overdue_amount,
	)
	assert overdue in section.inner_text()
	trend = page.locator(".client-dso-trend svg")
	trend.wait_for()
	trend.evaluate("(chart) => chart.scrollIntoView({block: 'end'})")
	page.wait_for_function(
		"() => document.querySelectorAll('.client-dso-trend .x.axis text').length === 12"
		" && [...document.querySelectorAll('.client-dso-trend .y.axis text')].some((t) => +t.textContent >= 300)"
	)  # twelve months, and the data drawn: the chart starts from zeros
	page.wait_for_timeout(600)  # the line's move from those zeros
	section.scroll_into_view_if_needed()
	screenshot(page, "desk-payment-health")


def test_portal_home_lists_open_reminders_and_what_is_overdue_and_downloads_the_pdf(page, committed):
	frappe.set_user("Administrator")
	use_test_outgoing_email()
	email = own_email("browser.reminders")
	client = create_client(
		company_name="Browser Reminders Client",
		contacts=[{"first_name": "Rita", "last_name": "Reminded", "email": email, "is_primary": 1}],
	)
	other = create_client(company_name="Browser Reminders Other")
	committed += [client, other]
	frappe.db.commit()
	portal_user = frappe.get_doc(
		{"doctype": "Customer Portal User", "client": client.name, "email": email}
	).insert()
	committed += [portal_user, frappe.get_doc("User", portal_user.user)]
	update_password(portal_user.user, PASSWORD)
	overdue = create_overdue_invoice(client.customer, days_overdue=35, rate=480)
	later = create_overdue_invoice(client.customer, days_overdue=12, rate=220)
	hidden = create_overdue_invoice(other.customer, days_overdue=40, rate=999)
	committed += [overdue, later, hidden]
	reminder = create_dunning(overdue.name)
	others_reminder = create_dunning(hidden.name)
	committed += [reminder, others_reminder]
	frappe.db.commit()

	login(page, portal_user.user, PASSWORD)
	page.goto("/client-portal")
	reminders = page.locator(".client-reminders")
	reminders.wait_for()
	assert reminder.name in reminders.inner_text()
	overdue_list = page.locator(".client-overdue-invoices").inner_text()
	assert overdue.name in overdue_list and later.name in overdue_list
	content = page.content()
	assert others_reminder.name not in content and hidden.name not in content

	pdf = page.request.get(reminders.locator("a.reminder-pdf").first.get_attribute("href"))
	assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
	refused = page.request.get(
		f"/api/method/client_management.api.portal.download_reminder?dunning={others_reminder.name}"
	)
	assert refused.status == 403
	page.locator("h3:has-text('Payment Reminders')").scroll_into_view_if_needed()
	page.evaluate("() => window.scrollBy(0, -80)")
	screenshot(page, "portal-reminders")
