"""Whitelisted methods of the Client form: thin, permission first, rules live elsewhere."""

import json

import frappe

from client_management.duplicates.finder import find_duplicates as find_duplicate_clients


@frappe.whitelist(methods=["POST"])
def find_duplicates(doc: str | dict) -> list[dict]:
	"""Clients that look like the (unsaved) client `doc`, best first, each with its score and reasons."""
	frappe.has_permission("Client", "read", throw=True)
	values = json.loads(doc) if isinstance(doc, str) else doc
	values = {k: v for k, v in values.items() if not k.startswith("__")}
	values["doctype"] = "Client"
	client = frappe.get_doc(values)
	client.flags.update(allow_incomplete=True, problems=[])  # a check, not a save: skip invalid values
	client.normalize_fields()
	return [
		{**candidate.__dict__, "url": frappe.utils.get_url_to_form("Client", candidate.client)}
		for candidate in find_duplicate_clients(client)
	]
