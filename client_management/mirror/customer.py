import frappe
from frappe import _
from frappe.contacts.doctype.address.address import render_address
from frappe.utils import get_link_to_form

# Customer field -> Client field. The single list of what the Client owns on its Customer.
CUSTOMER_FIELDS = {
	"customer_name": "company_name",
	"customer_type": "client_type",
	"customer_group": "customer_group",
	"territory": "territory",
	"default_currency": "default_currency",
	"default_price_list": "default_price_list",
	"payment_terms": "payment_terms",
	"account_manager": "client_owner",
	"website": "website",
	"industry": "industry",
}
# Written from the Client too, but not a plain copy of one field.
DERIVED_CUSTOMER_FIELDS = ("tax_id", "client", "customer_primary_contact", "customer_primary_address")


def customer_values(client) -> dict:
	values = {target: client.get(source) for target, source in CUSTOMER_FIELDS.items()}
	values["tax_id"] = client.tax_id or client.vat_number
	values["client"] = client.name
	return values


def sync_customer(client):
	values = customer_values(client)
	if client.customer:
		customer = frappe.get_doc("Customer", client.customer)
		if any(customer.get(field) != value for field, value in values.items()):
			customer.update(values)
			save_as_mirror(customer)
		return customer

	customer = frappe.new_doc("Customer")
	customer.update(values)
	save_as_mirror(customer)
	client.db_set("customer", customer.name, update_modified=False)
	return customer


def save_as_mirror(doc):
	"""Mirror records follow the Client; the Client's own save was permission-checked."""
	doc.flags.from_client = True
	doc.flags.ignore_permissions = True
	doc.save()


def write_primaries(customer, primary_contact: str | None, billing_address: str | None):
	values = {}
	if customer.customer_primary_contact != primary_contact:
		contact = (
			frappe.db.get_value("Contact", primary_contact, ["email_id", "mobile_no"], as_dict=True) or {}
		)
		values.update(
			customer_primary_contact=primary_contact,
			email_id=contact.get("email_id"),
			mobile_no=contact.get("mobile_no"),
		)
	if customer.customer_primary_address != billing_address:
		values.update(
			customer_primary_address=billing_address,
			primary_address=render_address(billing_address, check_permissions=False)
			if billing_address
			else None,
		)
	if values:
		customer.db_set(values)


def block_drift(customer, method=None):
	"""Customer.validate: fields the Client owns may only change through the Client."""
	before = customer.get_doc_before_save()
	if customer.flags.from_client or not before:
		return
	owned = [*CUSTOMER_FIELDS, "tax_id", "client"] if before.client else ["client"]
	changed = [
		customer.meta.get_label(f) for f in owned if (customer.get(f) or None) != (before.get(f) or None)
	]
	if changed:
		client = before.client or customer.client
		frappe.throw(
			_("{0} of this customer are managed by Client {1}: edit the client instead.").format(
				", ".join(changed), get_link_to_form("Client", client) if client else ""
			),
			title=_("Managed by Client"),
		)
