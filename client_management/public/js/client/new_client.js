// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// A new client in a popup (the Client list's Add): what a client needs, with the first contact and the
// billing address. Saved through the Client's controller after the form's duplicate check; a refusal
// leaves the popup open with what was typed. Edit Full Form opens the Client form with it.

frappe.provide("client_management.client");

// on_saved(name) runs once the client is created.
client_management.client.new_client_dialog = function ({ on_saved } = {}) {
	const required = new Set(frappe.boot.client_management?.required_fields || []);
	const dialog = new frappe.ui.Dialog({
		title: __("New Client"),
		size: "large",
		fields: [
			{ fieldtype: "Section Break", label: __("Company") },
			{ fieldtype: "Data", fieldname: "company_name", label: __("Company Name"), reqd: 1 },
			{ fieldtype: "Link", fieldname: "client_owner", label: __("Owner"), options: "User", reqd: 1, default: frappe.session.user },
			{ fieldtype: "Link", fieldname: "lead_source", label: __("Lead Source"), options: "Lead Source", reqd: 1 },
			{ fieldtype: "Column Break" },
			{ fieldtype: "Date", fieldname: "inquiry_date", label: __("Inquiry Date"), reqd: 1, default: "Today" },
			{ fieldtype: "Date", fieldname: "finalized_date", label: __("Finalized Date"), reqd: 1, default: "Today" },
			{ fieldtype: "Section Break", label: __("Contact Person") },
			{ fieldtype: "Data", fieldname: "first_name", label: __("First Name"), reqd: 1 },
			{ fieldtype: "Data", fieldname: "last_name", label: __("Last Name"), reqd: 1 },
			{ fieldtype: "Data", fieldname: "email", label: __("Email"), options: "Email", reqd: 1 },
			{ fieldtype: "Column Break" },
			{ fieldtype: "Data", fieldname: "phone", label: __("Phone"), options: "Phone", reqd: required.has("require_contact_phone") },
			{ fieldtype: "Data", fieldname: "designation", label: __("Designation"), reqd: required.has("require_contact_designation") },
			{ fieldtype: "Section Break", label: __("Billing Address") },
			{ fieldtype: "Data", fieldname: "address_line1", label: __("Address Line 1"), reqd: 1 },
			{ fieldtype: "Data", fieldname: "city", label: __("City/Town"), reqd: 1 },
			{ fieldtype: "Column Break" },
			{ fieldtype: "Data", fieldname: "state", label: __("State/Province"), reqd: required.has("require_state") },
			{ fieldtype: "Data", fieldname: "pincode", label: __("Postal Code"), reqd: required.has("require_pincode") },
			{ fieldtype: "Link", fieldname: "country", label: __("Country"), options: "Country", reqd: 1, default: frappe.defaults.get_default("country") },
			{ fieldtype: "Section Break", label: __("Tax ID or VAT Number") },
			{
				fieldtype: "Data",
				fieldname: "tax_id",
				label: __("Tax ID"),
				description: required.has("require_tax_id") ? __("Tax ID or VAT Number: one is required.") : "",
			},
			{ fieldtype: "Column Break" },
			{ fieldtype: "Data", fieldname: "vat_number", label: __("VAT Number") },
		],
		primary_action_label: __("Save"),
		async primary_action(values) {
			const doc = client_doc(values);
			const { message: candidates } = await frappe.call({
				method: "client_management.api.client.find_duplicates",
				args: { doc },
				freeze: true,
			});
			if (candidates?.length) {
				client_management.client.show_duplicates(candidates, (blocking) => insert({ ...doc, duplicate_confirmed: blocking ? 1 : 0 }));
			} else {
				insert(doc);
			}
		},
	});
	dialog.add_custom_action(__("Edit Full Form"), () => open_full_form(dialog));
	dialog.show();

	function insert(doc) {
		frappe.call({
			method: "frappe.client.insert",
			args: { doc },
			freeze: true,
			callback({ message: client }) {
				// a refusal never gets here: the server's message is shown over the popup, which keeps the values
				dialog.hide();
				const link = frappe.utils.get_form_link("Client", client.name, true, frappe.utils.escape_html(client.company_name));
				frappe.show_alert({ message: __("Client {0} was created.", [link]), indicator: "green" }, 10);
				on_saved?.(client.name);
			},
		});
	}
};

const CONTACT_FIELDS = ["first_name", "last_name", "email", "phone", "designation"];

// The dialog's values as a Client: the contact fields make its first contact, primary and invoice recipient.
function client_doc(values) {
	const doc = { doctype: "Client" };
	const contact = { is_primary: 1, is_billing_contact: 1 };
	Object.entries(values).forEach(([field, value]) => ((CONTACT_FIELDS.includes(field) ? contact : doc)[field] = value));
	doc.contacts = [contact];
	return doc;
}

// The full Client form, new and unsaved, with what was typed (a new form has one empty contact row).
async function open_full_form(dialog) {
	const { contacts, ...fields } = client_doc(dialog.get_values(true) || {});
	dialog.hide();
	await frappe.model.with_doctype("Client");
	const client = frappe.model.get_new_doc("Client");
	Object.assign(client, fields);
	Object.assign(client.contacts[0] || frappe.model.add_child(client, "contacts"), contacts[0]);
	frappe.set_route("Form", "Client", client.name);
}
