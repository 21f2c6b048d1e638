"""doc_events of Opportunity."""

from frappe.model.document import Document

from client_management.won_deals import on_opportunity_change


def on_change(doc: Document, method: str | None = None):
	on_opportunity_change(doc)
