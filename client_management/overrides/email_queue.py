"""doc_events of Email Queue."""

from frappe.model.document import Document

from client_management.statements.delivery import log_sent_statement


def after_insert(doc: Document, method: str | None = None):
	log_sent_statement(doc)
