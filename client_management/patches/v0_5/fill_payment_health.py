import frappe

from client_management.payment_health import refresh_clients


def execute():
	"""Clients carry their payment health (post model sync: the fields exist): fill it from the ledger
	for every client with a customer; the events that change it and the daily refresh keep it."""
	refresh_clients(frappe.get_all("Client", {"customer": ("is", "set")}, pluck="name", order_by="name"))
