"""Client is the master: its ERPNext Customer, Contacts and Addresses are mirrors written from it.

`sync_client` runs inside the Client's own save (on_update), so a failure anywhere rolls the whole
save back: no half-written Customer, Contact or Address.
"""

import frappe

from client_management.mirror.addresses import sync_addresses
from client_management.mirror.contacts import sync_contacts
from client_management.mirror.customer import sync_customer, write_primaries


def sync_client(client):
	customer = sync_customer(client)
	primary_contact = sync_contacts(client, customer)
	billing_address = sync_addresses(client, customer)
	write_primaries(customer, primary_contact, billing_address)


def release_mirror(client):
	"""Detach the Client from its mirror records so they can be deleted (Client.on_trash)."""
	frappe.db.set_value("Client Contact", {"parent": client.name, "parenttype": "Client"}, "contact", None)
	client.db_set(
		{"customer": None, "billing_address": None, "shipping_address": None}, update_modified=False
	)
