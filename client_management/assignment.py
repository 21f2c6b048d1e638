"""The client's owner is also its assignee: Frappe's Assigned To on the client, and the client in
the owner's ToDo list. A new owner takes the assignment over from the previous one.

The ToDo is written directly, as Frappe's assign_to writes it (ToDo.on_update keeps the client's
Assigned To), without assign_to's notification: an import of thousands of clients must not send as
many e-mails, and the owner chose or was given the client through the client itself."""

import frappe
from frappe import _
from frappe.utils import nowdate


def assign_owner(client):
	"""Client.on_update. Other assignments of the client (added by hand) are left alone."""
	before = client.get_doc_before_save()
	previous = before.client_owner if before else None
	if previous and previous != client.client_owner:
		for todo in open_todos(client, previous):
			cancel = frappe.get_doc("ToDo", todo)
			cancel.status = "Cancelled"
			cancel.save(ignore_permissions=True)  # the client's own save was permission-checked
	if client.client_owner and not open_todos(client, client.client_owner):
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": client.client_owner,
				"reference_type": "Client",
				"reference_name": client.name,
				"description": _("Owner of client {0}").format(client.company_name),
				"status": "Open",
				"priority": "Medium",
				"date": nowdate(),
				"assigned_by": frappe.session.user,
			}
		).insert(ignore_permissions=True)


def open_todos(client, user: str) -> list[str]:
	return frappe.get_all(
		"ToDo",
		{"reference_type": "Client", "reference_name": client.name, "allocated_to": user, "status": "Open"},
		pluck="name",
	)
