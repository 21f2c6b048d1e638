"""Whitelisted methods of the Client form's Credit Memo and Customer Return popups. Thin: the rules are
`finance.returns`. `action` is what the popup's button asks: "form" (the unsaved document, for ERPNext's
form), "draft" or "submit" (submitted when the user may submit it, else a draft)."""

import json

import frappe

from client_management.api.client import client_for
from client_management.finance.payments import popup_result
from client_management.finance.returns import check_source, returnable_lines
from client_management.finance.returns import make_credit_memo as credit_memo
from client_management.finance.returns import make_customer_return as customer_return


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def get_returnable_lines(client: str, doctype: str, source: str) -> list[dict]:
	"""The lines of the client's submitted invoice or delivery `source` left to return, with their
	quantity; for users who may make its return."""
	customer = client_for(client).customer
	check_source(customer, doctype, source)
	frappe.has_permission(doctype, "create", throw=True)
	return returnable_lines(customer, doctype, source)


@frappe.whitelist(methods=["POST"])
def make_credit_memo(
	client: str,
	lines: str | list,
	action: str,
	invoice: str | None = None,
	company: str | None = None,
	posting_date: str | None = None,
) -> dict:
	"""A credit memo of the client, against its `invoice` (lines [{row, qty}]) or without one (lines
	[{item_code, description, qty, rate}] in `company`)."""
	customer = client_for(client).customer
	frappe.has_permission("Sales Invoice", "create", throw=True)
	memo = credit_memo(customer, parse(lines), invoice, company, posting_date, action)
	return popup_result(memo, action)


@frappe.whitelist(methods=["POST"])
def make_customer_return(
	client: str,
	lines: str | list,
	action: str,
	delivery_note: str | None = None,
	company: str | None = None,
	posting_date: str | None = None,
) -> dict:
	"""A return of the client: against its `delivery_note` (lines [{row, qty}]), or of services without
	one, a credit memo (lines [{item_code, description, qty, rate}] in `company`)."""
	customer = client_for(client).customer
	frappe.has_permission("Delivery Note" if delivery_note else "Sales Invoice", "create", throw=True)
	doc = customer_return(customer, parse(lines), delivery_note, company, posting_date, action)
	return popup_result(doc, action)


def parse(lines: str | list) -> list[dict]:
	return json.loads(lines) if isinstance(lines, str) else lines
