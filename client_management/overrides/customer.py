"""doc_events of Customer, and its class (`override_doctype_class`)."""

from frappe.model.document import Document

from erpnext.selling.doctype.customer.customer import Customer

from client_management.mirror.customer import block_drift, held_customer_values
from client_management.portal.gate import check_customer_merge, check_customer_portal_users


def validate(doc: Document, method: str | None = None):
	block_drift(doc)
	check_customer_portal_users(doc)


def before_rename(
	doc: Document, method: str | None = None, old: str = "", new: str = "", merge: bool = False
):
	check_customer_merge(old, new, merge)


class ClientCustomer(Customer):
	"""ERPNext's Customer; loaded while its Client's save holds it (`mirror.customer.customer_at_hand`),
	it is a copy of the one held instead of a read of the database."""

	def load_from_db(self):
		held = None if self.flags.for_update else held_customer_values(self.name)
		if held is None:
			return super().load_from_db()
		super(Document, self).__init__(held)  # as Document.load_from_db fills itself, children included
		return self
