"""The client's owner is also its assignee: Frappe's Assigned To on the client, and the client in
the owner's ToDo list. A new owner takes the assignment over from the previous one."""

import frappe
from frappe import _
from frappe.desk.form import assign_to


def assign_owner(client):
	"""Client.on_update. Other assignments of the client (added by hand) are left alone."""
	before = client.get_doc_before_save()
	previous = before.client_owner if before else None
	if previous == client.client_owner and is_assigned(client, previous):
		return
	if previous and previous != client.client_owner and is_assigned(client, previous):
		assign_to.remove("Client", client.name, previous, ignore_permissions=True)
	if client.client_owner and not is_assigned(client, client.client_owner):
		assign_to.add(
			{
				"assign_to": [client.client_owner],
				"doctype": "Client",
				"name": client.name,
				"description": _("Owner of client {0}").format(client.company_name),
			},
			ignore_permissions=True,  # the client's own save was permission-checked
		)


def is_assigned(client, user: str | None) -> bool:
	return bool(
		user
		and frappe.db.exists(
			"ToDo",
			{
				"reference_type": "Client",
				"reference_name": client.name,
				"allocated_to": user,
				"status": "Open",
			},
		)
	)
