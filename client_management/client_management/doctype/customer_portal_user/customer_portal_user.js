// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt

frappe.ui.form.on("Customer Portal User", {
	setup(frm) {
		frm.set_query("contact", () => ({
			query: "frappe.contacts.doctype.contact.contact.contact_query",
			filters: { link_doctype: "Customer", link_name: frm.doc.__client_customer || "" },
		}));
	},
	async client(frm) {
		frm.doc.__client_customer = frm.doc.client ? (await frappe.db.get_value("Client", frm.doc.client, "customer")).message.customer : "";
	},
	async contact(frm) {
		if (!frm.doc.contact) return;
		const { message } = await frappe.db.get_value("Contact", frm.doc.contact, ["email_id", "full_name"]);
		frm.set_value({ email: frm.doc.email || message.email_id, full_name: message.full_name });
	},
	refresh(frm) {
		frm.trigger("client");
		if (!frm.is_new() && frm.doc.enabled) {
			frm.add_custom_button(__("Resend Invitation"), () => frm.call("resend_invitation"));
		}
	},
});
