"""What the fresh-site install test does on its throwaway site, in a process of its own (the app need
not be installed there): `python -m client_management.tests.fresh_site SITE FUNCTION`, from the sites
folder, prints the function's result as JSON."""

import json
import sys

import frappe

from client_management.constants import ROLES, SETTINGS
from client_management.constants.custom_fields import CUSTOM_FIELDS

APP = "client_management"


def forget_the_app_in_the_module_map():
	"""The site's cached map of the bench's apps, as Frappe made it before the app joined apps.txt."""
	frappe.setup_module_map()
	modules = dict(frappe.local.app_modules)
	modules.pop(APP, None)
	frappe.cache.set_value("app_modules", modules)


def installed_parts() -> dict:
	return {
		"installed": APP in frappe.get_installed_apps(),
		"doctypes": frappe.db.count("DocType", {"module": "Client Management"}),
		"custom_fields": sum(
			bool(frappe.db.exists("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]}))
			for doctype, fields in CUSTOM_FIELDS.items()
			for field in fields
		),
		"roles": sum(bool(frappe.db.exists("Role", role)) for role in ROLES),
		"workspace": bool(frappe.db.exists("Workspace", "Clients")),
		"number_cards": frappe.db.count("Number Card", {"module": "Client Management"}),
		"charts": frappe.db.count("Dashboard Chart", {"module": "Client Management"}),
		"settings_series": frappe.db.get_single_value(SETTINGS, "client_number_series")
		if frappe.db.exists("DocType", SETTINGS)
		else None,
	}


if __name__ == "__main__":
	site, function = sys.argv[1:3]
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		print(json.dumps(globals()[function]()))
		frappe.db.commit()
	finally:
		frappe.destroy()
