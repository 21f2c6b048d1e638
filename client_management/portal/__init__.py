"""The customer portal: who a portal user is, and the one client whose data they may see."""

import frappe

PORTAL_ROLE = "Customer"


def is_portal_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	# runs in every permission check of a portal doctype: the cached User row, not a query each time
	return user == "Guest" or frappe.get_cached_value("User", user, "user_type") == "Website User"


def portal_client(user: str | None = None) -> str | None:
	"""The client of an active portal user; None for anyone else (Guest, revoked, inactive)."""
	user = user or frappe.session.user
	if user == "Guest":
		return None
	return frappe.db.get_value("Customer Portal User", {"user": user, "enabled": 1}, "client")


def require_portal_client() -> str:
	"""The session user's own client, or a PermissionError: the client never comes from input."""
	client = portal_client()
	if not client:
		raise frappe.PermissionError(frappe._("Log in as an active portal user of a client."))
	return client


def deny_portal_users():
	"""Desk methods are not for portal users, even on their own client."""
	if is_portal_user():
		raise frappe.PermissionError(frappe._("Not available in the customer portal."))
