"""doc_events of Company: a company made after install gets the default follow-up levels the others got
at install. A failure is logged, never in the way of the company's own save."""

import frappe
from frappe import _
from frappe.model.document import Document

from client_management.setup.follow_ups import create_follow_up_levels


def after_insert(doc: Document, method: str | None = None):
	frappe.db.savepoint("follow_up_levels")
	try:
		create_follow_up_levels()
	except Exception:
		frappe.db.rollback(save_point="follow_up_levels")
		frappe.log_error(title=_("Follow-up levels not made for company {0}").format(doc.name))
