"""Client is the master: its ERPNext Customer, Contacts and Addresses are mirrors written from it.

`sync_client` runs inside the Client's own save (on_update), so a failure anywhere rolls the whole
save back: no half-written Customer, Contact or Address.
"""

import frappe
from frappe import _

from client_management.mirror.accounts import (
	account_number,
	account_parents,
	add_generated_accounts,
	missing_accounts,
	no_parent_group,
	sync_party_accounts,
)
from client_management.mirror.addresses import sync_addresses
from client_management.mirror.contacts import sync_contacts
from client_management.mirror.customer import (
	customer_at_hand,
	save_as_mirror,
	sync_customer,
	write_links,
	write_primaries,
)
from client_management.utils.settings import create_client_accounts as create_client_accounts_on


def sync_client(client):
	customer = sync_customer(client)
	with customer_at_hand(customer):
		primary_contact = sync_contacts(client, customer)
		billing_address = sync_addresses(client, customer)
	write_links(client, *client.contacts)
	write_primaries(customer, primary_contact, billing_address)


def release_mirror(client):
	"""Detach the Client from its mirror records so they can be deleted (Client.on_trash)."""
	frappe.db.set_value("Client Contact", {"parent": client.name, "parenttype": "Client"}, "contact", None)
	client.db_set(
		{"customer": None, "billing_address": None, "shipping_address": None}, update_modified=False
	)


def create_client_accounts(
	company: str | None = None, clients: list[str] | None = None, dry_run: bool = False, report=print
) -> dict:
	"""Give every existing client its generated account(s), as saving it would; `bench create-client-accounts`."""
	if not create_client_accounts_on():
		frappe.throw(
			_("Turn on Create a Receivable Account for Each Client in Client Management Settings first."),
			title=_("Client Accounts Off"),
		)
	if company and not frappe.db.exists("Company", company):
		frappe.throw(_("There is no company {0}.").format(company), exc=frappe.DoesNotExistError)
	if company and not account_parents().get(company):
		frappe.throw(no_parent_group(company), title=_("No Parent Group"))
	counts = {"created": 0, "failed": 0}
	filters = {"name": ("in", clients)} if clients else {}
	for name in frappe.get_all("Client", filters, pluck="name", order_by="name"):
		client = frappe.get_doc("Client", name)
		missing = missing_accounts(client, company)
		for company_name, parent_account in missing:
			report(
				f"{client.name}\t{company_name}\t{account_number(client.name)}\t{client.company_name}\tunder {parent_account}"
			)
		if not missing or dry_run:
			counts["created"] += len(missing)
			continue
		frappe.db.savepoint("client_accounts")
		try:
			counts["created"] += len(add_generated_accounts(client, company))
			for row in client.accounts:
				row.db_insert() if row.is_new() else row.db_update()
			if client.customer:
				customer = frappe.get_doc("Customer", client.customer)
				if sync_party_accounts(client, customer):
					save_as_mirror(customer)
		except frappe.ValidationError as error:
			frappe.db.rollback(save_point="client_accounts")
			frappe.clear_last_message()
			counts["failed"] += 1
			report(f"{client.name}\tnot created: {error}")
	return counts
