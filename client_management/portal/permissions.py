"""Permission hooks: a portal user reads only their own client's records. Desk users are left to
their roles (None); a portal user gets an explicit False for anything else, as v15 requires."""

import frappe

from client_management.portal import is_portal_user, portal_client

READ_ONLY = ("read", "print")


def client_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	if not is_portal_user(user):
		return None
	return ptype in READ_ONLY and doc.name == portal_client(user)


def statement_log_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	if not is_portal_user(user):
		return None
	return ptype in READ_ONLY and doc.client == portal_client(user)


def client_query(user: str | None = None) -> str:
	return own_client_condition("`tabClient`.`name`", user)


def statement_log_query(user: str | None = None) -> str:
	return own_client_condition("`tabStatement Log`.`client`", user)


def own_client_condition(column: str, user: str | None) -> str:
	if not is_portal_user(user):
		return ""
	client = portal_client(user)
	return f"{column} = {frappe.db.escape(client)}" if client else "1=0"
