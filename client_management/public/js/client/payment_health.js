// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form: the Payment Health section (the client's Client Payment Health, sent with the form
// to users who read it) and its DSO trend, drawn on request for users who also read the ledger.

frappe.provide("client_management.client");

frappe.ui.form.on("Client", {
	refresh(frm) {
		client_management.client.render_payment_health(frm);
		client_management.client.render_dso_trend(frm);
	},
});

client_management.client.render_payment_health = function (frm) {
	const health = frm.doc.__onload?.payment_health;
	frm.toggle_display("payment_health_section", Boolean(health) && !frm.is_new());
	if (!health || frm.is_new()) return;
	const figure = (label, value) =>
		`<div class="col-sm-4 col-6 mb-3"><div class="text-muted small">${label}</div><div class="h6">${value}</div></div>`;
	const days = (value) => __("{0} days", [format_number(value || 0, null, 1)]);
	frm.get_field("payment_health_html").$wrapper.html(`
		<div class="row client-payment-health">
			${figure(__("Outstanding"), format_currency(health.outstanding_amount, health.currency))}
			${figure(__("Overdue"), format_currency(health.overdue_amount, health.currency))}
			${figure(__("DSO (Days)"), days(health.days_sales_outstanding))}
			${figure(__("Average Days Paid Late"), days(health.average_days_late))}
			${figure(__("Last Payment"), health.last_payment_date ? frappe.datetime.str_to_user(health.last_payment_date) : __("None"))}
			${figure(__("Follow-up Level"), health.follow_up_level ? health.follow_up_level : __("None"))}
			${figure(__("Updated On"), health.updated_on ? frappe.datetime.str_to_user(health.updated_on) : __("No invoice yet"))}
		</div>`);
};

client_management.client.render_dso_trend = async function (frm) {
	const allowed =
		!frm.is_new() &&
		Boolean(frm.doc.customer) &&
		Boolean(frm.doc.__onload?.payment_health) &&
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
	const target = wrapper.find(".client-dso-trend")[0];
	client_management.client.draw_when_shown(target, () => new frappe.Chart(target, {
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
	}));
};
