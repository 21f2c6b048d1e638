"""doc_events shared by the ERPNext documents that carry a client, keyed in hooks.py by the tuple of
constants.CLIENT_DOCTYPES (validate) and of its sales documents, SALES_DOCTYPES (before_validate)."""

from frappe.model.document import Document

from client_management.clients.billing_defaults import set_default_items
from client_management.clients.links import set_client, set_invoice_recipient
from client_management.follow_ups.hold import refuse_when_on_hold


def validate(doc: Document, method: str | None = None):
	set_client(doc)
	refuse_when_on_hold(doc)


def before_validate(doc: Document, method: str | None = None):
	set_invoice_recipient(doc)
	set_default_items(doc)
