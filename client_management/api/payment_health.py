"""Whitelisted methods of the clients' payment health: the finance tab's DSO trend and the workspace's
"Clients in Follow-up" card. The figures themselves are Client fields (permission level 1)."""

import frappe
from frappe import _

from client_management.api.client import client_for, may_read_ledger
from client_management.payment_health import dso_trend, require_payment_health_access


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def get_dso_trend(client: str) -> dict:
	"""DSO at the end of each of the last 12 months, from the ledger, for users who read the client's
	health figures and the ledger (Accounts roles)."""
	customer = client_for(client).customer
	require_payment_health_access()
	if not may_read_ledger():
		raise frappe.PermissionError(_("The DSO trend needs read access to the ledger and payments."))
	return dso_trend(customer)


@frappe.whitelist(methods=["GET", "POST"])
@frappe.read_only()
def clients_in_follow_up(filters: str | dict | list | None = None) -> dict:
	"""Number card "Clients in Follow-up": the clients the user may read with something overdue."""
	require_payment_health_access()
	count = frappe.get_list(
		"Client", filters=[["overdue_amount", ">", 0]], fields=["count(name) as count"], order_by=None
	)[0].count
	return {
		"value": count,
		"fieldtype": "Int",
		"route": ["List", "Client"],
		"route_options": {"overdue_amount": [">", 0]},
	}
