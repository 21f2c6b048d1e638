import frappe

from client_management.clients.links import link_existing_documents


def execute():
	"""Fill the `client` field of documents created before it existed."""
	for customer, client in frappe.get_all(
		"Customer", {"client": ("is", "set")}, ["name", "client"], as_list=True
	):
		link_existing_documents(customer, client)
