"""Permission hooks of our doctypes.

Portal users read none of them through the desk API (REST, reportview, get_value, getdoc,
printview): the portal page serves their own client from server code. Desk users are left to their
roles (None); v15 needs an explicit False to deny."""

import frappe
from frappe.model.db_query import DatabaseQuery

from client_management.portal import is_portal_user


def portal_users_denied(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	"""has_permission of Client and Statement Log."""
	return False if is_portal_user(user) else None


def client_query(user: str | None = None) -> str:
	return "1=0" if is_portal_user(user) else ""


def statement_log_query(user: str | None = None) -> str:
	return "1=0" if is_portal_user(user) else ""


def client_contact_query(user: str | None = None) -> str:
	return parent_rows_query("Client Contact", "Client", user)


def client_account_query(user: str | None = None) -> str:
	return parent_rows_query("Client Account", "Client", user)


def statement_log_recipient_query(user: str | None = None) -> str:
	return parent_rows_query("Statement Log Recipient", "Statement Log", user)


def parent_rows_query(child_doctype: str, parent_doctype: str, user: str | None = None) -> str:
	"""Rows of a child table only of the parents the user may read.

	v15 checks a child table's list reads (`?parent=`, reportview, get_value with `parent`) against
	the parent's role permissions only, never against its query conditions, user permissions or
	shares: this applies the parent's own list conditions to its rows."""
	user = user or frappe.session.user
	if is_portal_user(user):
		return "1=0"
	if user == "Administrator":
		return ""
	parents = DatabaseQuery(parent_doctype, user=user)
	try:
		match = parents.build_match_conditions()
	except frappe.PermissionError:
		return "1=0"
	conditions = " and ".join(filter(None, [*parents.conditions, match]))  # conditions: shares only
	if not conditions:
		return ""  # reads every parent: no need for a subquery
	table, parent_table = f"`tab{child_doctype}`", f"`tab{parent_doctype}`"  # our doctypes, not input
	# conditions: Frappe's own list conditions for the parent, values escaped by DatabaseQuery
	return (
		f"{table}.`parenttype` = {frappe.db.escape(parent_doctype)} and {table}.`parent` in "
		f"(select {parent_table}.`name` from {parent_table} where {conditions})"  # nosec B608
	)
