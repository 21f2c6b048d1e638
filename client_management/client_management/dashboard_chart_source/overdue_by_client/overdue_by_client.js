// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt

frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Overdue by Client"] = {
	method: "client_management.client_management.dashboard_chart_source.overdue_by_client.overdue_by_client.get",
	filters: [],
};
