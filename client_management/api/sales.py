"""Whitelisted methods of the Client form's sales popups (Deal, Estimate, Sales Order, Invoice): thin,
permission first (read on the client, create on the document); the rules live in
client_management.sales.documents. The `new_*` methods build the unsaved document: the popup's
defaults, rates and totals, and ERPNext's form for Edit Full Form."""

import json

import frappe

from client_management.api.client import client_for
from client_management.sales import documents


def parsed(values: str | dict | None) -> dict:
	return (json.loads(values) if isinstance(values, str) else values) or {}


def saved(doc) -> dict:
	return {"doctype": doc.doctype, "name": doc.name, "docstatus": doc.docstatus}


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def new_deal(client: str, values: str | dict | None = None) -> dict:
	"""The unsaved Opportunity of the client's customer with the popup's values."""
	doc = client_for(client)
	frappe.has_permission("Opportunity", "create", throw=True)
	return documents.new_deal(doc, parsed(values)).as_dict()


@frappe.whitelist(methods=["POST"])
def save_deal(client: str, values: str | dict) -> dict:
	"""Save the popup's deal (an Opportunity of the client's customer). Returns its name."""
	doc = client_for(client)
	frappe.has_permission("Opportunity", "create", throw=True)
	return saved(documents.save(documents.new_deal(doc, parsed(values))))


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def new_sales_document(client: str, doctype: str, values: str | dict | None = None) -> dict:
	"""The unsaved Quotation, Sales Order or Sales Invoice of the popup's values, with ERPNext's
	rates, taxes and totals."""
	doc = client_for(client)
	documents.check_sales_doctype(doctype)
	frappe.has_permission(doctype, "create", throw=True)
	return documents.new_sales_document(doc, doctype, parsed(values)).as_dict()


@frappe.whitelist(methods=["POST"])
def save_sales_document(client: str, doctype: str, values: str | dict, submit: bool = False) -> dict:
	"""Save the popup's Quotation, Sales Order or Sales Invoice as a draft, or submit it when asked.
	Returns its name and docstatus."""
	doc = client_for(client)
	documents.check_sales_doctype(doctype)
	frappe.has_permission(doctype, "create", throw=True)
	return saved(documents.save(documents.new_sales_document(doc, doctype, parsed(values)), submit))
