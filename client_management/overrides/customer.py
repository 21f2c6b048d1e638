"""doc_events of Customer."""

from frappe.model.document import Document

from client_management.mirror.customer import block_drift
from client_management.portal.gate import check_customer_merge, check_customer_portal_users


def validate(doc: Document, method: str | None = None):
	block_drift(doc)
	check_customer_portal_users(doc)


def before_rename(
	doc: Document, method: str | None = None, old: str = "", new: str = "", merge: bool = False
):
	check_customer_merge(old, new, merge)
