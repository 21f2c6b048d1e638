// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form's Personal Data menu: forget a contact without a login, export what we hold on a person.

frappe.provide("client_management.client");

client_management.client.add_privacy_menu = function (frm) {
	const group = __("Personal Data");
	if (frm.perm[0]?.write && (frappe.user.has_role("Client Manager") || frappe.user.has_role("System Manager"))) {
		frm.add_custom_button(__("Forget Contact"), () => forget_contact_dialog(frm), group);
	}
	if (frappe.user.has_role("System Manager")) {
		frm.add_custom_button(__("Export Personal Data"), () => client_management.client.export_personal_data_dialog(frm), group);
	}
};

// Contact rows as Select options: "name (email)" by row name; forgotten rows are no one's.
function contact_options(frm) {
	return (frm.doc.contacts || [])
		.filter((row) => row.email && !/^deleted-(user|contact)-/i.test(row.email))
		.map((row) => ({
			value: row.name,
			label: frappe.utils.escape_html(`${row.first_name || ""} ${row.last_name || ""} (${row.email})`), // shown as HTML
		}));
}

function forget_contact_dialog(frm) {
	if (frm.is_dirty()) {
		frappe.msgprint(__("Save the client first."), __("Unsaved Changes"));
		return;
	}
	const options = contact_options(frm);
	if (!options.length) {
		frappe.msgprint(__("This client has no contact left to forget."), __("Forget Contact"));
		return;
	}
	let expected = null;
	const dialog = new frappe.ui.Dialog({
		title: __("Forget Contact"),
		fields: [
			{
				fieldtype: "Select",
				fieldname: "row",
				label: __("Contact"),
				options,
				reqd: 1,
				change: () => preview(dialog.get_value("row")),
			},
			{ fieldtype: "HTML", fieldname: "preview" },
			{ fieldtype: "Data", fieldname: "confirm_name", label: __("Type the contact's name to confirm"), reqd: 1 },
		],
		primary_action_label: __("Forget"),
		primary_action(values) {
			frappe.call({
				method: "client_management.api.privacy.forget_contact",
				args: { client: frm.doc.name, row: values.row, confirm_name: values.confirm_name },
				freeze: true,
				callback(r) {
					if (r.exc) return; // the server's message says why; the dialog keeps what was typed
					dialog.hide();
					frappe.show_alert({ message: __("The contact's personal data was erased."), indicator: "green" });
					frm.reload_doc();
				},
			});
		},
	});
	dialog.get_primary_btn().removeClass("btn-primary").addClass("btn-danger");

	function preview(row) {
		const area = dialog.fields_dict.preview.$wrapper;
		area.empty();
		if (!row) return;
		frappe.call({
			method: "client_management.api.privacy.preview_forget_contact",
			type: "GET",
			args: { client: frm.doc.name, row },
			callback(r) {
				if (r.exc || !r.message) return;
				expected = r.message.name;
				const items = r.message.actions.map((line) => `<li>${frappe.utils.escape_html(line)}</li>`).join("");
				area.html(
					`<p>${__("This cannot be undone. Invoices, payments and the ledger stay as they are.")}</p>
					<ul class="forget-contact-actions">${items}</ul>
					<p>${__("Type {0} below to confirm.", [`<strong>${frappe.utils.escape_html(expected)}</strong>`])}</p>`
				);
			},
		});
	}

	dialog.show();
	dialog.set_value("row", options[0].value);
}

client_management.client.export_personal_data_dialog = function (frm) {
	const emails = frm ? contact_options(frm).map((option) => frm.doc.contacts.find((row) => row.name === option.value).email) : [];
	const dialog = new frappe.ui.Dialog({
		title: __("Export Personal Data"),
		fields: [
			{
				fieldtype: "Data",
				fieldname: "email",
				label: __("Email"),
				options: "Email",
				reqd: 1,
				default: emails[0] || "",
				description: __("Every record this site holds on the address, as JSON, with the statements sent to it."),
			},
		],
		primary_action_label: __("Download"),
		primary_action(values) {
			const url = "/api/method/client_management.api.privacy.export_personal_data?email=" + encodeURIComponent(values.email);
			window.open(url);
			dialog.hide();
		},
	});
	dialog.show();
};
