"""doc_events of Personal Data Deletion Request: Frappe's erasure of a person ends with the app's."""

from frappe.model.document import Document

from client_management.privacy.erasure import forget_after_deletion_request


def on_change(doc: Document, method: str | None = None):
	if doc.status == "Deleted" and doc.has_value_changed("status"):
		forget_after_deletion_request(doc.email, doc.name)
