"""Clients out, in the import sheet's format: export -> import round-trips.

Bulk reads: one permission-aware list of the clients, then their contact rows a thousand clients
at a time; no document is loaded per client."""

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.utils import add_to_date, escape_html, now_datetime
from frappe.utils.file_manager import save_file

from client_management.imports.columns import CLIENT_COLUMNS, CONTACT_COLUMNS
from client_management.imports.sheets import header, to_csv, to_xlsx
from client_management.utils.files import delete_files_older_than, ensure_folder

CHUNK = 1000


def export_rows(filters: dict | None = None) -> list[list[str]]:
	fields = ["name", *(column.fieldname for column in CLIENT_COLUMNS if column.fieldname != "name")]
	clients = frappe.get_list(
		"Client", filters=filters or {}, fields=fields, order_by="name asc", limit_page_length=0
	)
	contacts = contacts_by_client([client.name for client in clients])
	rows = [header()]
	for client in clients:
		row = [client.get(column.fieldname) for column in CLIENT_COLUMNS]
		own = contacts.get(client.name, [])
		for column in CONTACT_COLUMNS:
			contact = own[column.contact] if column.contact < len(own) else None
			row.append(contact.get(column.fieldname) if contact else "")
		rows.append(["" if value is None else str(value) for value in row])
	return rows


def contacts_by_client(clients: list[str]) -> dict[str, list]:
	"""Contact rows of clients already read through the user's permissions: primary first."""
	fields = ["parent", "idx", "is_primary", *{column.fieldname for column in CONTACT_COLUMNS}]
	by_client: dict[str, list] = {}
	for start in range(0, len(clients), CHUNK):
		for row in frappe.get_all(
			"Client Contact",
			filters={"parenttype": "Client", "parent": ("in", clients[start : start + CHUNK])},
			fields=fields,
		):
			by_client.setdefault(row.parent, []).append(row)
	for rows in by_client.values():
		rows.sort(key=lambda row: (not row.is_primary, row.idx))
	return by_client


# Up to this many clients, the desk downloads the export at once; more are written by a job (10,000
# clients take about ten seconds to read and write, a web request should not).
EXPORT_IN_REQUEST_MAX = 2000
EXPORTS_FOLDER = "Home/Client Exports"
EXPORT_KEEP_HOURS = 24


def export_content(format: str) -> bytes:
	rows = export_rows()
	return to_xlsx(rows) if format == "xlsx" else to_csv(rows)


def export_in_background(format: str):
	"""The job: the file of the clients its user (who queued it: Frappe runs a job as that user) may
	read, private to them, offered on their screen and in their notifications."""
	user = frappe.session.user
	file = save_file(
		f"clients-{now_datetime():%Y-%m-%d-%H%M%S}.{format}",
		export_content(format),
		None,
		None,
		folder=ensure_folder(EXPORTS_FOLDER),
		is_private=1,
	)
	link = f'<a href="{escape_html(file.file_url)}">{escape_html(file.file_name)}</a>'
	message = _("Your export of clients is ready: {0}").format(link)
	frappe.publish_realtime("msgprint", message, user=user)
	enqueue_create_notification(
		user,
		{
			"type": "Alert",
			"subject": message,
			"document_type": "File",
			"document_name": file.name,
			"from_user": user,
		},
	)


def delete_old_exports():
	"""Daily: export files are for download, not for keeping on the server."""
	delete_files_older_than(EXPORTS_FOLDER, add_to_date(now_datetime(), hours=-EXPORT_KEEP_HOURS))
