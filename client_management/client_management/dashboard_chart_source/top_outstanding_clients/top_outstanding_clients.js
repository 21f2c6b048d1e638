// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt

frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Top Outstanding Clients"] = {
	method: "client_management.client_management.dashboard_chart_source.top_outstanding_clients.top_outstanding_clients.get",
	filters: [],
};
