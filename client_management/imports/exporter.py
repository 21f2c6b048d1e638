"""Clients out, in the import sheet's format: export -> import round-trips.

Bulk reads: one permission-aware list of the clients, then their contact rows a thousand clients
at a time; no document is loaded per client."""

import frappe

from client_management.imports.columns import CLIENT_COLUMNS, CONTACT_COLUMNS
from client_management.imports.sheets import header

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
