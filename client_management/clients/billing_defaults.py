"""A client's default fee type: what its customer's new work is billed as.

Two ERPNext concepts, one per kind of document:

* timesheets bill an **Activity Type** (its billing rate, or the employee's Activity Cost), so a time
  log of the client's project (or of a timesheet for the client's customer) with no activity type
  gets the client's `default_activity_type`;
* quotations, sales orders and sales invoices bill an **Item**, so an item row with no item code gets
  the client's `default_item` (the service), and ERPNext fills in its name, UOM, accounts and price.

The one rule for the doc_events, the form scripts' API and anything else that asks."""

import frappe
from frappe.model.document import Document

from client_management.clients.links import customer_of

NO_DEFAULTS = {"activity_type": None, "item_code": None}


def defaults_for_client(client: str | None) -> dict:
	"""{"activity_type", "item_code"}: the client's default fee type, None where it has none."""
	if not client:
		return dict(NO_DEFAULTS)
	values = frappe.db.get_value("Client", client, ["default_activity_type", "default_item"], as_dict=True)
	if not values:
		return dict(NO_DEFAULTS)
	return {"activity_type": values.default_activity_type, "item_code": values.default_item}


def defaults_for_customer(customer: str | None) -> dict:
	"""The default fee type of the customer's client (a customer without a client has none)."""
	client = customer and frappe.db.get_value("Customer", customer, "client")
	return defaults_for_client(client)


def defaults_for_project(project: str | None) -> dict:
	"""The default fee type of the client of the project's customer."""
	if not project:
		return dict(NO_DEFAULTS)
	values = frappe.db.get_value("Project", project, ["client", "customer"], as_dict=True)
	if not values:
		return dict(NO_DEFAULTS)
	if values.client:  # derived from the customer on every save (client_links.set_client)
		return defaults_for_client(values.client)
	return defaults_for_customer(values.customer)


def is_editable(doc: Document) -> bool:
	"""New documents and drafts; a submitted or cancelled document keeps what it was billed as."""
	return doc.is_new() or doc.docstatus == 0


def set_default_activity_types(doc: Document) -> None:
	"""Timesheet: every time log without an activity type gets its client's default: the client of
	the row's project (or of its task's project), else of the timesheet's customer. ERPNext's
	validate then prices it (Activity Cost of the employee, else the Activity Type's rates)."""
	if not is_editable(doc):
		return
	by_project: dict[str | None, str | None] = {}
	for row in doc.get("time_logs") or []:
		if row.activity_type:
			continue
		project = row.project or (row.task and frappe.db.get_value("Task", row.task, "project"))
		if project not in by_project:
			source = defaults_for_project(project) if project else defaults_for_customer(doc.get("customer"))
			by_project[project] = source["activity_type"]
		if by_project[project]:
			row.activity_type = by_project[project]


def rows_taking_default_item(rows: list) -> list:
	"""The item rows billed as the client's default service item: those with no item code (typed with
	only a description, quantity and rate); rows with an item keep it. The save and the form ask here."""
	return [row for row in rows if not row.get("item_code")]


def set_default_items(doc: Document) -> None:
	"""before_validate of Quotation, Sales Order and Sales Invoice: the item rows of a client's customer
	that take its default service item get it."""
	if not is_editable(doc):
		return
	rows = rows_taking_default_item(doc.get("items") or [])
	if not rows:
		return
	item_code = defaults_for_customer(customer_of(doc))["item_code"]
	if not item_code:
		return
	for row in rows:
		row.item_code = item_code
