"""doc_events of Journal Entry: a journal entry against customers changes their clients' payment
health."""

from frappe.model.document import Document

from client_management.follow_ups.hold import lift_holds_of_customers
from client_management.payment_health import refresh_customers


def customers_of(doc: Document) -> set[str]:
	return {row.party for row in doc.accounts if row.party_type == "Customer" and row.party}


def on_submit(doc: Document, method: str | None = None):
	refresh_customers(customers_of(doc))
	lift_holds_of_customers(customers_of(doc))


def on_cancel(doc: Document, method: str | None = None):
	refresh_customers(customers_of(doc))
