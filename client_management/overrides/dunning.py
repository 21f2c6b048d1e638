"""doc_events of Dunning: a follow-up made or cancelled (by the run or by hand in ERPNext) changes its
client's follow-up level in the payment health."""

from frappe.model.document import Document

from client_management.payment_health import refresh_customers


def on_submit(doc: Document, method: str | None = None):
	refresh_customers({doc.customer})


def on_cancel(doc: Document, method: str | None = None):
	refresh_customers({doc.customer})
