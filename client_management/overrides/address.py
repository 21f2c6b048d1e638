"""doc_events of Address."""

from frappe.model.document import Document

from client_management.mirror.pull import pull_address


def on_update(doc: Document, method: str | None = None):
	pull_address(doc)
