// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt

frappe.ui.form.on("Client", {
	refresh(frm) {
		frm.identity_at_load = identity(frm.doc);
		client_management.client.mark_required_fields(frm);
		frm.fields_dict.contacts.grid.clear_custom_buttons();
		if (!frm.is_new()) {
			client_management.client.render_portal_users(frm);
			client_management.client.add_privacy_menu(frm);
			if (frm.perm[0]?.write) {
				frm.fields_dict.contacts.grid.add_custom_button(__("Add Contact"), () => client_management.client.add_contact_dialog(frm));
			}
		}
		if (frm.doc.customer) {
			frm.add_custom_button(__("Customer"), () => frappe.set_route("Form", "Customer", frm.doc.customer), __("View"));
			add_create_menu(frm);
			client_management.client.render_finance(frm);
			client_management.client.render_open_work(frm);
		}
		if (frm.doc.status === frappe.boot.client_management?.client_status?.incomplete && frm.doc.missing_fields) {
			frm.dashboard.set_headline(
				__("This client is incomplete. Missing or invalid: {0}", [frappe.utils.escape_html(frm.doc.missing_fields)]),
				"orange"
			);
		}
	},

	async validate(frm) {
		const now = identity(frm.doc);
		if (frm.duplicates_confirmed || (!frm.is_new() && now && now === frm.identity_at_load)) {
			return; // checked when it was saved, and nothing that identifies it changed since
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

// The values of what the duplicate check compares (the server's fields, sent with the saved document);
// undefined without them, which runs the check.
function identity(doc) {
	const fields = doc.__onload?.identity_fields;
	return (
		fields &&
		JSON.stringify([fields.client.map((f) => doc[f]), (doc.contacts || []).map((c) => fields.contacts.map((f) => c[f]))])
	);
}

function show_duplicates(frm, candidates) {
	client_management.client.show_duplicates(candidates, (blocking) => {
		frm.duplicates_confirmed = true;
		if (blocking) {
			frm.doc.duplicate_confirmed = 1;
		}
		frm.save();
	});
}

// --- Create menu: ERPNext's own documents, prefilled for the client's customer (dialogs in public/js/client/)

function add_create_menu(frm) {
	const customer = frm.doc.customer;
	const create = (label, doctype, open) => {
		if (frappe.model.can_create(doctype)) {
			frm.add_custom_button(label, open, __("Create"));
		}
	};
	create(__("Deal"), "Opportunity", () => client_management.client.deal_dialog(frm));
	create(__("Project"), "Project", () => frappe.new_doc("Project", { customer }));
	create(__("Estimate"), "Quotation", () => client_management.client.sales_document_dialog(frm, "Quotation"));
	create(__("Sales Order"), "Sales Order", () => client_management.client.sales_document_dialog(frm, "Sales Order"));
	create(__("Invoice"), "Sales Invoice", () => client_management.client.sales_document_dialog(frm, "Sales Invoice"));
	if (frappe.model.can_create("Payment Entry")) {
		frm.add_custom_button(__("Payment"), () => client_management.client.payment_dialog(frm), __("Create"));
		frm.add_custom_button(__("Refund"), () => client_management.client.refund_dialog(frm), __("Create"));
	}
	if (frappe.model.can_create("Customer Portal User")) {
		frm.add_custom_button(__("Portal User"), () => client_management.client.add_portal_user_dialog(frm), __("Create"));
	}
	if (frappe.model.can_read("Statement Log")) { // sending checks create on the server (in_create hides it here)
		frm.add_custom_button(__("Statement"), () => client_management.client.statement_dialog(frm), __("Create"));
	}
	if (frappe.model.can_create("Delivery Note") || frappe.model.can_create("Sales Invoice")) { // services: a credit memo
		frm.add_custom_button(__("Customer Return"), () => client_management.client.customer_return_dialog(frm), __("Create"));
	}
	if (frappe.model.can_create("Sales Invoice")) {
		frm.add_custom_button(__("Credit Memo"), () => client_management.client.credit_memo_dialog(frm), __("Create"));
	}
}
