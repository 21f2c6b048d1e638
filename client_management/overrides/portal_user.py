"""doc_events of Portal User (ERPNext's portal users of a Customer), written as a row of its own."""

from frappe.model.document import Document

from client_management.portal.gate import check_portal_user_row


def validate(doc: Document, method: str | None = None):
	check_portal_user_row(doc)


def on_trash(doc: Document, method: str | None = None):
	check_portal_user_row(doc, removing=True)
