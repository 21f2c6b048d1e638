// The client's default fee type on new quotations, orders, invoices (its service item) and timesheets
// (its activity type): shown as soon as the customer is chosen. The server sets the same on save
// (client_management.clients.billing_defaults); this only lets the user see and change it before.
// Loaded with each of the four forms: the handlers are registered once.
frappe.provide("client_management.clients.billing_defaults");

if (!client_management.clients.billing_defaults.registered) {
	client_management.clients.billing_defaults.registered = true;

	const fetch_defaults = async (customer) => {
		if (!customer) return {};
		const { message } = await frappe.call({
			method: "client_management.api.client.billing_defaults",
			type: "GET",
			args: { customer },
		});
		return message || {};
	};

	// the first row with `fieldname` empty (and `accept`ed), or a new row when the table is empty
	const empty_row = (frm, table, fieldname, accept = () => true) => {
		const rows = frm.doc[table] || [];
		if (!rows.length) return frm.add_child(table);
		return rows.find((row) => !row[fieldname] && accept(row));
	};

	// the rows the save gives the client's service item, as the server answers (its one rule); an empty
	// table gets a row for it
	const fill_item = async (frm, customer) => {
		if (!frm.is_new() || !customer) return;
		const items = frm.doc.items || [];
		const { message } = await frappe.call({
			method: "client_management.api.client.default_item_rows",
			args: { customer, items },
		});
		const { item_code, rows = [] } = message || {};
		if (!item_code) return;
		const targets = items.length ? items.filter((row) => rows.includes(row.name)) : [frm.add_child("items")];
		for (const row of targets) {
			await frappe.model.set_value(row.doctype, row.name, "item_code", item_code);
		}
		frm.refresh_field("items");
	};

	["Sales Order", "Sales Invoice"].forEach((doctype) =>
		frappe.ui.form.on(doctype, {
			customer(frm) {
				fill_item(frm, frm.doc.customer);
			},
		})
	);

	frappe.ui.form.on("Quotation", {
		party_name(frm) {
			if (frm.doc.quotation_to === "Customer") fill_item(frm, frm.doc.party_name);
		},
	});

	const fill_activity_type = async (row, customer) => {
		const { activity_type } = await fetch_defaults(customer);
		if (activity_type && !row.activity_type) {
			// ERPNext's own activity_type handler then fetches the billing and costing rates
			await frappe.model.set_value(row.doctype, row.name, "activity_type", activity_type);
		}
	};

	frappe.ui.form.on("Timesheet", {
		customer(frm) {
			if (!frm.is_new() || !frm.doc.customer) return;
			const row = empty_row(frm, "time_logs", "activity_type", (log) => !log.project);
			if (row) fill_activity_type(row, frm.doc.customer).then(() => frm.refresh_field("time_logs"));
		},
	});

	frappe.ui.form.on("Timesheet Detail", {
		async project(frm, cdt, cdn) {
			const row = locals[cdt][cdn];
			if (frm.doc.docstatus !== 0 || !row.project || row.activity_type) return;
			const { message } = await frappe.db.get_value("Project", row.project, "customer");
			if (message && message.customer) await fill_activity_type(row, message.customer);
		},
	});
}
