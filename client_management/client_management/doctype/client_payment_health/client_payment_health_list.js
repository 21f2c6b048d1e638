// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt

// Clients by what they owe, most overdue first (the doctype's sort, on the overdue index). The
// standard filters of the figures mean "at least" (Frappe's is "equals").
frappe.listview_settings["Client Payment Health"] = {
	onload(list) {
		for (const fieldname of ["overdue_amount", "days_sales_outstanding"]) {
			const filter = list.page.fields_dict[fieldname];
			if (filter) {
				filter.df.condition = ">=";
				filter.$input?.attr("placeholder", `${__(filter.df.label)} ≥`);
			}
		}
	},
};
