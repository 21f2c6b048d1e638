"""Whitelisted methods of the customer portal: the client is always the session user's own."""

from contextlib import contextmanager

import frappe

from client_management.api.statements import respond_with_pdf
from client_management.portal import require_portal_client
from client_management.portal.reminders import reminder_pdf
from client_management.statements import build_statement, check_statement_company


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def download_statement(
	statement_type: str,
	from_date: str | None = None,
	to_date: str | None = None,
	company: str | None = None,
) -> None:
	"""The portal user's own statement as a PDF, from one company the client has transactions in
	(without `company`: the default one of those)."""
	client = require_portal_client()
	company = check_statement_company(frappe.db.get_value("Client", client, "customer"), company or None)
	with ledger_reads_as_system():
		statement = build_statement(client, company, statement_type, from_date or None, to_date or None)
	respond_with_pdf(statement)


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def download_reminder(dunning: str) -> None:
	"""The PDF of one of the portal user's own client's reminders (ERPNext Dunnings)."""
	client = require_portal_client()
	frappe.local.response.filename, frappe.local.response.filecontent = reminder_pdf(client, dunning)
	frappe.local.response.type = "pdf"


@contextmanager
def ledger_reads_as_system():
	"""ERPNext's Accounts Receivable report lists Sales Invoices with desk read rights that a portal
	user does not have. The client here comes from the session, never from input, so the report
	reads as the system for that one client, as ERPNext's scheduled statements do.

	The request's session is not touched: a stand-in session is set for the reads and the original
	object is put back (frappe.set_user would rewrite the live session's sid, data and form_dict)."""
	local = frappe.local
	saved = (local.session, local.role_permissions, local.user_perms, local.cache)
	local.session = frappe._dict(user="Administrator", sid="Administrator", data=frappe._dict())
	local.role_permissions, local.user_perms, local.cache = {}, None, {}
	try:
		yield
	finally:
		local.session, local.role_permissions, local.user_perms, local.cache = saved
