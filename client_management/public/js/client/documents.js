// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form: the Deal, Estimate, Sales Order and Invoice popups, which save without leaving the
// client. The server builds each document with ERPNext's own functions: the popups show the defaults,
// rates and totals it returns (client_management.api.sales).

frappe.provide("client_management.client");

client_management.client.deal_dialog = function (frm) {
	const method = "client_management.api.sales.new_deal";
	const dialog = new frappe.ui.Dialog({
		title: __("New Deal"),
		fields: [
			{ fieldtype: "Data", fieldname: "title", label: __("Title") },
			{ fieldtype: "Currency", fieldname: "opportunity_amount", label: __("Amount") },
			{ fieldtype: "Date", fieldname: "expected_closing", label: __("Expected Closing Date") },
			{ fieldtype: "Column Break" },
			{ fieldtype: "Link", fieldname: "sales_stage", label: __("Sales Stage"), options: "Sales Stage" },
			{ fieldtype: "Link", fieldname: "source", label: __("Source"), options: "Lead Source" },
			contact_field(frm),
			client_management.client.company_field(),
		],
		primary_action_label: __("Save"),
		primary_action(values) {
			save(frm, dialog, "client_management.api.sales.save_deal", { values }, __("Deal"));
		},
	});
	dialog.add_custom_action(__("Edit Full Form"), () => edit_full_form(frm, dialog, method, { values: dialog.get_values(true) }));
	dialog.show();
	// the server's defaults: the primary contact, ERPNext's first sales stage
	frappe.call({
		method,
		type: "GET",
		args: { client: frm.doc.name, values: dialog.get_values(true) },
		callback: ({ message: deal }) => fill_empty(dialog, deal, ["contact_person", "sales_stage"]),
	});
};

client_management.client.sales_document_dialog = function (frm, doctype) {
	const method = "client_management.api.sales.new_sales_document";
	const { label, date } = {
		Quotation: { label: __("Estimate"), date: { fieldname: "valid_till", label: __("Valid Till") } },
		"Sales Order": { label: __("Sales Order"), date: { fieldname: "delivery_date", label: __("Delivery Date"), reqd: 1 } },
		"Sales Invoice": { label: __("Invoice"), date: { fieldname: "due_date", label: __("Due Date") } },
	}[doctype];
	const from_erpnext = new WeakMap(); // line -> the rate and description ERPNext put in it
	let shown = null; // the values whose totals are shown
	const dialog = new frappe.ui.Dialog({
		title: __("New {0}", [label]),
		size: "extra-large",
		fields: [
			client_management.client.company_field(() => load_defaults()),
			contact_field(frm),
			{
				fieldtype: "Link",
				fieldname: "customer_address",
				label: __("Billing Address"),
				options: "Address",
				get_query: () => ({
					query: "frappe.contacts.doctype.address.address.address_query",
					filters: { link_doctype: "Customer", link_name: frm.doc.customer },
				}),
			},
			{ fieldtype: "Column Break" },
			{ fieldtype: "Date", ...date },
			{
				fieldtype: "Link",
				fieldname: "taxes_and_charges",
				label: __("Sales Taxes and Charges Template"),
				options: "Sales Taxes and Charges Template",
				get_query: () => ({ filters: { company: dialog.get_value("company"), disabled: 0 } }),
				onchange: () => update_totals(),
			},
			{ fieldtype: "Section Break" },
			{
				fieldtype: "Table",
				fieldname: "items",
				label: __("Items"),
				in_place_edit: true,
				data: [{ idx: 1, item_code: frm.doc.default_item, qty: 1 }],
				on_add_row: () => update_totals(),
				fields: [
					{
						fieldtype: "Link",
						fieldname: "item_code",
						label: __("Item"),
						options: "Item",
						reqd: 1,
						in_list_view: 1,
						columns: 2,
						default: frm.doc.default_item, // a new line starts with the client's service item
						get_query: () => ({ query: "erpnext.controllers.queries.item_query", filters: { is_sales_item: 1 } }),
						onchange() {
							Object.assign(this.doc, { rate: null, description: null }); // the new item's
							update_totals();
						},
					},
					{ fieldtype: "Small Text", fieldname: "description", label: __("Description"), in_list_view: 1, columns: 3 },
					{ fieldtype: "Float", fieldname: "qty", label: __("Quantity"), in_list_view: 1, columns: 1, default: 1, onchange: () => update_totals() },
					{ fieldtype: "Currency", fieldname: "rate", label: __("Rate"), in_list_view: 1, columns: 2, onchange: () => update_totals() },
					{ fieldtype: "Currency", fieldname: "amount", label: __("Amount"), in_list_view: 1, columns: 2, read_only: 1 },
				],
			},
			{ fieldtype: "HTML", fieldname: "totals" },
		],
		primary_action_label: __("Save"),
		primary_action: () => save(frm, dialog, "client_management.api.sales.save_sales_document", { doctype, values: values() }, label),
	});
	if (frappe.model.can_submit(doctype)) {
		dialog.set_secondary_action_label(__("Submit"));
		dialog.set_secondary_action(() => {
			if (dialog.get_values()) {
				save(frm, dialog, "client_management.api.sales.save_sales_document", { doctype, values: values(), submit: 1 }, label);
			}
		});
	}
	dialog.add_custom_action(__("Edit Full Form"), () => edit_full_form(frm, dialog, method, { doctype, values: values() }));

	const lines = () => dialog.fields_dict.items.df.data;
	// What the server is sent: a rate or description ERPNext put is sent empty, for ERPNext to put again.
	// Read field by field: the dialog's get_values() redraws an empty mandatory field as it is typed in.
	function values(with_taxes = true) {
		const value = (fieldname) => dialog.get_value(fieldname);
		return {
			company: value("company"),
			contact_person: value("contact_person"),
			customer_address: value("customer_address"),
			[date.fieldname]: value(date.fieldname),
			...(with_taxes ? { taxes_and_charges: value("taxes_and_charges") || "" } : {}), // none: ERPNext's default
			items: lines().map((line) => {
				const put = from_erpnext.get(line) || {};
				return {
					item_code: line.item_code,
					description: line.description === put.description ? null : line.description,
					qty: line.qty,
					rate: line.rate === put.rate ? null : line.rate,
				};
			}),
		};
	}
	// the client's contact and address, ERPNext's taxes and dates for the company, once per company
	let defaults_for = null;
	function load_defaults() {
		if (dialog.get_value("company") === defaults_for) return;
		defaults_for = dialog.get_value("company");
		frappe.call({
			method,
			type: "GET",
			args: { client: frm.doc.name, doctype, values: values(false) },
			callback: async ({ message: doc }) => {
				await fill_empty(dialog, doc, ["contact_person", "customer_address", date.fieldname]);
				await dialog.set_value("taxes_and_charges", doc.taxes_and_charges || "");
				show_totals(doc);
			},
		});
	}
	// The lines' rates and amounts and the totals, as ERPNext computes them, each time the values change.
	const update_totals = frappe.utils.debounce(() => {
		const sent = JSON.stringify(values());
		if (sent === shown) return;
		frappe.call({
			method,
			type: "GET",
			args: { client: frm.doc.name, doctype, values: sent },
			callback: ({ message: doc }) => JSON.stringify(values()) === sent && show_totals(doc), // else newer values come
		});
	}, 300);
	function show_totals(doc) {
		const rows = dialog.fields_dict.items.grid.grid_rows || [];
		lines().forEach((line, i) => {
			const item = doc.items[i];
			if (!item) return;
			const row = rows.find((r) => r.doc === line);
			const put = from_erpnext.get(line) || {};
			const show = (fieldname) => {
				line[fieldname] = item[fieldname];
				row?.refresh_field(fieldname);
			};
			// ERPNext's rate and description where the line has none or has ERPNext's, never under the cursor
			for (const fieldname of ["rate", "description"]) {
				const typing = row?.on_grid_fields_dict[fieldname]?.$input?.is(":focus");
				if (!typing && (!line[fieldname] || line[fieldname] === put[fieldname])) {
					put[fieldname] = item[fieldname];
					show(fieldname);
				}
			}
			show("amount");
			from_erpnext.set(line, put);
		});
		const amount = (value) => format_currency(value, doc.currency);
		dialog.fields_dict.totals.$wrapper.html(`<table class="table table-sm sales-document-totals ml-auto" style="width: auto">
			<tr><td>${__("Net Total")}</td><td class="text-right">${amount(doc.net_total)}</td></tr>
			<tr><td>${__("Taxes and Charges")}</td><td class="text-right">${amount(doc.total_taxes_and_charges)}</td></tr>
			<tr class="font-weight-bold"><td>${__("Grand Total")}</td><td class="text-right grand-total">${amount(doc.grand_total)}</td></tr>
		</table>`);
		shown = JSON.stringify(values());
	}
	// The grid has no hook for deleted lines: each redraw asks for totals (unchanged values ask nothing).
	const grid = dialog.fields_dict.items.grid;
	const refresh = grid.refresh.bind(grid);
	grid.refresh = (...args) => {
		refresh(...args);
		update_totals();
	};
	dialog.show();
	load_defaults();
};


// The client's contacts (their ERPNext Contacts); the server preselects the one the document goes to.
function contact_field(frm) {
	const options = (frm.doc.contacts || [])
		.filter((row) => row.contact)
		.map((row) => ({
			value: row.contact,
			label: frappe.utils.escape_html([row.first_name, row.last_name].filter(Boolean).join(" ") + (row.email ? ` (${row.email})` : "")),
		}));
	return { fieldtype: "Select", fieldname: "contact_person", label: __("Contact"), options: [{ value: "", label: "" }, ...options] };
}

async function fill_empty(dialog, doc, fieldnames) {
	for (const fieldname of fieldnames) {
		if (!dialog.get_value(fieldname) && doc[fieldname]) {
			await dialog.set_value(fieldname, doc[fieldname]);
		}
	}
}

// Saves through `method`; a refusal leaves the dialog open with what was typed (and ERPNext's message).
function save(frm, dialog, method, args, label) {
	frappe.call({
		method,
		args: { client: frm.doc.name, ...args },
		freeze: true,
		callback: ({ message: doc }) => {
			dialog.hide();
			const link = frappe.utils.get_form_link(doc.doctype, doc.name, true);
			let message = __("{0} {1} saved as a draft.", [label, link]);
			if (doc.docstatus === 1) {
				message = __("{0} {1} submitted.", [label, link]);
			} else if (doc.doctype === "Opportunity") {
				message = __("{0} {1} saved.", [label, link]); // a deal is never submitted
			}
			frappe.show_alert({ message, indicator: "green" }, 15);
			frm.reload_doc(); // its connections and finance tab show the new document
		},
	});
}

// ERPNext's form, prefilled with what was typed, for what the popup does not show.
function edit_full_form(frm, dialog, method, args) {
	frappe.call({
		method,
		type: "GET",
		args: { client: frm.doc.name, ...args },
		callback: ({ message: doc }) => {
			dialog.hide();
			client_management.client.open_unsaved(doc);
		},
	});
}
