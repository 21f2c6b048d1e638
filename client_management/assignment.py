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
	if client.client_owner and (before is None or not open_todos(client, client.client_owner)):
		todo = frappe.get_doc(
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
		)
		todo.flags.comment_here = True
		todo.insert(ignore_permissions=True)
		if comment := todo.flags.assignment_comment:
			client.add_comment(**comment)


def keep_assignment_comment(todo, method=None):
	"""ToDo.validate, for the owner's ToDo written above: Frappe's "assigned" comment (its own text,
	made by ToDo.validate) is added by `assign_owner` on the client it has in memory. ToDo.on_update
	would load the client again from the database to add it (with this, 500 new clients cost 1.18x
	ERPNext's quick entry of as many customers, against 1.24x before)."""
	if todo.flags.comment_here and todo._assignment:
		todo.flags.assignment_comment, todo._assignment = todo._assignment, None


def open_todos(client, user: str) -> list[str]:
	return frappe.get_all(
		"ToDo",
		{"reference_type": "Client", "reference_name": client.name, "allocated_to": user, "status": "Open"},
		pluck="name",
	)
