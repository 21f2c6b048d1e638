"""Frappe's `dashboard_chart.get`, overridden (`override_whitelisted_methods` in hooks) so that a
chart's data is always its caller's own."""

import frappe
from frappe.desk.doctype.dashboard_chart import dashboard_chart


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
	"""v15 keeps one result per chart in the cache, for every caller: asked without `refresh`, it
	returns what the last caller could count (all clients by lead source, say), to anyone, portal
	users included, with no permission check. The desk's chart widget always asks with refresh=1:
	so do we, and the list query behind the chart applies the caller's permissions."""
	if not chart_name:  # a chart given whole (the user profile's) is never cached
		return dashboard_chart.get(chart=chart, no_cache=1)
	return dashboard_chart.get(
		chart_name=chart_name,
		filters=filters,
		from_date=from_date,
		to_date=to_date,
		timespan=timespan,
		time_interval=time_interval,
		heatmap_year=heatmap_year,
		refresh=1,
	)
