from collections import defaultdict

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from client_management.clients.links import link_project_tasks
from client_management.constants.custom_fields import CUSTOM_FIELDS


def execute():
	"""Tasks carry a `client` field: the tasks of the clients' projects get their project's client."""
	create_custom_fields({"Task": CUSTOM_FIELDS["Task"]}, update=True)  # patches run before after_migrate
	projects = defaultdict(list)
	for name, client in frappe.get_all(
		"Project", {"client": ("is", "set")}, ["name", "client"], as_list=True
	):
		projects[client].append(name)
	for client, names in projects.items():
		link_project_tasks(names, client)
