"""Clients out, in the import sheet's format: export -> import round-trips."""

import frappe

from client_management.imports.columns import CLIENT_COLUMNS, CONTACT_COLUMNS
from client_management.imports.sheets import header


def export_rows(filters: dict | None = None) -> list[list[str]]:
	rows = [header()]
	for name in frappe.get_list("Client", filters=filters or {}, pluck="name", order_by="name asc"):
		doc = frappe.get_doc("Client", name)
		contacts = sorted(doc.contacts, key=lambda row: (not row.is_primary, row.idx))
		row = [
			doc.name if column.key == "client_number" else doc.get(column.fieldname)
			for column in CLIENT_COLUMNS
		]
		for column in CONTACT_COLUMNS:
			contact = contacts[column.contact] if column.contact < len(contacts) else None
			row.append(contact.get(column.fieldname) if contact else "")
		rows.append(["" if value is None else str(value) for value in row])
	return rows
