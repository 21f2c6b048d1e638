"""Browser tier: the site served on localhost by the bench, driven in Debian's Chromium by Playwright.

Skips with its reason when there is no site, no Chromium or no Playwright. Data the server must see
is committed by the tests and removed afterwards."""

import os
from pathlib import Path
from urllib.parse import quote

import pytest

PASSWORD = "E2e-Portal-Pass-2026!"  # nosec B105: a test user on the test site
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PORT = int(os.environ.get("E2E_PORT", "8123"))
# Each run saves its screenshots here (git-ignored); the best are copied to docs/screenshots by hand.
SCREENSHOTS = Path(
	os.environ.get("E2E_SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-results" / "screenshots")
)


def missing_tool() -> str | None:
	if not Path(CHROMIUM).exists():
		return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
	try:
		import playwright.sync_api  # noqa: F401
	except ImportError:
		return "playwright is not installed in this Python (pip install playwright)"
	return None


@pytest.fixture(scope="session")
def site_url():
	"""`frappe serve` for the site, on localhost, for the whole session."""
	from client_management.tests.served_site import port_open, served_site

	if reason := missing_tool():
		pytest.skip(f"browser tier skipped: {reason}")
	if port_open(PORT):
		pytest.skip(f"browser tier skipped: port {PORT} is already in use")
	with served_site(PORT) as url:
		yield url


@pytest.fixture(scope="session")
def browser(site_url):
	from playwright.sync_api import sync_playwright

	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(
			executable_path=CHROMIUM,
			args=[
				"--no-sandbox",
				"--disable-gpu",
				"--disable-background-networking",
				"--disable-component-update",
				"--disable-sync",
				"--no-first-run",
			],
		)
		yield browser
		browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
	report = yield
	if report.when == "call":
		item.call_report = report
	return report


@pytest.fixture
def page(browser, site_url, request):
	context = browser.new_context(base_url=site_url, viewport={"width": 1400, "height": 1000}, locale="en-US")
	page = context.new_page()
	page.set_default_timeout(30_000)
	yield page
	if getattr(request.node, "call_report", None) and request.node.call_report.failed:
		screenshot(page, f"failed-{request.node.name}")  # what the browser showed when the test failed
	context.close()


def login(page, user: str, password: str):
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url(lambda url: "/login" not in url)


def screenshot(page, name: str):
	SCREENSHOTS.mkdir(parents=True, exist_ok=True)
	page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


@pytest.fixture
def committed():
	"""Records the served site must see: committed, then removed."""
	import frappe

	from client_management.tests.factories import remove_committed

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
		if doc.doctype in ("Payment Entry", "Sales Invoice", "Sales Order", "Quotation", "Dunning"):
			remove_committed(doc.doctype, doc.name)
		elif frappe.db.exists(doc.doctype, doc.name):
			frappe.delete_doc(doc.doctype, doc.name, force=True, ignore_permissions=True)
		if doc.doctype in ("User", "Lead"):  # the Contact Frappe / ERPNext made for it
			for contact in frappe.get_all(
				"Dynamic Link",
				{"link_doctype": "Lead", "link_name": doc.name, "parenttype": "Contact"},
				pluck="parent",
			) + frappe.get_all("Contact", {"email_id": doc.name}, pluck="name"):
				frappe.delete_doc("Contact", contact, force=True, ignore_permissions=True)
	frappe.db.commit()


def open_client(page, name: str):
	"""The client's form, once drawn (its Create menu is there)."""
	page.goto(f"/app/client/{name}")
	page.wait_for_selector('.inner-group-button[data-label="Create"]')


def create_menu(page, item: str):
	"""Create > item on the current form (earlier pages stay in the DOM, hidden)."""
	form_menu(page, "Create", item)


def form_menu(page, group: str, item: str):
	"""group > item of the current form's buttons (Frappe URI-encodes their labels)."""
	menu = page.locator(f'.inner-group-button[data-label="{quote(group)}"]:visible')
	menu.locator("button").click()
	menu.locator(f'.dropdown-item[data-label="{quote(item)}"]').click()


def admin_password() -> str:
	import frappe

	return frappe.conf.admin_password or "admin"


def fill(page, fieldname: str, value: str, *, scope: str = ""):
	"""Type into a form field as a user does, then leave it: Link fields check the typed value on blur
	(Tab would pick the first suggestion, and in a grid's last column it adds a row)."""
	field = page.locator(f'{scope} .frappe-control[data-fieldname="{fieldname}"]:visible').first.locator(
		"input, textarea"
	)
	field.first.scroll_into_view_if_needed()
	field.first.click()
	field.first.fill("")
	field.first.press_sequentially(value)
	field.first.blur()
	# A click meant for the next field that lands on a date picker still open on its selected day
	# clears the date again (air-datepicker toggles a selected day off): go on once it is closed.
	page.wait_for_function("() => !document.querySelector('.datepicker.active')")
	wait_until_idle(page)


def fill_form(page, values: dict[str, str], *, table: str = "", idx: int = 0, tries: int = 3):
	"""Fill fields of cur_frm (or of row idx of its table), then type again any the form's doc does not
	hold: a redraw of the form while the next field is typed can drop a value, as it would a user's.
	Fails naming the fields still empty after the last try."""
	row = f'.frappe-control[data-fieldname="{table}"] .grid-row[data-idx="{idx}"]' if table else ""
	missing = list(values)
	for _ in range(tries):
		for fieldname in missing:
			if row:  # a grid row's field is a static area until clicked
				page.locator(
					f'{row} .static-area:visible, {row} [data-fieldname="{fieldname}"]'
				).first.click()
			fill(page, fieldname, values[fieldname], scope=row)
		missing = page.evaluate(
			"([names, table, idx]) => { const doc = table ? cur_frm.doc[table][idx - 1] : cur_frm.doc;"
			" return names.filter((name) => !doc[name]); }",
			[list(values), table, idx],
		)
		if not missing:
			return
	raise AssertionError(f"the form kept no value in {missing} after {tries} tries")


def close_message(page):
	"""Close Frappe's message dialog as a user does once it is on screen: Bootstrap ignores a close
	clicked while the dialog is still fading in."""
	page.wait_for_function("() => frappe.msg_dialog && frappe.msg_dialog.display")
	page.locator(".msgprint-dialog .btn-modal-close:visible").click()
	page.wait_for_function("() => !frappe.msg_dialog.display")


def open_list(page, route: str):
	"""A list with no filter: what an earlier visit left in the user's list settings (a filter by name,
	say) is cleared, so the list shows what the test expects whoever came before."""
	page.goto(f"/app/{route}")
	page.wait_for_function(
		"() => window.cur_list && cur_list.filter_area && frappe.get_route()[0] === 'List'"
	)
	page.evaluate("() => cur_list.filter_area.clear()")
	wait_until_idle(page)


def wait_until_idle(page):
	"""Until the desk has no request in flight (a link's check, a trigger's fetch): the form may still
	redraw a grid row while one runs, and what is typed into the old row is lost."""
	page.wait_for_function("() => !(window.frappe && frappe.request && frappe.request.ajax_count)")
