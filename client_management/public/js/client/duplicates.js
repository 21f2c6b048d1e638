// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The duplicate warning of a client about to be saved (the Client form, the new-client popup): the
// clients that look like it, and Save Anyway where the server's rule allows it.

frappe.provide("client_management.client");

// candidates: from client_management.api.client.find_duplicates. on_confirm(blocking) runs when the user
// saves anyway; blocking: another client has the same tax ID / VAT number, so the client must be saved
// with duplicate_confirmed (the server lets only a Client Manager do that).
client_management.client.show_duplicates = function (candidates, on_confirm) {
	const blocking = candidates.some((c) => c.blocking);
	const may_confirm = candidates.every((c) => c.may_confirm); // the server's rule
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
			if (may_confirm) {
				on_confirm(blocking);
			}
		},
	});
	dialog.show();
};
