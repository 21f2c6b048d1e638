// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form: the finance panel and the open work panel.

frappe.provide("client_management.client");

client_management.client.render_finance = async function (frm) {
	const wrapper = frm.get_field("finance_html").$wrapper;
	let summary;
	try {
		summary = (await frappe.call({
			method: "client_management.api.client.get_finance_summary",
			type: "GET",
			args: { client: frm.doc.name },
			silent: true,
		})).message;
	} catch (xhr) {
		const message = xhr?.status === 403
			? __("Finance figures need Accounts permissions.")
			: __("The finance figures could not be loaded. Reload the page to try again.");
		wrapper.html(`<p class="text-muted">${message}</p>`);
		return;
	}
	if (!summary.length) {
		wrapper.html(`<p class="text-muted">${__("No invoices yet.")}</p>`);
		return;
	}
	const esc = frappe.utils.escape_html;
	wrapper.html(
		summary
			.map((c) => {
				const money = (value) => format_currency(value, c.currency);
				const overdue = Object.entries(c.overdue)
					.map(([bucket, value]) => `<td>${esc(bucket)}</td><td class="text-right">${money(value)}</td>`)
					.join("</tr><tr>");
				const open_invoices = c.open_invoices
					.map((i) => `<tr><td><a href="/app/sales-invoice/${encodeURIComponent(i.name)}">${esc(i.name)}</a></td><td>${esc(frappe.datetime.str_to_user(i.due_date))}</td><td class="text-right">${format_currency(i.outstanding_amount, i.currency)}</td></tr>`)
					.join("");
				const payments = c.last_payments
					.map((p) => `<li>${esc(frappe.datetime.str_to_user(p.posting_date))}: <a href="/app/payment-entry/${encodeURIComponent(p.name)}">${esc(p.name)}</a> ${format_currency(p.paid_amount, p.currency)}</li>`)
					.join("");
				return `<div class="client-finance" data-company="${esc(c.company)}">
					<h5>${esc(c.company)}</h5>
					<table class="table table-bordered table-sm">
						<tr><td>${__("Billed this fiscal year")}</td><td class="text-right">${money(c.billed_this_year)}</td></tr>
						<tr><td>${__("Billed, lifetime")}</td><td class="text-right">${money(c.billed_lifetime)}</td></tr>
						<tr><td>${__("Outstanding")}</td><td class="text-right">${money(c.outstanding)}</td></tr>
						<tr><td>${__("Balance in {0}", [esc(c.company_currency)])}</td><td class="text-right">${format_currency(c.outstanding_company_currency, c.company_currency)}</td></tr>
						<tr><td>${__("Available credit")}</td><td class="text-right">${money(c.available_credit)}</td></tr>
					</table>
					<h6>${__("Overdue, days past due")}</h6>
					<table class="table table-bordered table-sm"><tr>${overdue}</tr></table>
					<h6>${__("Last payments")}</h6><ul>${payments || `<li class="text-muted">${__("None")}</li>`}</ul>
					<h6>${__("Open invoices")}</h6>
					<table class="table table-bordered table-sm client-open-invoices">
						<tr><th>${__("Invoice")}</th><th>${__("Due Date")}</th><th class="text-right">${__("Outstanding")}</th></tr>
						${open_invoices || `<tr><td colspan="3" class="text-muted">${__("None")}</td></tr>`}
					</table>
					<div class="client-billed-paid-chart"></div>
					<div class="client-ageing-chart"></div>
				</div>`;
			})
			.join("")
	);
	wrapper.find(".client-finance").each((i, element) => finance_charts(element, summary[i]));
};

// Per company: billed vs paid over the last 12 months, and what is due by age (Current = not yet due).
function finance_charts(element, c) {
	const money = (value) => format_currency(value, c.currency);
	new frappe.Chart(element.querySelector(".client-billed-paid-chart"), {
		title: __("Billed vs Paid"),
		type: "bar",
		height: 220,
		animate: 0,
		colors: ["#5e64ff", "#29cd42"],
		axisOptions: { xIsSeries: 1 },
		data: {
			labels: c.monthly.months.map((month) => moment(`${month}-01`).format("MMM YY")),
			datasets: [
				{ name: __("Billed"), values: c.monthly.billed },
				{ name: __("Paid"), values: c.monthly.paid },
			],
		},
		tooltipOptions: { formatTooltipY: money },
	});
	new frappe.Chart(element.querySelector(".client-ageing-chart"), {
		title: __("Outstanding by age (days past due)"),
		type: "bar",
		height: 220,
		animate: 0,
		colors: ["#ff5858"],
		data: {
			labels: [__("Current"), ...Object.keys(c.overdue)],
			datasets: [{ name: __("Outstanding"), values: [c.current, ...Object.values(c.overdue)] }],
		},
		tooltipOptions: { formatTooltipY: money },
	});
}

client_management.client.render_open_work = async function (frm) {
	const { message: work } = await frappe.call({
		method: "client_management.api.client.get_open_work",
		type: "GET",
		args: { client: frm.doc.name },
	});
	const esc = frappe.utils.escape_html;
	const todos = work.todos
		.map((t) => `<li><a href="/app/todo/${encodeURIComponent(t.name)}">${esc(frappe.utils.html2text(t.description || ""))}</a> · ${esc(t.allocated_to || "")}</li>`)
		.join("");
	const tasks = work.tasks
		.map((t) => `<li><a href="/app/task/${encodeURIComponent(t.name)}">${esc(t.subject)}</a> · ${esc(t.project)} · ${esc(__(t.status))} · ${cint(t.progress)}%</li>`)
		.join("");
	frm.get_field("open_work_html").$wrapper.html(
		`<h6>${__("Open To Dos")}</h6><ul>${todos || `<li class="text-muted">${__("None")}</li>`}</ul>
		<h6>${__("Open Tasks of Projects")}</h6><ul>${tasks || `<li class="text-muted">${__("None")}</li>`}</ul>`
	);
};
