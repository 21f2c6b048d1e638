// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form: the Payment Health section (its figures are fields, read-only, kept by the server)
// and its DSO trend, drawn on request for users who read the figures and the ledger (Accounts roles).

frappe.provide("client_management.client");

frappe.ui.form.on("Client", {
	refresh(frm) {
		client_management.client.render_dso_trend(frm);
	},
});

client_management.client.render_dso_trend = async function (frm) {
	const allowed =
		!frm.is_new() &&
		Boolean(frm.doc.customer) &&
		frappe.perm.has_perm("Client", 1, "read") &&
		frappe.model.can_read("GL Entry") &&
		frappe.model.can_read("Payment Entry");
	frm.toggle_display("dso_trend_section", allowed);
	if (!allowed) return;
	const wrapper = frm.get_field("dso_trend_html").$wrapper;
	let trend;
	try {
		trend = (await frappe.call({
			method: "client_management.api.payment_health.get_dso_trend",
			type: "GET",
			args: { client: frm.doc.name },
			silent: true,
		})).message;
	} catch (xhr) {
		wrapper.html(`<p class="text-muted">${__("The DSO trend could not be loaded. Reload the page to try again.")}</p>`);
		return;
	}
	wrapper.html(`<div class="client-dso-trend"></div>`);
	new frappe.Chart(wrapper.find(".client-dso-trend")[0], {
		title: __("DSO, last 12 months (days)"),
		type: "line",
		height: 220,
		animate: 0,
		colors: ["#ECAD4B"],
		axisOptions: { xIsSeries: 1 },
		lineOptions: { regionFill: 1, dotSize: 4 },
		data: {
			labels: trend.months.map((month) => moment(`${month}-01`).format("MMM YY")),
			datasets: [{ name: __("DSO (Days)"), values: trend.dso }],
		},
		tooltipOptions: { formatTooltipY: (value) => __("{0} days", [format_number(value, null, 1)]) },
	});
};
