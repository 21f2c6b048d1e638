// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form: payment against ticked invoices, refund, returns and credit memos.

frappe.provide("client_management.client");

client_management.client.open_unsaved = function (doc) {
	frappe.model.sync(doc);
	frappe.set_route("Form", doc.doctype, doc.name);
};

client_management.client.payment_dialog = function (frm) {
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
			client_management.client.open_unsaved(doc);
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
};

client_management.client.refund_dialog = function (frm) {
	frappe.prompt(
		[{ fieldtype: "Link", fieldname: "company", label: __("Company"), options: "Company", reqd: 1, default: frappe.defaults.get_user_default("Company") }],
		async ({ company }) => {
			const { message: doc } = await frappe.call({
				method: "client_management.api.client.make_refund",
				args: { client: frm.doc.name, company },
			});
			client_management.client.open_unsaved(doc);
		},
		__("Refund Available Credit"),
		__("Create Refund")
	);
};

client_management.client.return_dialog = function (frm, doctype, method) {
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
};
