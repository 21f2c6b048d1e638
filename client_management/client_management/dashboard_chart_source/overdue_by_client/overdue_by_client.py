"""Chart source "Overdue by Client": the clients with the most overdue, from their stored payment
health (Client Payment Health, overdue indexed), never recomputed per view.

Not cached (Frappe's `cache_source` keeps one result per chart for every caller): each call lists the
clients the caller may read through `frappe.get_list`, for users who read the health figures."""

import frappe
from frappe import _
from frappe.utils import flt

from client_management.payment_health import HEALTH, require_payment_health_access

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
	require_payment_health_access()
	rows = frappe.get_list(
		HEALTH,
		filters={"overdue_amount": (">", 0)},
		fields=["client", "client_name", "overdue_amount"],
		order_by="overdue_amount desc, client asc",
		limit_page_length=TOP,
	)
	if not rows:
		return None  # the widget shows its "no data" state
	return {
		"labels": [row.client_name or row.client for row in rows],
		"datasets": [{"name": _("Overdue"), "values": [flt(row.overdue_amount, 2) for row in rows]}],
	}
