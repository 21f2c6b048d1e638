"""doc_events of Payment Entry."""

from frappe.model.document import Document

from client_management.follow_ups.hold import lift_holds_of_customers
from client_management.payment_health import refresh_customers


def on_submit(doc: Document, method: str | None = None):
	if doc.party_type == "Customer":
		refresh_customers({doc.party})
		lift_holds_of_customers({doc.party})


def on_cancel(doc: Document, method: str | None = None):
	if doc.party_type == "Customer":
		refresh_customers({doc.party})
