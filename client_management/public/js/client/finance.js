// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form: the finance panel. The invoice figures for users who may read Sales Invoices; the
// ledger's (balance, credit, payments, billed vs paid) only when the server sent them (Accounts roles).

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
			? __("Finance figures need read access to Sales Invoices.")
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
				const ledger = c.available_credit !== undefined;
				const payments = (c.last_payments || [])
					.map((p) => `<li>${esc(frappe.datetime.str_to_user(p.posting_date))}: <a href="/app/payment-entry/${encodeURIComponent(p.name)}">${esc(p.name)}</a> ${format_currency(p.paid_amount, p.currency)}</li>`)
					.join("");
				const ledger_rows = ledger
					? `<tr><td>${__("Balance in {0}", [esc(c.company_currency)])}</td><td class="text-right">${format_currency(c.outstanding_company_currency, c.company_currency)}</td></tr>
						<tr><td>${__("Available credit")}</td><td class="text-right">${money(c.available_credit)}</td></tr>`
					: "";
				return `<div class="client-finance" data-company="${esc(c.company)}">
					<h5>${esc(c.company)}</h5>
					<table class="table table-bordered table-sm client-finance-figures">
						<tr><td>${__("Billed this fiscal year")}</td><td class="text-right">${money(c.billed_this_year)}</td></tr>
						<tr><td>${__("Billed, lifetime")}</td><td class="text-right">${money(c.billed_lifetime)}</td></tr>
						<tr><td>${__("Outstanding")}</td><td class="text-right">${money(c.outstanding)}</td></tr>
						${ledger_rows}
					</table>
					<h6>${__("Overdue, days past due")}</h6>
					<table class="table table-bordered table-sm"><tr>${overdue}</tr></table>
					${ledger ? `<h6>${__("Last payments")}</h6><ul>${payments || `<li class="text-muted">${__("None")}</li>`}</ul>` : ""}
					<h6>${__("Open invoices")}</h6>
					<table class="table table-bordered table-sm client-open-invoices">
						<tr><th>${__("Invoice")}</th><th>${__("Due Date")}</th><th class="text-right">${__("Outstanding")}</th></tr>
						${open_invoices || `<tr><td colspan="3" class="text-muted">${__("None")}</td></tr>`}
					</table>
					${ledger ? `<div class="client-billed-paid-chart"></div>` : ""}
					<div class="client-ageing-chart"></div>
				</div>`;
			})
			.join("")
	);
	wrapper.find(".client-finance").each((i, element) => finance_charts(element, summary[i]));
};

// Per company: what is due by age (Current = not yet overdue) and, with the ledger, billed vs paid
// over the last 12 months.
// A chart drawn while its tab is hidden gets no width and stays blank: draw it once it has a size
// (the Finance tab's data often arrives while the form shows another tab).
client_management.client.draw_when_shown = function (element, draw) {
	if (element.offsetWidth) return draw();
	const observer = new ResizeObserver(() => {
		if (!element.offsetWidth) return;
		observer.disconnect();
		draw();
	});
	observer.observe(element);
};

function finance_charts(element, c) {
	const money = (value) => format_currency(value, c.currency);
	const chart = (selector, options) => {
		const target = element.querySelector(selector);
		client_management.client.draw_when_shown(target, () => new frappe.Chart(target, options));
	};
	if (c.monthly) {
		chart(".client-billed-paid-chart", {
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
	}
	chart(".client-ageing-chart", {
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
