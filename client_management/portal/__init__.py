"""The customer portal: who a portal user is, and the one client whose data they may see."""

import frappe

PORTAL_ROLE = "Customer"
PORTAL_USER_MEMO = "client_management:portal_user"  # in frappe.local.cache: user -> is_portal_user


def is_portal_user(user: str | None = None) -> bool:
	"""Guest, any user who is not a System User, and anyone ever given portal access (a Customer
	Portal User row): a portal user later given a desk role by mistake still reads no client
	through the desk API."""
	user = user or frappe.session.user
	if user == "Guest":
		return True
	if user == "Administrator":
		return False
	cache = frappe.local.cache.setdefault(PORTAL_USER_MEMO, {})
	if user not in cache:
		# runs in every permission check of our doctypes: once a request per user (forgotten when the
		# User is saved, see forget_portal_user)
		cache[user] = frappe.get_cached_value("User", user, "user_type") != "System User" or bool(
			frappe.db.exists("Customer Portal User", {"user": user})
		)
	return cache[user]


def forget_portal_user(user: str):
	"""User.on_update: its roles, hence its type, may have changed since is_portal_user answered."""
	frappe.local.cache.get(PORTAL_USER_MEMO, {}).pop(user, None)


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
