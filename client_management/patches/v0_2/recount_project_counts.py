"""Project Count of every client, recounted: clients that adopted a customer with projects, or
were merged, kept an old count before the count followed adoption and merges."""

import frappe

from client_management.clients.links import update_project_counts


def execute():
	update_project_counts(set(frappe.get_all("Client", {"customer": ("is", "set")}, pluck="customer")))
