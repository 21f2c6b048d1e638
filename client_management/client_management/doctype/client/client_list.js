// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt

frappe.listview_settings["Client"] = {
	add_fields: ["status", "creation"],
	get_indicator(doc) {
		const colors = { Active: "green", Incomplete: "orange", Inactive: "gray" };
		return [__(doc.status), colors[doc.status], `status,=,${doc.status}`];
	},
};
