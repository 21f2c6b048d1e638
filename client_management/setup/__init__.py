"""Idempotent install steps: run on install and after every migrate; undone on uninstall."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.custom.doctype.property_setter.property_setter import delete_property_setter, make_property_setter

from client_management.constants import ROLES, SETTINGS, WON_SALES_STAGE
from client_management.constants.custom_fields import CUSTOM_FIELDS, INDEXED_FIELDS
from client_management.setup.follow_ups import create_follow_up_levels


def setup_all():
	create_roles()
	create_custom_fields(CUSTOM_FIELDS, update=True)
	index_hot_fields()
	create_won_sales_stage()
	set_settings_defaults()
	create_follow_up_levels()


def index_hot_fields():
	"""Index INDEXED_FIELDS through a Property Setter, so that ERPNext's own migrations keep the index."""
	for doctype, fieldnames in INDEXED_FIELDS.items():
		missing = [f for f in fieldnames if not frappe.get_meta(doctype).get_field(f).search_index]
		for fieldname in missing:
			make_property_setter(
				doctype, fieldname, "search_index", 1, "Check", validate_fields_for_doctype=False
			)
		if missing:
			frappe.db.updatedb(doctype)


def create_won_sales_stage():
	"""ERPNext has no stage for a won deal: add "Won" (its label translated), keep one that exists.
	Kept on uninstall: opportunities may be at that stage."""
	if not frappe.db.exists("Sales Stage", WON_SALES_STAGE):
		frappe.get_doc({"doctype": "Sales Stage", "stage_name": WON_SALES_STAGE}).insert(
			ignore_permissions=True
		)


def set_settings_defaults():
	"""A Single's defaults apply only once stored; store those never set (a user's choice stays)."""
	stored = {row[0] for row in frappe.db.sql("select field from `tabSingles` where doctype = %s", SETTINGS)}
	for df in frappe.get_meta(SETTINGS).fields:
		if df.default and df.fieldname not in stored:
			frappe.db.set_single_value(SETTINGS, df.fieldname, df.default)
	frappe.clear_document_cache(SETTINGS, SETTINGS)


def create_roles():
	for role in ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(
				ignore_permissions=True
			)


def remove_customizations():
	"""Delete our custom fields from ERPNext doctypes (their data columns go with `bench trim-tables`)."""
	for doctype, fields in CUSTOM_FIELDS.items():
		for field in fields:
			name = frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
			if name:
				frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
		frappe.clear_cache(doctype=doctype)
	for doctype, fieldnames in INDEXED_FIELDS.items():
		for fieldname in fieldnames:
			delete_property_setter(doctype, "search_index", fieldname)
		frappe.clear_cache(doctype=doctype)
		frappe.db.updatedb(doctype)  # drops the index


def remove_roles():
	"""Runs after our doctypes are gone, so no permission rule still names the roles."""
	for role in ROLES:
		frappe.db.delete("Has Role", {"role": role})
		frappe.db.delete("Custom DocPerm", {"role": role})
		if frappe.db.exists("Role", role):
			frappe.delete_doc("Role", role, ignore_permissions=True, force=True)
