"""doc_events of User."""

from frappe.model.document import Document

from client_management.portal import forget_portal_user


def on_update(doc: Document, method: str | None = None):
	forget_portal_user(doc.name)
