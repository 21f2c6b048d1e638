"""Chart source "Top Outstanding Clients": the ten clients' customers that owe the most.

Not cached (Frappe's `cache_source` keeps one result per chart for every caller): each call reads the
caller's own submitted Sales Invoices through `frappe.get_list`, so roles and User Permissions hold."""

import frappe
from frappe import _
from frappe.utils import flt

TOP = 10


@frappe.whitelist(methods=["GET", "POST"])
def get(
	chart_name: str | None = None,
	chart: str | dict | None = None,
	no_cache: int | None = None,
	filters: str | dict | list | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
	refresh: int | None = None,
) -> dict | None:
	"""Chart data as the desk's chart widget asks for it (only the caller's permissions count)."""
	rows = frappe.get_list(  # raises PermissionError without read on Sales Invoice
		"Sales Invoice",
		filters={"docstatus": 1, "client": ("is", "set")},
		fields=["customer", "max(customer_name) as customer_name", "sum(outstanding_amount) as outstanding"],
		group_by="customer",
		order_by="outstanding desc",
		limit_page_length=TOP,
	)
	rows = [row for row in rows if flt(row.outstanding) > 0]
	if not rows:
		return None  # the widget shows its "no data" state
	return {
		"labels": [row.customer_name or row.customer for row in rows],
		"datasets": [{"name": _("Outstanding"), "values": [flt(row.outstanding, 2) for row in rows]}],
	}
