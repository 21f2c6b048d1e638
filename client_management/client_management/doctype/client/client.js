// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt

frappe.ui.form.on("Client", {
	refresh(frm) {
		if (frm.doc.customer) {
			frm.add_custom_button(__("Customer"), () => frappe.set_route("Form", "Customer", frm.doc.customer), __("View"));
		}
		if (frm.doc.status === "Incomplete" && frm.doc.missing_fields) {
			frm.dashboard.set_headline(
				__("This client is incomplete. Missing or invalid: {0}", [frappe.utils.escape_html(frm.doc.missing_fields)]),
				"orange"
			);
		}
	},

	async validate(frm) {
		if (frm.duplicates_confirmed) {
			return;
		}
		const { message: candidates } = await frappe.call({
			method: "client_management.api.client.find_duplicates",
			args: { doc: frm.doc },
		});
		if (candidates && candidates.length) {
			frappe.validated = false;
			show_duplicates(frm, candidates);
		}
	},

	after_save(frm) {
		frm.duplicates_confirmed = false;
	},
});

function show_duplicates(frm, candidates) {
	const blocking = candidates.some((c) => c.blocking);
	const may_confirm = !blocking || frappe.user.has_role("Client Manager");
	const rows = candidates
		.map(
			(c) => `<tr>
				<td><a href="${encodeURI(c.url)}" target="_blank">${frappe.utils.escape_html(c.client)}</a></td>
				<td>${frappe.utils.escape_html(c.company_name)}</td>
				<td>${cint(c.score)}</td>
				<td>${c.reasons.map((r) => frappe.utils.escape_html(r)).join(", ")}</td>
			</tr>`
		)
		.join("");
	const dialog = new frappe.ui.Dialog({
		title: blocking ? __("Duplicate Client") : __("Possible Duplicates"),
		fields: [
			{
				fieldtype: "HTML",
				fieldname: "candidates",
				options: `<p>${
					blocking
						? __("Another client has the same tax ID / VAT number. Only a Client Manager can save it anyway.")
						: __("These clients look similar. Save anyway?")
				}</p>
				<table class="table table-bordered duplicate-candidates">
					<thead><tr><th>${__("Client")}</th><th>${__("Company")}</th><th>${__("Score")}</th><th>${__("Why")}</th></tr></thead>
					<tbody>${rows}</tbody>
				</table>`,
			},
		],
		primary_action_label: may_confirm ? __("Save Anyway") : __("Close"),
		primary_action() {
			dialog.hide();
			if (!may_confirm) {
				return;
			}
			frm.duplicates_confirmed = true;
			if (blocking) {
				frm.doc.duplicate_confirmed = 1;
			}
			frm.save();
		},
	});
	dialog.show();
}
