import frappe

from client_management.constants import ADDRESS_PARTS, REQUIRED_ADDRESS_PARTS
from client_management.mirror.customer import drop_customer_link, save_as_mirror, set_link, write_links


def address_values(client, prefix: str) -> dict:
	return {part: client.get(prefix + part) for part in ADDRESS_PARTS}


def sync_addresses(client, customer):
	"""Billing Address, and a Shipping Address when it differs. Returns the billing Address document."""
	billing = address_values(client, "")
	separate_shipping = not client.shipping_same_as_billing
	billing_address = write_address(
		client, customer.name, "billing_address", billing, "Billing", is_shipping=not separate_shipping
	)
	shipping = address_values(client, "shipping_") if separate_shipping else None
	write_address(client, customer.name, "shipping_address", shipping, "Shipping", is_shipping=True)
	return billing_address


def write_address(
	client, customer: str, link_field: str, values: dict | None, address_type: str, is_shipping: bool
):
	"""Create, update or drop the Address the Client points to through `link_field`; return it."""
	current = client.get(link_field)
	if not values or not all(values.get(part) for part in REQUIRED_ADDRESS_PARTS):
		if current:
			set_link(client, link_field, None)
			write_links(client)  # before the Address goes: the client no longer points at it
			drop_address(current, customer)
		return None

	values = {
		**values,
		"address_title": client.company_name,
		"address_type": address_type,
		"is_primary_address": int(address_type == "Billing"),
		"is_shipping_address": int(is_shipping),
	}
	address = frappe.get_doc("Address", current) if current else frappe.new_doc("Address")
	if address.is_new() or any((address.get(k) or None) != (v or None) for k, v in values.items()):
		address.update(values)
		if not address.has_link("Customer", customer):
			address.append("links", {"link_doctype": "Customer", "link_name": customer})
		save_as_mirror(address)
	if current != address.name:
		set_link(client, link_field, address.name)
	return address


def drop_address(name: str, customer: str):
	"""Delete an Address we no longer need; keep it (unlinked) if documents still point at it."""
	frappe.db.savepoint("drop_address")
	try:
		frappe.delete_doc("Address", name, ignore_permissions=True)
		frappe.db.release_savepoint("drop_address")
	except frappe.LinkExistsError:
		frappe.db.rollback(save_point="drop_address")
		address = frappe.get_doc("Address", name)
		drop_customer_link(address, customer)
		save_as_mirror(address)
