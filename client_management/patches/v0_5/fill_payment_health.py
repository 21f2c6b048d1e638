from client_management.payment_health import clients_with_ledger, refresh_clients


def execute():
	"""Clients carry their payment health: fill it from the ledger for every client with one; the events
	that change it and the daily refresh keep it."""
	refresh_clients(clients_with_ledger())
