"""Creating Clients (with their mirrored Customer, Contact, Address) vs ERPNext Customers with the same."""

import frappe
from frappe.utils import random_string

from client_management.benchmarks import compare
from client_management.tests.factories import client_values

GOAL = 1.2


def create_clients(count: int):
	for _ in range(count):
		frappe.get_doc(client_values()).insert()


def create_customers(count: int):
	"""What an ERPNext user does by hand: a Customer, then a Contact and an Address linked to it."""
	for _ in range(count):
		suffix = random_string(6)
		customer = frappe.get_doc(
			{"doctype": "Customer", "customer_name": f"Bench Customer {suffix}", "customer_type": "Company"}
		).insert()
		link = [{"link_doctype": "Customer", "link_name": customer.name}]
		frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Anne",
				"last_name": "Martin",
				"email_ids": [{"email_id": f"anne.{suffix.lower()}@example.com", "is_primary": 1}],
				"links": link,
			}
		).insert()
		frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": customer.name,
				"address_type": "Billing",
				"address_line1": "12 rue de la Paix",
				"city": "Paris",
				"pincode": "75002",
				"country": "France",
				"links": link,
			}
		).insert()


def run(count: int = 500, rounds: int = 3) -> dict:
	frappe.set_user("Administrator")
	return compare(
		f"create {count} clients vs {count} customers+contact+address",
		lambda: create_clients(count),
		lambda: create_customers(count),
		GOAL,
		rounds,
	)
