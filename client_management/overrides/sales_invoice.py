"""doc_events of Sales Invoice (what it shares with the other documents of a client: transaction.py)."""

from frappe.model.document import Document

from client_management.follow_ups.hold import lift_holds_of_customers
from client_management.payment_health import refresh_customers


def on_submit(doc: Document, method: str | None = None):
	refresh_customers({doc.customer})  # returns are Sales Invoices too
	if doc.is_return:  # a credit note settles what it returns against
		lift_holds_of_customers({doc.customer})


def on_cancel(doc: Document, method: str | None = None):
	refresh_customers({doc.customer})
	lift_holds_of_customers({doc.customer})
