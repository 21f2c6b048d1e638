"""Frappe's own whitelisted methods, overridden where v15 skips permissions
(`override_whitelisted_methods` in hooks)."""

import frappe
from frappe.utils import get_safe_filters


@frappe.whitelist(methods=["GET", "POST"])
def get_count(
	doctype: str, filters: str | dict | list | None = None, debug: bool = False, cache: bool = False
) -> int:
	"""`frappe.client.get_count`, counted through the permission-aware list query.

	v15's counts every row of any doctype (frappe.db.count): a count of rows matching a filter
	spells out data its caller cannot read, child rows and our clients' contacts included.
	Counted as the list would show them: role and user permissions, shares and query conditions."""
	rows = frappe.get_list(
		doctype, filters=get_safe_filters(filters), fields=["count(*) as total"], as_list=True
	)
	return rows[0][0] if rows else 0
