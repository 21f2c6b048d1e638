// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form's account fields: the Relationship Types of the settings, Copy Billing / Shipping Address.

frappe.provide("client_management.client");

frappe.ui.form.on("Client", {
	refresh(frm) {
		// Client Management Settings' types (boot info); the server checks the value. A type since taken
		// off the list stays on the clients that have it, until changed.
		const types = frappe.boot.client_management?.relationship_types || [];
		const current = frm.doc.relationship_type;
		const kept = current && !types.includes(current) ? [current] : [];
		frm.set_df_property("relationship_type", "options", ["", ...types, ...kept]);
	},

	copy_billing_address(frm) {
		client_management.client.copy_address(frm, "", "shipping_").then(() => frappe.show_alert(__("The billing address is copied to the shipping address.")));
	},

	copy_shipping_address(frm) {
		client_management.client.copy_address(frm, "shipping_", "").then(() => frappe.show_alert(__("The shipping address is copied to the billing address.")));
	},
});

// The address parts (boot info) are the billing address fields; the shipping ones have "shipping_" before them.
client_management.client.copy_address = function (frm, from, to) {
	const parts = frappe.boot.client_management.address_parts;
	return frm.set_value(Object.fromEntries(parts.map((part) => [to + part, frm.doc[from + part] || ""])));
};
