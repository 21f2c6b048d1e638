// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form: payment against ticked invoices, refund, returns and credit memos.

frappe.provide("client_management.client");

client_management.client.open_unsaved = function (doc) {
	frappe.model.sync(doc);
	frappe.set_route("Form", doc.doctype, doc.name);
};

client_management.client.payment_dialog = function (frm) {
	const today = frappe.datetime.get_today();
	const dialog = new frappe.ui.Dialog({
		title: __("Payment against Outstanding Invoices"),
		size: "large",
		fields: [
			company_field(() => load()),
			{ fieldtype: "Column Break" },
			{ fieldtype: "Date", fieldname: "posting_date", label: __("Payment Date"), reqd: 1, default: today },
			{ fieldtype: "Section Break" },
			{
				fieldtype: "Link",
				fieldname: "mode_of_payment",
				label: __("Mode of Payment"),
				options: "Mode of Payment",
				reqd: 1,
				get_query: () => ({ filters: { enabled: 1 } }),
			},
			{ fieldtype: "Column Break" },
			{ fieldtype: "Data", fieldname: "reference_no", label: __("Reference No") },
			{ fieldtype: "Date", fieldname: "reference_date", label: __("Reference Date"), default: today },
			{ fieldtype: "Section Break" },
			ticked_table("invoices", __("Outstanding Invoices"), [
				{ fieldtype: "Link", fieldname: "invoice", label: __("Invoice"), options: "Sales Invoice", in_list_view: 1, read_only: 1 },
				{ fieldtype: "Date", fieldname: "due_date", label: __("Due Date"), in_list_view: 1, read_only: 1 },
				{ fieldtype: "Float", fieldname: "outstanding_amount", label: __("Outstanding"), in_list_view: 1, read_only: 1 },
				{ fieldtype: "Float", fieldname: "amount", label: __("Amount to Pay"), in_list_view: 1 },
			]),
		],
		primary_action_label: __("Save Payment"),
		async primary_action(values) {
			const allocations = {};
			ticked(dialog, "invoices").forEach((row) => (allocations[row.invoice] = row.amount));
			const { message: payment } = await frappe.call({
				method: "client_management.api.client.make_payment",
				args: {
					client: frm.doc.name,
					allocations,
					mode_of_payment: values.mode_of_payment,
					posting_date: values.posting_date,
					reference_no: values.reference_no,
					reference_date: values.reference_date,
				},
				freeze: true,
			});
			dialog.hide();
			const link = frappe.utils.get_form_link("Payment Entry", payment.name, true);
			frappe.show_alert(
				payment.docstatus === 1
					? { message: __("Payment {0} submitted.", [link]), indicator: "green" }
					: { message: __("Payment {0} saved as a draft: you may not submit payments.", [link]), indicator: "orange" },
				15
			);
			frm.reload_doc();
		},
	});
	const load = table_loader(dialog, "invoices", "client_management.api.client.get_outstanding_invoices", frm, (inv) => ({
		invoice: inv.name,
		due_date: inv.due_date,
		outstanding_amount: inv.outstanding_amount,
		amount: inv.outstanding_amount,
	}));
	dialog.show();
	load();
};

client_management.client.refund_dialog = function (frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Refund Available Credit"),
		size: "large",
		fields: [
			company_field(() => load()),
			ticked_table("credits", __("Available Credits"), [
				{ fieldtype: "Link", fieldname: "voucher_type", label: __("Type"), options: "DocType", read_only: 1 },
				{ fieldtype: "Dynamic Link", fieldname: "voucher_no", label: __("Credit"), options: "voucher_type", in_list_view: 1, columns: 3, read_only: 1 },
				{ fieldtype: "Date", fieldname: "posting_date", label: __("Date"), in_list_view: 1, read_only: 1 },
				{ fieldtype: "Float", fieldname: "credit", label: __("Available"), in_list_view: 1, read_only: 1 },
				{ fieldtype: "Float", fieldname: "amount", label: __("Amount to Refund"), in_list_view: 1, columns: 3 },
			]),
		],
		primary_action_label: __("Create Refund"),
		async primary_action(values) {
			const credits = {};
			ticked(dialog, "credits").forEach((row) => (credits[row.voucher_no] = row.amount));
			const { message: doc } = await frappe.call({
				method: "client_management.api.client.make_refund",
				args: { client: frm.doc.name, company: values.company, credits },
			});
			dialog.hide();
			client_management.client.open_unsaved(doc);
		},
	});
	const load = table_loader(dialog, "credits", "client_management.api.client.get_available_credits", frm, (credit) => ({
		...credit,
		amount: credit.credit,
	}));
	dialog.show();
	load();
};

function company_field(onchange) {
	return {
		fieldtype: "Link",
		fieldname: "company",
		label: __("Company"),
		options: "Company",
		reqd: 1,
		default: frappe.defaults.get_user_default("Company"),
		onchange,
	};
}

// Rows are chosen by ticking; the grid's add and delete buttons are hidden.
function ticked_table(fieldname, label, fields) {
	return { fieldtype: "Table", fieldname, label, cannot_add_rows: true, cannot_delete_rows: true, in_place_edit: true, data: [], fields };
}

function ticked(dialog, fieldname) {
	return dialog.fields_dict[fieldname].grid.get_selected_children() || [];
}

// Fills the table with the rows of `method` for the chosen company, once per company.
function table_loader(dialog, fieldname, method, frm, to_row) {
	let loaded_for = null;
	return async function () {
		const company = dialog.get_value("company");
		if (!company || company === loaded_for) return; // set once by default, once by onchange
		loaded_for = company;
		const { message: rows } = await frappe.call({ method, type: "GET", args: { client: frm.doc.name, company } });
		const table = dialog.fields_dict[fieldname];
		table.df.data = rows.map(to_row);
		table.grid.refresh();
	};
}

client_management.client.return_dialog = function (frm, doctype, method) {
	const credit_memo = doctype === "Sales Invoice"; // a credit memo may also have no source invoice
	const without_invoice = {
		fieldtype: "Check",
		fieldname: "without_invoice",
		label: __("Without an Invoice"),
		description: __("A standalone credit note: enter the returned items with negative quantities."),
	};
	frappe.prompt(
		[
			...(credit_memo ? [without_invoice] : []),
			{
				fieldtype: "Link",
				fieldname: "source",
				label: __(doctype),
				options: doctype,
				reqd: credit_memo ? 0 : 1,
				depends_on: "eval:!doc.without_invoice",
				mandatory_depends_on: "eval:!doc.without_invoice",
				get_query: () => ({ filters: { customer: frm.doc.customer, docstatus: 1, is_return: 0 } }),
			},
		],
		(values) =>
			values.without_invoice
				? frappe.new_doc("Sales Invoice", { customer: frm.doc.customer }, (doc) => (doc.is_return = 1)) // no_copy: not a route option
				: frappe.model.open_mapped_doc({ method, source_name: values.source }),
		credit_memo ? __("Credit Memo") : __("Return from a Delivery"),
		__("Create")
	);
};
