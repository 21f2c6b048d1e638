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
		if (frm.doc.status === "Incomplete" && frm.doc.missing_fields) {
			frm.dashboard.set_headline(
				__("This client is incomplete. Missing or invalid: {0}", [frappe.utils.escape_html(frm.doc.missing_fields)]),
				"orange"
			);
		}
	},

	async validate(frm) {
		if (frm.duplicates_confirmed || (!frm.is_new() && identity(frm.doc) === frm.identity_at_load)) {
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

// What the duplicate check compares: name, tax ids, contacts' emails and phones.
function identity(doc) {
	return JSON.stringify([
		doc.company_name,
		doc.tax_id,
		doc.vat_number,
		(doc.contacts || []).map((c) => [c.email, c.phone, c.mobile_no]),
	]);
}

function show_duplicates(frm, candidates) {
	const blocking = candidates.some((c) => c.blocking);
	const may_confirm = candidates.every((c) => c.may_confirm); // the server's rule
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

// --- Create menu: ERPNext's own documents, prefilled for the client's customer (dialogs in public/js/client/)

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
		frm.add_custom_button(__("Payment"), () => client_management.client.payment_dialog(frm), __("Create"));
		frm.add_custom_button(__("Refund"), () => client_management.client.refund_dialog(frm), __("Create"));
	}
	if (frappe.model.can_create("Customer Portal User")) {
		frm.add_custom_button(__("Portal User"), () => client_management.client.add_portal_user_dialog(frm), __("Create"));
	}
	if (frappe.model.can_read("Statement Log")) { // sending checks create on the server (in_create hides it here)
		frm.add_custom_button(__("Statement"), () => client_management.client.statement_dialog(frm), __("Create"));
	}
	if (frappe.model.can_create("Delivery Note")) {
		frm.add_custom_button(
			__("Customer Return"),
			() => client_management.client.return_dialog(frm, "Delivery Note", "erpnext.stock.doctype.delivery_note.delivery_note.make_sales_return"),
			__("Create")
		);
	}
	if (frappe.model.can_create("Sales Invoice")) {
		frm.add_custom_button(
			__("Credit Memo"),
			() => client_management.client.return_dialog(frm, "Sales Invoice", "erpnext.accounts.doctype.sales_invoice.sales_invoice.make_sales_return"),
			__("Create")
		);
	}
}
