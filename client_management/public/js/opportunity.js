// The Opportunity form: "Mark as Won" (the won sales stage makes the client), and "Create Client" for
// deals won outside the quotation flow (opens a prefilled, unsaved Client).
frappe.ui.form.on("Opportunity", {
	refresh(frm) {
		if (frm.is_new()) {
			return;
		}
		add_mark_as_won(frm);
		if (frm.doc.client || !frappe.model.can_create("Client")) {
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

// Shown until the opportunity is at a won stage of Client Management Settings (boot info); the server
// sets the stage, and the rule of won deals makes or links the client.
function add_mark_as_won(frm) {
	const stages = frappe.boot.client_management?.won_sales_stages || [];
	if (!stages.length || stages.includes(frm.doc.sales_stage) || frm.doc.status === "Lost" || !frm.perm[0]?.write) {
		return;
	}
	frm.add_custom_button(__("Mark as Won"), () => {
		if (frm.is_dirty()) {
			frappe.msgprint(__("Save the opportunity first."), __("Unsaved Changes"));
			return;
		}
		frappe.call({
			method: "client_management.api.opportunity.mark_as_won",
			args: { opportunity: frm.doc.name },
			freeze: true,
			callback({ message: result }) {
				frappe.show_alert(won_message(result), 10);
				frm.reload_doc();
			},
		});
	});
}

function won_message({ client, action, reason }) {
	const link = client && frappe.utils.get_form_link("Client", client, true, frappe.utils.escape_html(client));
	if (action === "failed") {
		return {
			message: __("Marked as won, but its client could not be created: {0}", [frappe.utils.escape_html(reason)]),
			indicator: "red",
		};
	}
	if (action === "created") {
		return { message: __("Marked as won: client {0} was created.", [link]), indicator: "green" };
	}
	if (client) {
		return { message: __("Marked as won: its client is {0}.", [link]), indicator: "green" };
	}
	return {
		message: __("Marked as won. No client was created: Client Management Settings do not create clients from won opportunities."),
		indicator: "orange",
	};
}
