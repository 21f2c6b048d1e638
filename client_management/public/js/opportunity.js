// "Create Client" for deals won outside the quotation flow: opens a prefilled, unsaved Client.
frappe.ui.form.on("Opportunity", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.client || !frappe.model.can_create("Client")) {
			return;
		}
		frm.add_custom_button(
			__("Client"),
			async () => {
				const { message: values } = await frappe.call({
					method: "client_management.api.opportunity.get_client_prefill",
					type: "GET",
					args: { opportunity: frm.doc.name },
				});
				if (values.existing_client) {
					frappe.set_route("Form", "Client", values.existing_client);
					return;
				}
				await frappe.model.with_doctype("Client");
				const client = frappe.model.get_new_doc("Client");
				const { contacts, doctype, ...fields } = values;
				Object.assign(client, fields);
				(contacts || []).forEach((row) => Object.assign(frappe.model.add_child(client, "contacts"), row));
				frappe.set_route("Form", "Client", client.name);
			},
			__("Create")
		);
	},
});
