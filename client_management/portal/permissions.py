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
	return client_rows_query("Client Contact", user)


def client_account_query(user: str | None = None) -> str:
	return client_rows_query("Client Account", user)


def client_rows_query(child_doctype: str, user: str | None = None) -> str:
	"""Rows of a Client child table only of the clients the user may read.

	v15 checks a child table's list reads (`?parent=`, reportview, get_value with `parent`) against
	the parent's role permissions only, never against its query conditions, user permissions or
	shares: this applies the Client's own list conditions to its rows."""
	user = user or frappe.session.user
	if is_portal_user(user):
		return "1=0"
	if user == "Administrator":
		return ""
	clients = DatabaseQuery("Client", user=user)
	try:
		match = clients.build_match_conditions()
	except frappe.PermissionError:
		return "1=0"
	conditions = " and ".join(filter(None, [*clients.conditions, match]))  # conditions: shares only
	if not conditions:
		return ""  # reads every client: no need for a subquery
	table = f"`tab{child_doctype}`"  # one of the two doctypes above, not user input
	# conditions: Frappe's own list conditions for Client, values escaped by DatabaseQuery
	return (
		f"{table}.`parenttype` = 'Client' and {table}.`parent` in "
		f"(select `tabClient`.`name` from `tabClient` where {conditions})"  # nosec B608
	)
