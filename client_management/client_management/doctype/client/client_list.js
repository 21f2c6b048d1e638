// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt

frappe.listview_settings["Client"] = {
	add_fields: ["status", "creation"],
	onload(list) {
		show_created_on(list);
		show_payment_health(list);
		default_to_my_clients(list);
		if (frappe.model.can_create("Client Import")) {
			list.page.add_inner_button(__("Import Clients"), () => frappe.new_doc("Client Import"));
		}
		if (frappe.model.can_export("Client")) {
			list.page.add_menu_item(__("Export Clients (.xlsx)"), () => export_clients("xlsx"));
		}
		if (frappe.user.has_role("System Manager")) {
			list.page.add_menu_item(__("Export Personal Data"), () => client_management.client.export_personal_data_dialog());
		}
	},
	// Add Client: the new-client popup (Edit Full Form in it opens the form)
	primary_action() {
		client_management.client.new_client_dialog({ on_saved: () => refresh_now(cur_list) });
	},
	get_indicator(doc) {
		const colours = frappe.boot.client_management?.client_status_colours || {}; // boot info
		return [__(doc.status), colours[doc.status], `status,=,${doc.status}`];
	},
};

// Small exports download at once; large ones are written by a job, which offers the file when ready
// (a message on screen and a notification).
function export_clients(format) {
	frappe
		.xcall("client_management.api.imports.start_export", { format })
		.then(({ download, queued }) => {
			if (download) {
				window.open(download);
			} else {
				frappe.show_alert({
					message: __(
						"Exporting {0} clients in the background: the file is offered here when it is ready.",
						[queued]
					),
					indicator: "blue",
				});
			}
		});
}

// "Created On": v15 builds list columns from the doctype's in_list_view fields only (List View
// Settings can reorder them, not add a standard field), so the column is added to this list's own
// columns, each time they are rebuilt, before the trailing ID column.
function show_created_on(list) {
	const setup_columns = list.setup_columns.bind(list);
	list.setup_columns = () => {
		setup_columns();
		const column = {
			type: "Field",
			df: { fieldname: "creation", fieldtype: "Date", label: __("Created On") },
		};
		const id_column = list.columns.findIndex((col) => col.df && col.df.fieldname === "name");
		list.columns.splice(id_column === -1 ? list.columns.length : id_column, 0, column);
	};
	list.setup_columns();
	list.render_header(true);
}

// Payment health lives in its own list (Accounts roles, Client Managers), sorted by overdue.
function show_payment_health(list) {
	if (!frappe.model.can_read("Client Payment Health")) return;
	list.page.add_inner_button(__("Payment Health"), () => frappe.set_route("List", "Client Payment Health"));
}

// "My Clients": a Sales User (not a Sales Manager or Client Manager) who opens the list without any
// filter (none in the link, none kept from the last visit) sees the clients they own. A filter
// like any other: the user removes it to see every client their permissions allow.
function default_to_my_clients(list) {
	const sales_user_only =
		frappe.user.has_role("Sales User") &&
		!frappe.user.has_role(["Sales Manager", "Client Manager"]);
	const route_filters = Object.keys(frappe.route_options || {}).length; // {} on a plain route
	if (!sales_user_only || list.filters.length || route_filters || window.location.search) {
		return;
	}
	frappe.route_options = { client_owner: frappe.session.user };
}

// Frappe drops a list refresh asked within 3 s of the last one with the same filters: a client saved
// that fast would not show.
function refresh_now(list) {
	if (!list) return;
	list.last_args = null;
	list.refresh();
}
