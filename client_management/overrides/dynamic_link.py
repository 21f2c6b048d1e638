"""doc_events of Dynamic Link (a Contact's or Address's links), written as a row of its own."""

from frappe.model.document import Document

from client_management.portal.gate import check_contact_link


def validate(doc: Document, method: str | None = None):
	check_contact_link(doc)
