// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt

frappe.listview_settings["Client"] = {
	add_fields: ["status", "creation"],
	onload(list) {
		if (frappe.model.can_create("Client Import")) {
			list.page.add_inner_button(__("Import Clients"), () => frappe.new_doc("Client Import"));
		}
		if (frappe.model.can_export("Client")) {
			list.page.add_menu_item(__("Export Clients (.xlsx)"), () =>
				window.open("/api/method/client_management.api.imports.export_clients?format=xlsx")
			);
		}
	},
	get_indicator(doc) {
		const colors = { Active: "green", Incomplete: "orange", Inactive: "gray" };
		return [__(doc.status), colors[doc.status], `status,=,${doc.status}`];
	},
};
