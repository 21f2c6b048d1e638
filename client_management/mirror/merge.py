"""Merging two clients (Rename > Merge with existing): the surviving client takes the other's
customer history, contact rows, notes and attachments (its portal users: portal.access). Frappe moves
what links to the merged client (portal users, opportunities, attachments); this moves what it cannot."""

import frappe
from frappe.model.rename_doc import rename_doc

from client_management.clients.links import update_project_counts
from client_management.constants import CONTACT_ROW_PERSONAL_FIELDS
from client_management.mirror.customer import merging_clients

# What a contact row of the merged client brings to the survivor (not its flags: the survivor's stay)
MERGED_ROW_FIELDS = (*CONTACT_ROW_PERSONAL_FIELDS, "contact")


def merge_customers(old_client: str, new_client: str):
	"""Client.before_rename with merge: the customers merge too, so their transactions follow."""
	old_customer = frappe.db.get_value("Client", old_client, "customer")
	new_customer = frappe.db.get_value("Client", new_client, "customer")
	if not old_customer or old_customer == new_customer:
		return
	frappe.db.set_value("Client", old_client, "customer", None, update_modified=False)
	if new_customer:
		# the user's right to rename (merge) clients was checked by Frappe's rename
		with merging_clients():
			rename_doc("Customer", old_customer, new_customer, merge=True, ignore_permissions=True)
	else:
		frappe.db.set_value("Customer", old_customer, "client", new_client)
		frappe.db.set_value("Client", new_client, "customer", old_customer, update_modified=False)


def absorb(survivor, old_client: str):
	"""Client.after_rename with merge, before Frappe deletes the merged client."""
	merged = frappe.get_doc("Client", old_client)
	emails = {row.email for row in survivor.contacts}
	for row in merged.contacts:
		if row.email not in emails:
			survivor.append("contacts", {field: row.get(field) for field in MERGED_ROW_FIELDS})
	if merged.notes:
		survivor.notes = (survivor.notes or "") + merged.notes
	survivor.save()
	update_project_counts({survivor.customer})
