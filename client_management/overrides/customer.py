"""doc_events of Customer."""

from frappe.model.document import Document

from client_management.mirror.customer import block_drift


def validate(doc: Document, method: str | None = None):
	block_drift(doc)
