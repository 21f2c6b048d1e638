"""Install, uninstall and patches, on the real site."""

import importlib

import frappe
from frappe.installer import install_app, remove_app
from frappe.tests.utils import FrappeTestCase

from client_management.constants import ROLES
from client_management.constants.custom_fields import CUSTOM_FIELDS

APP = "client_management"


def our_custom_fields() -> list[str]:
	return [
		name
		for doctype, fields in CUSTOM_FIELDS.items()
		for field in fields
		if (name := frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]}))
	]


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


class TestInstallLifecycle(FrappeTestCase):
	"""install -> uninstall -> install, for real. Commits: it is the app's lifecycle, not a transaction."""

	def test_uninstall_leaves_nothing_and_reinstall_works(self):
		clients = frappe.db.get_all("Client", pluck="name", limit=5)
		self.assertFalse(  # loud: every other test leaves the site without clients
			clients,
			f"the site holds clients ({', '.join(clients)}…): a test left data behind, or this is not a "
			"test site; uninstalling would delete them",
		)

		self.assertEqual(len(our_custom_fields()), sum(map(len, CUSTOM_FIELDS.values())))
		remove_app(APP, yes=True, no_backup=True)
		frappe.db.commit()
		frappe.clear_cache()

		self.assertNotIn(APP, frappe.get_installed_apps())
		self.assertEqual(our_custom_fields(), [])
		self.assertFalse(frappe.get_all("DocType", {"module": "Client Management"}))
		self.assertFalse(frappe.db.exists("Module Def", "Client Management"))
		for doctype in ("Workspace", "Number Card", "Dashboard Chart", "Dashboard Chart Source"):
			self.assertFalse(frappe.get_all(doctype, {"module": "Client Management"}), doctype)
		for role in ROLES:
			self.assertFalse(frappe.db.exists("Role", role))

		install_app(APP, set_as_patched=True)
		frappe.db.commit()  # the records synced from module files (workspace, cards, charts) are rows, not DDL
		frappe.clear_cache()
		self.assertIn(APP, frappe.get_installed_apps())
		self.assertTrue(frappe.db.exists("DocType", "Client"))
		self.assertTrue(frappe.db.exists("Workspace", "Clients"))
		self.assertEqual(frappe.db.count("Number Card", {"module": "Client Management"}), 4)
		self.assertEqual(frappe.db.count("Dashboard Chart", {"module": "Client Management"}), 3)
		self.assertEqual(len(our_custom_fields()), sum(map(len, CUSTOM_FIELDS.values())))
		for role in ROLES:
			self.assertTrue(frappe.db.exists("Role", role))
