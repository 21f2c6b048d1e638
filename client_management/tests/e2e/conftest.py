"""Browser tier: the site served on localhost by the bench, driven in Debian's Chromium by Playwright.

Skips with its reason when there is no site, no Chromium or no Playwright. Data the server must see
is committed by the tests and removed afterwards."""

import os
from pathlib import Path

import pytest

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
