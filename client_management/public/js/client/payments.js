// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form: payment against ticked invoices; the refund, credit memo and customer return popups.

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
			company_field(() => load()),
			{ fieldtype: "Column Break" },
			...payment_detail_fields(__("Payment Date")),
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
			{ fieldtype: "Column Break" },
			...payment_detail_fields(__("Refund Date")),
			ticked_table("credits", __("Available Credits"), [
				{ fieldtype: "Link", fieldname: "voucher_type", label: __("Type"), options: "DocType", read_only: 1 },
				{ fieldtype: "Dynamic Link", fieldname: "voucher_no", label: __("Credit"), options: "voucher_type", in_list_view: 1, columns: 3, read_only: 1 },
				{ fieldtype: "Date", fieldname: "posting_date", label: __("Date"), in_list_view: 1, read_only: 1 },
				{ fieldtype: "Float", fieldname: "credit", label: __("Available"), in_list_view: 1, read_only: 1 },
				{ fieldtype: "Float", fieldname: "amount", label: __("Amount to Refund"), in_list_view: 1, columns: 3 },
			]),
		],
	});
	money_back_actions(dialog, () => "Payment Entry", (values, action) => {
		const credits = {};
		ticked(dialog, "credits").forEach((row) => (credits[row.voucher_no] = row.amount));
		return money_back_save(frm, dialog, action, "client_management.api.client.make_refund", {
			company: values.company,
			credits,
			mode_of_payment: values.mode_of_payment,
			posting_date: values.posting_date,
			reference_no: values.reference_no,
			reference_date: values.reference_date,
		});
	});
	const load = table_loader(dialog, "credits", "client_management.api.client.get_available_credits", frm, (credit) => ({
		...credit,
		amount: credit.credit,
	}));
	dialog.show();
	load();
};

// The date, mode of payment and bank reference of a payment or a refund.
function payment_detail_fields(date_label) {
	const today = frappe.datetime.get_today();
	return [
		{ fieldtype: "Date", fieldname: "posting_date", label: date_label, reqd: 1, default: today },
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
	];
}

// The company of a dialog's documents (the user's default), shared by the Client form's dialogs.
client_management.client.company_field = company_field;
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

client_management.client.credit_memo_dialog = function (frm) {
	return_popup(frm, {
		title: __("Credit Memo"),
		source_doctype: "Sales Invoice",
		source_field: "invoice",
		source_label: __("Invoice"),
		without_label: __("Without an Invoice"),
		without_description: __("A credit of the lines entered below, against no invoice."),
		qty_label: __("Qty to Credit"),
		method: "client_management.api.returns.make_credit_memo",
	});
};

client_management.client.customer_return_dialog = function (frm) {
	return_popup(frm, {
		title: __("Customer Return"),
		source_doctype: "Delivery Note",
		source_field: "delivery_note",
		source_label: __("Delivery Note"),
		without_label: __("Services, without a Delivery"),
		without_description: __("A credit memo of the services entered below: goods come back against their delivery note."),
		qty_label: __("Qty to Return"),
		method: "client_management.api.returns.make_customer_return",
	});
};

// A return of ticked lines of one of the client's submitted documents, or of lines entered, against none.
function return_popup(frm, spec) {
	const today = frappe.datetime.get_today();
	// a return of a source is of its doctype; without one, a credit memo: a user may make only one of them
	const against_source = frappe.model.can_create(spec.source_doctype);
	const without_source = frappe.model.can_create("Sales Invoice");
	const dialog = new frappe.ui.Dialog({
		title: spec.title,
		size: "large",
		fields: [
			{ fieldtype: "Check", fieldname: "without_source", label: spec.without_label, description: spec.without_description,
				default: against_source ? 0 : 1, read_only: !(against_source && without_source), onchange: () => set_actions() },
			{
				fieldtype: "Link",
				fieldname: "source",
				label: spec.source_label,
				options: spec.source_doctype,
				depends_on: "eval:!doc.without_source",
				mandatory_depends_on: "eval:!doc.without_source",
				get_query: () => ({ filters: { customer: frm.doc.customer, docstatus: 1, is_return: 0 } }),
				onchange: () => load_lines(),
			},
			{ ...company_field(), reqd: 0, depends_on: "eval:doc.without_source", mandatory_depends_on: "eval:doc.without_source" },
			{ fieldtype: "Column Break" },
			{ fieldtype: "Date", fieldname: "posting_date", label: __("Date"), reqd: 1, default: today },
			{ fieldtype: "Section Break", depends_on: "eval:!doc.without_source" },
			ticked_table("lines", __("Lines"), [
				{ fieldtype: "Data", fieldname: "row", label: __("Row"), hidden: 1 },
				{ fieldtype: "Link", fieldname: "item_code", label: __("Item"), options: "Item", in_list_view: 1, read_only: 1 },
				{ fieldtype: "Data", fieldname: "item_name", label: __("Item Name"), in_list_view: 1, read_only: 1 },
				{ fieldtype: "Float", fieldname: "returnable", label: __("Left to Return"), in_list_view: 1, read_only: 1 },
				{ fieldtype: "Float", fieldname: "rate", label: __("Rate"), in_list_view: 1, read_only: 1 },
				{ fieldtype: "Float", fieldname: "qty", label: spec.qty_label, in_list_view: 1 },
			]),
			{ fieldtype: "Section Break", depends_on: "eval:doc.without_source" },
			{
				fieldtype: "Table",
				fieldname: "items",
				label: __("Lines"),
				in_place_edit: true,
				data: [],
				fields: [
					// a new line starts with the client's default service item
					{ fieldtype: "Link", fieldname: "item_code", label: __("Item"), options: "Item", in_list_view: 1, columns: 3, default: frm.doc.default_item },
					{ fieldtype: "Data", fieldname: "description", label: __("Description"), in_list_view: 1, columns: 3 },
					{ fieldtype: "Float", fieldname: "qty", label: spec.qty_label, in_list_view: 1, columns: 2, default: 1 },
					{ fieldtype: "Float", fieldname: "rate", label: __("Rate"), in_list_view: 1, columns: 2 },
				],
			},
		],
	});
	// against a delivery, the return is a Delivery Note; without a source, a credit memo
	const set_actions = () => money_back_actions(dialog, (values) => (values.without_source ? "Sales Invoice" : spec.source_doctype), save);
	function save(values, action) {
		const without = values.without_source;
		const lines = without
			? (values.items || []).filter((r) => r.item_code || r.description).map(({ item_code, description, qty, rate }) => ({ item_code, description, qty, rate }))
			: ticked(dialog, "lines").map((r) => ({ row: r.row, qty: r.qty }));
		return money_back_save(frm, dialog, action, spec.method, {
			lines,
			...(without ? { company: values.company } : { [spec.source_field]: values.source }),
			posting_date: values.posting_date,
		});
	}
	let loaded_for = null;
	async function load_lines() {
		const source = dialog.get_value("source");
		if (source === loaded_for) return;
		loaded_for = source;
		const table = dialog.fields_dict.lines;
		table.df.data = [];
		if (source) {
			const { message: lines } = await frappe.call({
				method: "client_management.api.returns.get_returnable_lines",
				type: "GET",
				args: { client: frm.doc.name, doctype: spec.source_doctype, source },
			});
			table.df.data = lines.map((line) => ({ ...line, returnable: line.qty }));
		}
		table.grid.refresh();
	}
	set_actions();
	dialog.show();
}

// The popups' buttons: Submit for users who may submit what is made, Save (a draft), Edit Full Form
// (ERPNext's form with what was typed). `doctype_of(values)`: the doctype the values make.
function money_back_actions(dialog, doctype_of, save) {
	const run = (action) => {
		const values = action === "form" ? dialog.get_values(true) : dialog.get_values();
		if (values) save(values, action);
	};
	const may_submit = frappe.model.can_submit(doctype_of(dialog.get_values(true)));
	dialog.set_primary_action(may_submit ? __("Submit") : __("Save"), () => run(may_submit ? "submit" : "draft"));
	if (may_submit) {
		dialog.set_secondary_action_label(__("Save as Draft"));
		dialog.set_secondary_action(() => run("draft"));
	} else {
		dialog.get_secondary_btn().addClass("hide");
	}
	if (!dialog.full_form_action) {
		dialog.full_form_action = true;
		dialog.add_custom_action(__("Edit Full Form"), () => run("form"));
	}
}

// Saves through `method`; a refusal leaves the dialog open with what was typed (and the server's message).
async function money_back_save(frm, dialog, action, method, args) {
	const { message: doc } = await frappe.call({ method, args: { client: frm.doc.name, action, ...args }, freeze: true });
	dialog.hide();
	if (action === "form") {
		client_management.client.open_unsaved(doc);
		return;
	}
	const label = { "Sales Invoice": __("Credit Memo"), "Delivery Note": __("Customer Return"), "Payment Entry": __("Refund") }[doc.doctype];
	const link = frappe.utils.get_form_link(doc.doctype, doc.name, true);
	let alert = { message: __("{0} {1} saved as a draft.", [label, link]), indicator: "blue" };
	if (doc.docstatus === 1) {
		alert = { message: __("{0} {1} submitted.", [label, link]), indicator: "green" };
	} else if (action === "submit") {
		alert = { message: __("{0} {1} saved as a draft: you may not submit it.", [label, link]), indicator: "orange" };
	}
	frappe.show_alert(alert, 15);
	frm.reload_doc();
}
