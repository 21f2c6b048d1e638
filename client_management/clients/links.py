"""The `client` field on ERPNext documents: derived from the document's customer, one rule for all."""

import frappe
from frappe import _
from frappe.contacts.doctype.contact.contact import get_contact_details
from frappe.model.document import Document

from client_management.constants import CLIENT_DOCTYPES


def customer_of(doc) -> str | None:
	carrier = CLIENT_DOCTYPES[doc.doctype]
	if carrier.party_type and doc.get(carrier.party_type) != "Customer":
		return None
	return doc.get(carrier.party)


def party_customer(opp) -> str | None:
	"""The ERPNext Customer the opportunity's party is, or has become (ordering a Lead's quotation)."""
	if opp.opportunity_from == "Customer":
		return opp.party_name
	party_field = {"Lead": "lead_name", "Prospect": "prospect_name"}.get(opp.opportunity_from)
	customer = frappe.db.get_value("Customer", {party_field: opp.party_name}) if party_field else None
	return customer or frappe.db.get_value("Customer", {"opportunity_name": opp.name})


def set_client(doc: Document):
	"""validate of every doctype of CLIENT_DOCTYPES: the client follows the customer; a client typed in
	that is not the customer's is refused."""
	customer = customer_of(doc)
	if not customer:
		return  # e.g. an Opportunity of a Lead: its client is set when the deal is won
	client = frappe.db.get_value("Customer", customer, "client")
	chosen = doc.get("client") if (doc.is_new() or doc.has_value_changed("client")) else None
	if chosen and chosen != client:
		frappe.throw(
			_("Client {0} does not match customer {1}, whose client is {2}.").format(
				chosen, customer, client
			),
			title=_("Wrong Client"),
		)
	doc.client = client


def set_invoice_recipient(doc: Document):
	"""before_validate of Quotation, Sales Order and Sales Invoice: a new document of a client's
	customer with no contact chosen is addressed to the client's invoice recipient (ERPNext would
	fill in the customer's primary contact)."""
	if not doc.is_new() or doc.get("contact_person"):
		return
	customer = customer_of(doc)
	client = customer and frappe.db.get_value("Customer", customer, "client")
	contact = client and frappe.db.get_value(
		"Client Contact", {"parenttype": "Client", "parent": client, "is_billing_contact": 1}, "contact"
	)
	if contact and frappe.has_permission("Contact", "read", contact):
		details = get_contact_details(contact)
		doc.update({field: value for field, value in details.items() if doc.meta.has_field(field)})


def link_existing_documents(customer: str, client: str | None):
	"""Point every document of `customer` at `client` (a customer just adopted, or the backfill patch),
	and the tasks of its projects."""
	for doctype in CLIENT_DOCTYPES:
		frappe.db.set_value(
			doctype, customer_filters(doctype, customer), "client", client, update_modified=False
		)
	link_project_tasks(frappe.get_all("Project", customer_filters("Project", customer), pluck="name"), client)


def set_task_client(doc: Document):
	"""validate of Task (which has a project, not a customer): a project's task is the project's
	client's, and a client typed in that is not the project's is refused; a task without a project
	keeps the client chosen for it."""
	if not doc.project:
		return
	client = frappe.db.get_value("Project", doc.project, "client")
	chosen = doc.get("client") if (doc.is_new() or doc.has_value_changed("client")) else None
	if chosen and chosen != client:
		frappe.throw(
			_("Client {0} does not match project {1}, whose client is {2}.").format(
				chosen, doc.project, client
			)
			if client
			else _("Project {0} belongs to no client: its tasks cannot name one.").format(doc.project),
			title=_("Wrong Client"),
		)
	doc.client = client


def link_project_tasks(projects: list[str], client: str | None):
	"""The tasks of `projects` follow the projects' client (Project.on_update, an adopted customer)."""
	if projects:
		frappe.db.set_value("Task", {"project": ("in", projects)}, "client", client, update_modified=False)


def customer_filters(doctype: str, customer: str) -> dict:
	"""Filters for the documents of `doctype` whose party is `customer`."""
	carrier = CLIENT_DOCTYPES[doctype]
	return {carrier.party: customer, **({carrier.party_type: "Customer"} if carrier.party_type else {})}


def transaction_doctypes() -> list[str]:
	"""The submittable documents of CLIENT_DOCTYPES: a customer's history."""
	return [doctype for doctype in CLIENT_DOCTYPES if frappe.get_meta(doctype).is_submittable]


def update_project_counts(customers: set[str | None]):
	"""The Project Count of the clients of `customers`."""
	for customer in filter(None, customers):
		client = frappe.db.get_value("Customer", customer, "client")
		if client:
			count = frappe.db.count("Project", {"customer": customer})
			frappe.db.set_value("Client", client, "project_count", count, update_modified=False)
