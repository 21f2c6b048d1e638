"""doc_events of Task."""

from frappe.model.document import Document

from client_management.clients.links import set_task_client


def validate(doc: Document, method: str | None = None):
	set_task_client(doc)
