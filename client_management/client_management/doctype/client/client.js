// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt

frappe.ui.form.on("Client", {
	refresh(frm) {
		if (frm.doc.customer) {
			frm.add_custom_button(__("Customer"), () => frappe.set_route("Form", "Customer", frm.doc.customer), __("View"));
			add_create_menu(frm);
			render_finance(frm);
			render_open_work(frm);
		}
		if (frm.doc.status === "Incomplete" && frm.doc.missing_fields) {
			frm.dashboard.set_headline(
				__("This client is incomplete. Missing or invalid: {0}", [frappe.utils.escape_html(frm.doc.missing_fields)]),
				"orange"
			);
		}
	},

	async validate(frm) {
		if (frm.duplicates_confirmed) {
			return;
		}
		const { message: candidates } = await frappe.call({
			method: "client_management.api.client.find_duplicates",
			args: { doc: frm.doc },
		});
		if (candidates && candidates.length) {
			frappe.validated = false;
			show_duplicates(frm, candidates);
		}
	},

	after_save(frm) {
		frm.duplicates_confirmed = false;
	},
});

function show_duplicates(frm, candidates) {
	const blocking = candidates.some((c) => c.blocking);
	const may_confirm = !blocking || frappe.user.has_role("Client Manager");
	const rows = candidates
		.map(
			(c) => `<tr>
				<td><a href="${encodeURI(c.url)}" target="_blank">${frappe.utils.escape_html(c.client)}</a></td>
				<td>${frappe.utils.escape_html(c.company_name)}</td>
				<td>${cint(c.score)}</td>
				<td>${c.reasons.map((r) => frappe.utils.escape_html(r)).join(", ")}</td>
			</tr>`
		)
		.join("");
	const dialog = new frappe.ui.Dialog({
		title: blocking ? __("Duplicate Client") : __("Possible Duplicates"),
		fields: [
			{
				fieldtype: "HTML",
				fieldname: "candidates",
				options: `<p>${
					blocking
						? __("Another client has the same tax ID / VAT number. Only a Client Manager can save it anyway.")
						: __("These clients look similar. Save anyway?")
				}</p>
				<table class="table table-bordered duplicate-candidates">
					<thead><tr><th>${__("Client")}</th><th>${__("Company")}</th><th>${__("Score")}</th><th>${__("Why")}</th></tr></thead>
					<tbody>${rows}</tbody>
				</table>`,
			},
		],
		primary_action_label: may_confirm ? __("Save Anyway") : __("Close"),
		primary_action() {
			dialog.hide();
			if (!may_confirm) {
				return;
			}
			frm.duplicates_confirmed = true;
			if (blocking) {
				frm.doc.duplicate_confirmed = 1;
			}
			frm.save();
		},
	});
	dialog.show();
}

// --- Create menu: ERPNext's own documents, prefilled for the client's customer

function add_create_menu(frm) {
	const customer = frm.doc.customer;
	const create = (label, doctype, values) => {
		if (frappe.model.can_create(doctype)) {
			frm.add_custom_button(label, () => frappe.new_doc(doctype, values), __("Create"));
		}
	};
	create(__("Deal"), "Opportunity", { opportunity_from: "Customer", party_name: customer });
	create(__("Project"), "Project", { customer });
	create(__("Estimate"), "Quotation", { quotation_to: "Customer", party_name: customer });
	create(__("Sales Order"), "Sales Order", { customer });
	create(__("Invoice"), "Sales Invoice", { customer });
	if (frappe.model.can_create("Payment Entry")) {
		frm.add_custom_button(__("Payment"), () => payment_dialog(frm), __("Create"));
		frm.add_custom_button(__("Refund"), () => refund_dialog(frm), __("Create"));
	}
	const portal_contact = frm.doc.contacts.find((c) => c.is_primary && c.email) || frm.doc.contacts.find((c) => c.email) || {};
	create(__("Portal User"), "Customer Portal User", { client: frm.doc.name, contact: portal_contact.contact, email: portal_contact.email });
	if (frappe.model.can_read("Statement Log")) { // sending checks create on the server (in_create hides it here)
		frm.add_custom_button(__("Statement"), () => statement_dialog(frm), __("Create"));
	}
	if (frappe.model.can_create("Delivery Note")) {
		frm.add_custom_button(
			__("Customer Return"),
			() => return_dialog(frm, "Delivery Note", "erpnext.stock.doctype.delivery_note.delivery_note.make_sales_return"),
			__("Create")
		);
	}
	if (frappe.model.can_create("Sales Invoice")) {
		frm.add_custom_button(
			__("Credit Memo"),
			() => return_dialog(frm, "Sales Invoice", "erpnext.accounts.doctype.sales_invoice.sales_invoice.make_sales_return"),
			__("Create")
		);
	}
}

function open_unsaved(doc) {
	frappe.model.sync(doc);
	frappe.set_route("Form", doc.doctype, doc.name);
}

function payment_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Payment against Outstanding Invoices"),
		size: "large",
		fields: [
			{
				fieldtype: "Link",
				fieldname: "company",
				label: __("Company"),
				options: "Company",
				reqd: 1,
				default: frappe.defaults.get_user_default("Company"),
				onchange: () => load_invoices(),
			},
			{
				fieldtype: "Table",
				fieldname: "invoices",
				label: __("Outstanding Invoices"),
				cannot_add_rows: true,
				in_place_edit: true,
				data: [],
				fields: [
					{ fieldtype: "Link", fieldname: "invoice", label: __("Invoice"), options: "Sales Invoice", in_list_view: 1, read_only: 1 },
					{ fieldtype: "Date", fieldname: "due_date", label: __("Due Date"), in_list_view: 1, read_only: 1 },
					{ fieldtype: "Float", fieldname: "outstanding_amount", label: __("Outstanding"), in_list_view: 1, read_only: 1 },
					{ fieldtype: "Float", fieldname: "amount", label: __("Amount to Pay"), in_list_view: 1 },
				],
			},
		],
		primary_action_label: __("Create Payment"),
		async primary_action(values) {
			const allocations = {};
			(dialog.fields_dict.invoices.grid.get_selected_children() || []).forEach((row) => {
				allocations[row.invoice] = row.amount || row.outstanding_amount;
			});
			const { message: doc } = await frappe.call({
				method: "client_management.api.client.make_payment",
				args: { client: frm.doc.name, allocations },
			});
			dialog.hide();
			open_unsaved(doc);
		},
	});
	let loaded_for = null;
	async function load_invoices() {
		const company = dialog.get_value("company");
		if (!company || company === loaded_for) return; // set once by default, once by onchange
		loaded_for = company;
		const { message: invoices } = await frappe.call({
			method: "client_management.api.client.get_outstanding_invoices",
			type: "GET",
			args: { client: frm.doc.name, company },
		});
		const table = dialog.fields_dict.invoices;
		table.df.data = invoices.map((inv) => ({
			invoice: inv.name,
			due_date: inv.due_date,
			outstanding_amount: inv.outstanding_amount,
			amount: inv.outstanding_amount,
		}));
		table.grid.refresh();
	}
	dialog.show();
	load_invoices();
}

function refund_dialog(frm) {
	frappe.prompt(
		[{ fieldtype: "Link", fieldname: "company", label: __("Company"), options: "Company", reqd: 1, default: frappe.defaults.get_user_default("Company") }],
		async ({ company }) => {
			const { message: doc } = await frappe.call({
				method: "client_management.api.client.make_refund",
				args: { client: frm.doc.name, company },
			});
			open_unsaved(doc);
		},
		__("Refund Available Credit"),
		__("Create Refund")
	);
}

function return_dialog(frm, doctype, method) {
	frappe.prompt(
		[
			{
				fieldtype: "Link",
				fieldname: "source",
				label: __(doctype),
				options: doctype,
				reqd: 1,
				get_query: () => ({ filters: { customer: frm.doc.customer, docstatus: 1, is_return: 0 } }),
			},
		],
		({ source }) => frappe.model.open_mapped_doc({ method, source_name: source }),
		doctype === "Delivery Note" ? __("Return from a Delivery") : __("Credit Memo for an Invoice"),
		__("Create")
	);
}

// --- Finance and open work panels

async function render_finance(frm) {
	const wrapper = frm.get_field("finance_html").$wrapper;
	let summary;
	try {
		summary = (await frappe.call({
			method: "client_management.api.client.get_finance_summary",
			type: "GET",
			args: { client: frm.doc.name },
			silent: true,
		})).message;
	} catch (e) {
		wrapper.html(`<p class="text-muted">${__("Finance figures need Accounts permissions.")}</p>`);
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
				</div>`;
			})
			.join("")
	);
}

async function render_open_work(frm) {
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
}

// --- Statement dialog: type, dates (statement date today by default), preview, PDF, send

function statement_dialog(frm) {
	const today = frappe.datetime.get_today();
	const dialog = new frappe.ui.Dialog({
		title: __("Account Statement"),
		size: "extra-large",
		fields: [
			{ fieldtype: "Select", fieldname: "statement_type", label: __("Statement Type"), reqd: 1,
				options: ["Balance Forward", "Open Item", "Transaction"].map((v) => ({ value: v, label: __(v) })), default: "Balance Forward" },
			{ fieldtype: "Link", fieldname: "company", label: __("Company"), options: "Company", reqd: 1,
				default: frappe.defaults.get_user_default("Company") },
			{ fieldtype: "Column Break" },
			{ fieldtype: "Date", fieldname: "statement_date", label: __("Statement Date"), reqd: 1, default: today },
			{ fieldtype: "Date", fieldname: "from_date", label: __("Start Date"), default: frappe.datetime.month_start(),
				depends_on: "eval:doc.statement_type != 'Open Item'" },
			{ fieldtype: "Date", fieldname: "to_date", label: __("End Date"), default: today,
				depends_on: "eval:doc.statement_type != 'Open Item'" },
			{ fieldtype: "Section Break" },
			{ fieldtype: "Button", fieldname: "apply", label: __("Apply"), click: () => preview() },
			{ fieldtype: "HTML", fieldname: "preview" },
		],
		primary_action_label: __("Send Statement"),
		async primary_action() {
			const args = statement_args();
			if (!args) return;
			const { message: log } = await frappe.call({
				method: "client_management.api.statements.send",
				args,
				freeze: true,
				freeze_message: __("Sending statement"),
			});
			dialog.hide();
			frappe.show_alert({ message: __("Statement sent and logged in {0}", [log]), indicator: "green" });
			frm.reload_doc();
		},
		secondary_action_label: __("Download PDF"),
		secondary_action() {
			const args = statement_args();
			if (args) {
				window.open(`/api/method/client_management.api.statements.download?${new URLSearchParams(args)}`);
			}
		},
	});
	function statement_args() {
		const values = dialog.get_values();
		return values && { client: frm.doc.name, ...values };
	}
	async function preview() {
		const args = statement_args();
		if (!args) return;
		const { message: html } = await frappe.call({
			method: "client_management.api.statements.preview",
			type: "GET",
			args,
		});
		dialog.fields_dict.preview.$wrapper.html(html);
	}
	dialog.show();
}
