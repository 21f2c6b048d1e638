"""Whitelisted methods of import and export."""

import frappe

from client_management.imports.exporter import export_rows
from client_management.imports.sheets import template_rows, to_csv, to_xlsx
from client_management.portal import deny_portal_users


@frappe.whitelist(methods=["GET"])
def download_template(format: str = "xlsx") -> None:
	"""The import template with an example row (and, in .xlsx, a sheet of instructions)."""
	deny_portal_users()
	frappe.has_permission("Client Import", "create", throw=True)
	respond_with_sheet("client-import-template", template_rows(), format, with_instructions=True)


@frappe.whitelist(methods=["GET"])
def export_clients(format: str = "xlsx") -> None:
	"""The clients the user may read, with contacts and address, in the import format."""
	deny_portal_users()
	frappe.has_permission("Client", "export", throw=True)
	respond_with_sheet("clients", export_rows(), format)


def respond_with_sheet(name: str, rows: list[list], format: str, with_instructions: bool = False):
	if format not in ("xlsx", "csv"):
		frappe.throw(frappe._("Format must be xlsx or csv."), title=frappe._("Invalid Format"))
	frappe.local.response.filename = f"{name}.{format}"
	frappe.local.response.filecontent = to_xlsx(rows, with_instructions) if format == "xlsx" else to_csv(rows)
	frappe.local.response.type = "binary"
