"""Two test tiers under one pytest run.

* unit: `client_management/tests/unit/` — pure Python, no Frappe, no site.
* integration: every other test module — `FrappeTestCase`s against a real site.
* e2e: `client_management/tests/e2e/` — the site served by the bench, in Chromium (Playwright).

The integration tier connects to the site named by `FRAPPE_SITE` (sites folder from
`FRAPPE_SITES_PATH`, else the bench that holds the importable `frappe`), or to that bench's
default site. Without a usable site every integration module is reported as skipped, with
the reason; nothing of Frappe is faked.
"""

import json
import os
from pathlib import Path

import pytest

UNIT_DIR = Path(__file__).parent / "client_management" / "tests" / "unit"
E2E_DIR = Path(__file__).parent / "client_management" / "tests" / "e2e"


def is_unit_test(path: Path) -> bool:
	return UNIT_DIR in Path(path).resolve().parents


def tier(path: Path) -> str:
	parents = Path(path).resolve().parents
	return "unit" if UNIT_DIR in parents else "e2e" if E2E_DIR in parents else "integration"


def find_site() -> tuple[str | None, str | None, str]:
	"""Return (site, sites_path, reason); reason says why there is no site when site is None."""
	try:
		import frappe
	except ImportError:
		return (
			None,
			None,
			"frappe is not importable here: run this tier with a bench's Python (scripts/test does)",
		)

	sites_path = os.environ.get("FRAPPE_SITES_PATH") or str(
		Path(frappe.__file__).resolve().parents[3] / "sites"
	)
	site = os.environ.get("FRAPPE_SITE") or default_site(sites_path)
	if not site:
		return None, None, f"no site: set FRAPPE_SITE or a default site in {sites_path}"
	site_config = Path(sites_path, site, "site_config.json")
	if not site_config.exists():
		return None, None, f"site {site!r} not found in {sites_path}"
	if not json.loads(site_config.read_text()).get("allow_tests"):
		return None, None, f"site {site!r} does not have allow_tests set; tests write to it"
	return site, sites_path, ""


def default_site(sites_path: str) -> str | None:
	current = Path(sites_path, "currentsite.txt")
	if current.exists() and current.read_text().strip():
		return current.read_text().strip()
	common = Path(sites_path, "common_site_config.json")
	if common.exists():
		return json.loads(common.read_text()).get("default_site")
	return None


SITE, SITES_PATH, SKIP_REASON = find_site()


class SkippedIntegrationModule(pytest.Module):
	"""Stands in for an integration or browser module that cannot be imported without a site."""

	def collect(self):
		yield SkippedIntegrationItem.from_parent(self, name=f"{tier(self.path)} tier")


class SkippedIntegrationItem(pytest.Item):
	def runtest(self):
		pytest.skip(f"{tier(self.path)} tier skipped: {SKIP_REASON}")

	def reportinfo(self):
		return self.path, 0, f"{self.path.name}: {tier(self.path)} tier"


def pytest_pycollect_makemodule(module_path, parent):
	if SITE is None and not is_unit_test(module_path):
		return SkippedIntegrationModule.from_parent(parent, path=module_path)
	return None


def pytest_collection_modifyitems(items):
	for item in items:
		item.add_marker(getattr(pytest.mark, tier(item.path)))


def pytest_report_header():
	if SITE:
		return f"integration tier: site {SITE} in {SITES_PATH}"
	return f"integration and browser tiers: SKIPPED — {SKIP_REASON}"


KEPT_SITE_SETTINGS: dict = {}


def pytest_configure(config):
	if SITE and config.getoption("markexpr", "") != "unit":
		connect_site()


def pytest_unconfigure(config):
	import sys

	frappe = sys.modules.get("frappe")
	if frappe and getattr(frappe.local, "db", None):
		frappe.db.rollback()
		if KEPT_SITE_SETTINGS:  # the site's default company and mail account, as found
			from client_management.tests.sample_data import restore_site_settings

			frappe.set_user("Administrator")
			restore_site_settings(KEPT_SITE_SETTINGS)
		frappe.destroy()


def connect_site():
	"""Connect the way `bench run-tests` does: in_test flag, then the before_tests hooks."""
	import frappe

	os.chdir(SITES_PATH)
	frappe.init(site=SITE, sites_path=SITES_PATH)
	frappe.connect()
	frappe.flags.in_test = True
	frappe.clear_cache()
	frappe.set_user("Administrator")
	from client_management.tests.sample_data import site_settings

	KEPT_SITE_SETTINGS.update(site_settings())  # before_tests makes the tests' records the defaults
	for hook in frappe.get_hooks("before_tests", app_name="client_management"):
		frappe.get_attr(hook)()


def pytest_terminal_summary(terminalreporter):
	if SITE is None:
		terminalreporter.write_line(
			f"INTEGRATION AND BROWSER TIERS SKIPPED: {SKIP_REASON}", yellow=True, bold=True
		)
