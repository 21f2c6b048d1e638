"""Whitelisted method of the clients' payment health: the finance tab's DSO trend. The figures are
Client Payment Health records, read through Frappe's own permissions."""

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
