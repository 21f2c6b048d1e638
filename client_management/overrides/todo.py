"""doc_events of ToDo."""

from frappe.model.document import Document

from client_management.clients.assignment import keep_assignment_comment


def validate(doc: Document, method: str | None = None):
	keep_assignment_comment(doc)
