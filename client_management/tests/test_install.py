"""Install, uninstall and patches."""

import importlib
import json
import os
import subprocess  # nosec B404 - bench commands, run as an admin runs them
import sys
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import random_string

from client_management.constants import ROLES
from client_management.constants.custom_fields import CUSTOM_FIELDS

APP = "client_management"
# MariaDB's root password, as scripts/bootstrap sets it (DB_ROOT_PASSWORD, default root)
ROOT_PASSWORD = os.environ.get("DB_ROOT_PASSWORD", "root")


class TestPatches(FrappeTestCase):
	def test_every_patch_imports(self):
		for line in frappe.get_file_items(frappe.get_app_path(APP, "patches.txt")):
			if line.startswith("["):
				continue
			module = line.split()[0].removeprefix("execute:")
			if line.startswith("execute:"):
				compile(module, "patches.txt", "exec")
			else:
				self.assertTrue(callable(importlib.import_module(module).execute), module)


class TestFreshSite(FrappeTestCase):
	"""The app installed on a throwaway site of this bench as scripts/test and scripts/bootstrap install
	it (`scripts/install-app`), in new processes, while the site's cached map of the bench's apps was
	made before the app joined apps.txt; then uninstalled. The site is dropped afterwards."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.sites = Path(frappe.local.sites_path).resolve()
		cls.site = f"install-{random_string(6).lower()}.localhost"
		made = cli(
			cls.sites, "new-site", cls.site, "--db-root-password", ROOT_PASSWORD, "--admin-password", "admin",
			"--install-app", "erpnext",
		)  # fmt: skip
		assert made.returncode == 0, f"new-site failed: {made.stdout[-2000:]}{made.stderr[-2000:]}"

	@classmethod
	def tearDownClass(cls):
		cli(cls.sites, "drop-site", cls.site, "--db-root-password", ROOT_PASSWORD, "--no-backup", "--force")
		super().tearDownClass()

	def on_site(self, function: str):
		"""Run a function of tests/fresh_site.py on the throwaway site, in a new process; its result."""
		result = subprocess.run(  # nosec B603 - this bench's Python, fixed code
			[sys.executable, "-m", "client_management.tests.fresh_site", self.site, function],
			cwd=self.sites,
			capture_output=True,
			text=True,
			timeout=300,
		)
		self.assertEqual(result.returncode, 0, result.stderr[-2000:])
		return json.loads(result.stdout.strip().splitlines()[-1])

	def parts(self) -> dict:
		return self.on_site("installed_parts")

	def test_install_on_a_warm_cache_then_uninstall_leaves_nothing(self):
		self.on_site("forget_the_app_in_the_module_map")

		script = Path(frappe.get_app_path(APP)).parent / "scripts" / "install-app"
		installed = subprocess.run(  # nosec B603 - the project's own script, fixed argv
			[str(script), self.site, str(self.sites.parent)], capture_output=True, text=True, timeout=1200
		)
		self.assertEqual(installed.returncode, 0, installed.stdout[-3000:] + installed.stderr[-3000:])
		parts = self.parts()
		self.assertEqual(
			parts,
			{
				"installed": True,
				"doctypes": frappe.db.count("DocType", {"module": "Client Management"}),
				"custom_fields": sum(map(len, CUSTOM_FIELDS.values())),
				"roles": len(ROLES),
				"workspace": True,
				"number_cards": shipped("number_card"),
				"charts": shipped("dashboard_chart"),
				"settings_series": "CL-.#####",
			},
		)

		removed = cli(self.sites, "--site", self.site, "uninstall-app", APP, "--yes", "--no-backup")
		self.assertEqual(removed.returncode, 0, removed.stderr[-2000:])
		self.assertEqual(
			self.parts(),
			{
				"installed": False,
				"doctypes": 0,
				"custom_fields": 0,
				"roles": 0,
				"workspace": False,
				"number_cards": 0,
				"charts": 0,
				"settings_series": None,
			},
		)


def shipped(kind: str) -> int:
	"""How many records of a kind (number_card, dashboard_chart) the app ships in its module folder."""
	folder = Path(frappe.get_module_path("Client Management")) / kind
	return sum(1 for entry in folder.iterdir() if (entry / f"{entry.name}.json").exists())


def cli(sites: Path, *args: str) -> subprocess.CompletedProcess:
	"""The bench's frappe CLI (what `bench` runs), from the sites folder, in a new process."""
	return subprocess.run(  # nosec B603 - the bench's own CLI, fixed argv
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", *args],
		cwd=sites,
		capture_output=True,
		text=True,
		timeout=1800,
	)
