from contextlib import contextmanager

from jinja2 import TemplateSyntaxError

import frappe
from frappe import _
from frappe.contacts.doctype.address.address import get_address_templates, render_address
from frappe.query_builder import DocType
from frappe.utils import get_link_to_form

from client_management.clients.links import link_existing_documents
from client_management.constants import CLIENT_STATUS
from client_management.mirror.accounts import party_accounts, sync_party_accounts

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
DERIVED_CUSTOMER_FIELDS = (
	"tax_id",
	"client",
	"disabled",
	"customer_primary_contact",
	"customer_primary_address",
)


def customer_values(client) -> dict:
	values = {target: client.get(source) for target, source in CUSTOMER_FIELDS.items()}
	values["tax_id"] = client.tax_id or client.vat_number
	values["client"] = client.name
	values["disabled"] = int(
		client.status == CLIENT_STATUS.inactive
	)  # an Inactive client takes no new transactions
	return values


def sync_customer(client):
	values = customer_values(client)
	if client.customer:
		customer = frappe.get_doc("Customer", client.customer)
		if customer.client and customer.client != client.name:
			frappe.throw(
				_("Customer {0} belongs to client {1}.").format(customer.name, customer.client),
				title=_("Customer Taken"),
			)
		adopted = customer.client != client.name
		changed = any(customer.get(field) != value for field, value in values.items())
		if sync_party_accounts(client, customer) or changed:
			customer.update(values)
			save_as_mirror(customer)
		if adopted:  # an existing customer: its documents now belong to the client
			link_existing_documents(customer.name, client.name)
		return customer

	customer = frappe.new_doc("Customer")
	customer.update(values)
	sync_party_accounts(client, customer)
	save_as_mirror(customer)
	set_link(client, "customer", customer.name)
	client.flags.customer_made = True  # no ledger yet: nothing to read for its payment health
	return customer


def set_link(doc, fieldname: str, value: str | None):
	"""Record a mirror's name on the Client (or a contact row) without re-running its save: set now,
	written by `write_links` (a client's together, once its mirror is synced)."""
	doc.set(fieldname, value)
	doc.flags.setdefault("links_to_write", {})[fieldname] = value


def write_links(*docs):
	"""The links `set_link` recorded, in one update per document. No cache to clear: the Client's save
	clears its document cache after on_update (Document.clear_cache), and a contact row has none."""
	for doc in docs:
		if links := doc.flags.pop("links_to_write", None):
			table = DocType(doc.doctype)
			update = frappe.qb.update(table).where(table.name == doc.name)
			for fieldname, value in links.items():
				update = update.set(table[fieldname], value)
			update.run()


def drop_customer_link(doc, customer: str):
	"""Remove a Contact's or Address's link to `customer`, keeping its other links."""
	doc.set(
		"links",
		[link for link in doc.links if not (link.link_doctype == "Customer" and link.link_name == customer)],
	)


def save_as_mirror(doc, in_import: bool = False):
	"""Mirror records follow the Client; the Client's own save was permission-checked.
	`in_import`: saved as Frappe's Data Import saves (see `as_data_import`)."""
	doc.flags.from_client = True
	doc.flags.ignore_permissions = True
	with as_data_import(in_import):
		doc.save()


@contextmanager
def as_data_import(importing: bool = True):
	"""Frappe's `in_import` flag, set as Data Import sets it, for the saves inside; restored after.
	A new Contact then skips the gravatar.com lookup, one HTTP request per contact, which would
	dominate an import of thousands of clients."""
	before = frappe.flags.in_import
	frappe.flags.in_import = before or importing
	try:
		yield
	finally:
		frappe.flags.in_import = before


@contextmanager
def customer_at_hand(customer):
	"""Within: the Customer just synced is what `frappe.get_doc` gives for its name (a copy, made by
	`overrides.customer.ClientCustomer`). Its Contacts and Addresses are saved within: Frappe's
	`set_link_title` loads every linked document to read its title, and would load the Customer again
	from the database (itself and its five child tables) for each of them, although nothing but the
	Client's save, holding it, has written it since."""
	held = frappe.flags.setdefault("customers_at_hand", {})
	before = held.get(customer.name)
	held[customer.name] = customer
	try:
		yield
	finally:
		if before is None:
			held.pop(customer.name, None)
		else:
			held[customer.name] = before


def held_customer_values(name) -> dict | None:
	"""The values of a Customer held by `customer_at_hand`, as loading it would give them."""
	held = (frappe.flags.customers_at_hand or {}).get(name) if isinstance(name, str) else None
	return held.as_dict() if held is not None and not held.is_new() else None


@contextmanager
def merging_clients():
	"""The Client's own merge moves its Customer's history: the one merge a client's Customer takes."""
	before = frappe.flags.merging_clients
	frappe.flags.merging_clients = True
	try:
		yield
	finally:
		frappe.flags.merging_clients = before


def in_client_merge() -> bool:
	return bool(frappe.flags.merging_clients)


def write_primaries(customer, primary_contact, billing_address):
	"""The Customer's primary contact and address, with the e-mail, mobile and address text ERPNext
	shows from them (from the documents just synced)."""
	values = {}
	contact_name = primary_contact.name if primary_contact else None
	if customer.customer_primary_contact != contact_name:
		values.update(
			customer_primary_contact=contact_name,
			email_id=primary_contact.email_id if primary_contact else None,
			mobile_no=primary_contact.mobile_no if primary_contact else None,
		)
	address_name = billing_address.name if billing_address else None
	if customer.customer_primary_address != address_name:
		values.update(
			customer_primary_address=address_name,
			primary_address=address_display(billing_address.as_dict()) if billing_address else None,
		)
	if values:
		frappe.db.set_value("Customer", customer.name, values)
		customer.update(values)


def address_display(address: dict) -> str:
	"""The address as ERPNext shows it on the Customer (render_address), its country's template found
	and compiled once per job or request: Frappe does both again for every address, which an import
	pays on every row."""
	if not hasattr(frappe.local, "client_address_templates"):
		frappe.local.client_address_templates = {}
	templates = frappe.local.client_address_templates
	country = address.get("country")
	if country not in templates:
		templates[country] = compiled(get_address_templates(address)[1])
	if not templates[country]:
		return render_address(address)
	return templates[country].render(address)


def compiled(template: str):
	"""The compiled template, or None for one Frappe refuses (unsafe or broken): render_address then
	says why."""
	if ".__" in template:
		return None
	try:
		return frappe.get_jenv().from_string(template)
	except TemplateSyntaxError:
		return None


def block_drift(customer):
	"""Customer.validate: fields the Client owns may only change through the Client."""
	before = customer.get_doc_before_save()
	if customer.flags.from_client:
		return
	if not before:
		if customer.client:  # a new Customer claiming a client: only the client's own save makes one
			refuse_drift([customer.meta.get_label("client")], customer.client)
		return
	owned = [*CUSTOMER_FIELDS, *DERIVED_CUSTOMER_FIELDS] if before.client else ["client"]
	changed = [
		customer.meta.get_label(f) for f in owned if (customer.get(f) or None) != (before.get(f) or None)
	]
	if before.client and party_accounts(customer) != party_accounts(before):
		changed.append(customer.meta.get_label("accounts"))
	if changed:
		refuse_drift(changed, before.client or customer.client)


def refuse_drift(labels: list[str], client: str | None):
	frappe.throw(
		_("{0} of this customer are managed by Client {1}: edit the client instead.").format(
			", ".join(labels), get_link_to_form("Client", client) if client else ""
		),
		title=_("Managed by Client"),
	)
