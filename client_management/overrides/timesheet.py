"""doc_events of Timesheet."""

from frappe.model.document import Document

from client_management.clients.billing_defaults import set_default_activity_types


def before_validate(doc: Document, method: str | None = None):
	set_default_activity_types(doc)
