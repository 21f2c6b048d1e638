"""Creating Clients (with their mirrored Customer, Contact, Address) vs ERPNext Customers with the same."""

from contextlib import contextmanager

import frappe
from frappe.contacts.doctype.contact import contact as contact_module
from frappe.utils import random_string

from client_management.benchmarks import compare
from client_management.tests.sample_data import client_values

GOAL = 1.1


def create_clients(count: int):
	for _ in range(count):
		suffix = random_string(6).lower()
		contact = {"first_name": "Anne", "last_name": "Martin", "email": f"anne.{suffix}@example.com"}
		frappe.get_doc(client_values(contacts=[{**contact, "mobile_no": "+33612345678"}])).insert()


def create_customers(count: int):
	"""ERPNext's own path for a customer with a contact and an address: the Customer quick entry, whose
	on_update makes the primary Contact and Address and sets them on the Customer, as our mirror does."""
	for _ in range(count):
		suffix = random_string(6)
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": f"Bench Customer {suffix}",
				"customer_type": "Company",
				"email_id": f"anne.{suffix.lower()}@example.com",
				"mobile_no": "+33612345678",
				"address_line1": "12 rue de la Paix",
				"city": "Paris",
				"pincode": "75002",
				"country": "France",
			}
		).insert()


def run(count: int = 500, rounds: int = 3) -> dict:
	frappe.set_user("Administrator")
	with no_gravatar_lookup():
		return compare(
			f"create {count} clients vs {count} customers with contact and address (quick entry)",
			lambda: create_clients(count),
			lambda: create_customers(count),
			GOAL,
			rounds,
		)


@contextmanager
def no_gravatar_lookup():
	"""Both sides without the gravatar.com request a new Contact makes (Contact.validate), which
	measures the network, not either side: on a machine without one it waits out a 5 s timeout every
	fifty contacts or so. Frappe's imports skip it the same way."""
	lookup = contact_module.has_gravatar
	contact_module.has_gravatar = lambda _email: ""
	try:
		yield
	finally:
		contact_module.has_gravatar = lookup
