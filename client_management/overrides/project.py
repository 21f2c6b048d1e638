"""doc_events of Project: keep Client.project_count and its tasks' client in step."""

import frappe
from frappe.model.document import Document

from client_management.client_links import link_project_tasks


def on_update(doc: Document, method: str | None = None):
	before = doc.get_doc_before_save()
	customers = {doc.customer, before.customer if before else None}
	update_project_counts(customers)
	if before and before.client != doc.client:
		link_project_tasks([doc.name], doc.client)


def after_delete(doc: Document, method: str | None = None):
	update_project_counts({doc.customer})


def update_project_counts(customers: set[str | None]):
	for customer in filter(None, customers):
		client = frappe.db.get_value("Customer", customer, "client")
		if client:
			count = frappe.db.count("Project", {"customer": customer})
			frappe.db.set_value("Client", client, "project_count", count, update_modified=False)
