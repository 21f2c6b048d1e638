"""Whitelisted methods of the customer portal: the client is always the session user's own."""

from contextlib import contextmanager

import frappe

import erpnext

from client_management.api.statements import respond_with_pdf
from client_management.portal import require_portal_client
from client_management.statements import build_statement


@frappe.whitelist(methods=["GET"])
def download_statement(statement_type: str, from_date: str | None = None, to_date: str | None = None) -> None:
	"""The portal user's own statement as a PDF."""
	client = require_portal_client()
	company = erpnext.get_default_company()
	with as_system_user():
		statement = build_statement(client, company, statement_type, from_date or None, to_date or None)
	respond_with_pdf(statement)


@contextmanager
def as_system_user():
	"""ERPNext's ledger reports check desk permissions a portal user does not have. The client here
	comes from the session, never from input, so the report runs as the system, as ERPNext's own
	scheduled statements do, and only for that client."""
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		yield
	finally:
		frappe.set_user(user)
