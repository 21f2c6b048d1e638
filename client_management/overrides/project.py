"""doc_events of Project: keep Client.project_count and its tasks' client in step."""

from frappe.model.document import Document

from client_management.clients.links import link_project_tasks, update_project_counts


def on_update(doc: Document, method: str | None = None):
	before = doc.get_doc_before_save()
	customers = {doc.customer, before.customer if before else None}
	update_project_counts(customers)
	if before and before.client != doc.client:
		link_project_tasks([doc.name], doc.client)


def after_delete(doc: Document, method: str | None = None):
	update_project_counts({doc.customer})
