// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form: the fields the settings require, and the Add Contact dialog.

frappe.provide("client_management.client");

// Client Management Settings' switches (boot info): shown as mandatory; the server enforces them.
client_management.client.mark_required_fields = function (frm) {
	const required = new Set(frappe.boot.client_management?.required_fields || []);
	frm.toggle_reqd("state", required.has("require_state"));
	frm.toggle_reqd("pincode", required.has("require_pincode"));
	frm.fields_dict.contacts.grid.toggle_reqd("designation", required.has("require_contact_designation"));
	frm.set_df_property("tax_id", "description", required.has("require_tax_id") ? __("Tax ID or VAT Number: one is required.") : "");
};

client_management.client.add_contact_dialog = function (frm) {
	if (frm.is_dirty()) {
		frappe.msgprint(__("Save the client first: the new contact is saved with it."), __("Unsaved Changes"));
		return;
	}
	const required = new Set(frappe.boot.client_management?.required_fields || []);
	const dialog = new frappe.ui.Dialog({
		title: __("Add Contact"),
		fields: [
			{ fieldtype: "Data", fieldname: "first_name", label: __("First Name"), reqd: 1 },
			{ fieldtype: "Data", fieldname: "last_name", label: __("Last Name"), reqd: 1 },
			{ fieldtype: "Data", fieldname: "email", label: __("Email"), options: "Email", reqd: 1 },
			{ fieldtype: "Data", fieldname: "designation", label: __("Designation"), reqd: required.has("require_contact_designation") },
			{ fieldtype: "Column Break" },
			{ fieldtype: "Data", fieldname: "phone", label: __("Phone"), options: "Phone",
				description: required.has("require_contact_phone") ? __("Phone or mobile: one is required.") : "" },
			{ fieldtype: "Data", fieldname: "mobile_no", label: __("Mobile No"), options: "Phone" },
			{ fieldtype: "Check", fieldname: "is_primary", label: __("Primary") },
			{ fieldtype: "Check", fieldname: "is_billing_contact", label: __("Invoice Recipient") },
		],
		primary_action_label: __("Add and Save"),
		async primary_action(values) {
			dialog.hide();
			// refused by the server: once its message is read, the dialog comes back with the values to
			// fix; stopped in the form (the duplicate check, a mandatory field): the row stays for the
			// form's own save
			if ((await add_and_save(frm, values)) === "refused") {
				const message = frappe.msg_dialog;
				message?.is_visible ? message.$wrapper.one("hidden.bs.modal", () => dialog.show()) : dialog.show();
			}
		},
	});
	dialog.show();
};

// Adds the row and saves the client; a save the server refuses takes the row out again.
function add_and_save(frm, values) {
	const flags = ["is_primary", "is_billing_contact"];
	const before = frm.doc.contacts.map((row) => [row, ...flags.map((flag) => row[flag])]);
	flags.filter((flag) => values[flag]).forEach((flag) => frm.doc.contacts.forEach((row) => (row[flag] = 0)));
	const row = frm.add_child("contacts", values);
	frm.refresh_field("contacts");
	return new Promise((resolve) => {
		const saved = (r) => {
			if (!r.exc) return resolve("saved");
			frm.doc.contacts = frm.doc.contacts.filter((other) => other !== row);
			before.forEach(([other, ...was]) => flags.forEach((flag, i) => (other[flag] = was[i])));
			frappe.model.clear_doc(row.doctype, row.name);
			frm.refresh_field("contacts");
			resolve("refused");
		};
		frm.save("Save", saved, null, () => setTimeout(() => resolve("stopped")));  // a refusal resolves first
	});
}
