"""Whitelisted methods of import and export."""

import frappe

from client_management.imports.exporter import EXPORT_IN_REQUEST_MAX, export_content, export_in_background
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
	check_format(format)
	respond_with(f"clients.{format}", export_content(format))


@frappe.whitelist(methods=["POST"])
def start_export(format: str = "xlsx") -> dict:
	"""The desk's Export: a download at once for up to EXPORT_IN_REQUEST_MAX clients; above, a job
	writes the file and tells the user when it is ready."""
	deny_portal_users()
	frappe.has_permission("Client", "export", throw=True)
	check_format(format)
	count = frappe.get_list("Client", fields=["count(name) as count"])[0].count
	if count <= EXPORT_IN_REQUEST_MAX:
		return {"download": f"/api/method/client_management.api.imports.export_clients?format={format}"}
	frappe.enqueue(
		export_in_background,
		queue="long",
		timeout=1800,
		format=format,
		job_id=f"client_export::{frappe.session.user}::{format}",
		deduplicate=True,
	)
	return {"queued": count}


def respond_with_sheet(name: str, rows: list[list], format: str, with_instructions: bool = False):
	check_format(format)
	content = to_xlsx(rows, with_instructions) if format == "xlsx" else to_csv(rows)
	respond_with(f"{name}.{format}", content)


def check_format(format: str):
	if format not in ("xlsx", "csv"):
		frappe.throw(frappe._("Format must be xlsx or csv."), title=frappe._("Invalid Format"))


def respond_with(filename: str, content: bytes):
	frappe.local.response.filename = filename
	frappe.local.response.filecontent = content
	frappe.local.response.type = "binary"
