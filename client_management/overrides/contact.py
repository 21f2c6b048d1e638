"""doc_events of Contact."""

from frappe.model.document import Document

from client_management.mirror.pull import check_new_client_contact, pull_contact
from client_management.portal.gate import check_contact_login


def on_update(doc: Document, method: str | None = None):
	pull_contact(doc)


def validate(doc: Document, method: str | None = None):
	check_new_client_contact(doc)
	check_contact_login(doc)
