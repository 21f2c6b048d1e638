// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form: Send Follow-up Now (what the run would send, with the letter, then sent by the same
// run), and the hold the final level puts the client on.

frappe.provide("client_management.client");

frappe.ui.form.on("Client", {
	refresh(frm) {
		if (frm.doc.follow_up_hold) {
			frm.dashboard.add_comment(
				__("On hold for overdue invoices: new sales orders and invoices are refused until nothing is overdue."),
				"red",
				true
			);
		}
		if (frm.doc.customer && frappe.user.has_role(frappe.boot.client_management?.follow_up_roles || [])) {
			frm.add_custom_button(__("Send Follow-up Now"), () => client_management.client.follow_up_dialog(frm));
		}
	},
});

client_management.client.follow_up_dialog = async function (frm) {
	const { message: preview } = await frappe.call({
		method: "client_management.api.follow_ups.preview_follow_up",
		type: "GET",
		args: { client: frm.doc.name },
		freeze: true,
		freeze_message: __("Preparing the follow-up"),
	});
	if (!preview.follow_ups.length) {
		frappe.msgprint(
			__("Nothing to send: the client has no overdue invoice, or its follow-up at that level was already sent."),
			__("Send Follow-up Now")
		);
		return;
	}
	const esc = frappe.utils.escape_html;
	const paused = preview.paused_until
		? `<p class="alert alert-warning">${__("Follow-ups of this client are paused until {0}: this one is sent anyway.", [esc(frappe.datetime.str_to_user(preview.paused_until))])}</p>`
		: "";
	const sections = preview.follow_ups
		.map((f) => {
			const recipients = f.error
				? `<p class="text-danger follow-up-error">${esc(f.error)}</p>`
				: `<p class="text-muted">${__("To: {0}", [esc(f.to.join(", "))])}${f.cc.length ? ` · ${__("CC: {0}", [esc(f.cc.join(", "))])}` : ""}</p>`;
			// the letter is the server's HTML: the Dunning Type's text sanitized, every value escaped
			const letter = f.error ? "" : `<div class="follow-up-letter-preview border rounded p-3">${f.letter}</div>`;
			return `<div class="follow-up-preview" data-company="${esc(f.company)}">
				<h5>${esc(f.company)}</h5>
				<p class="follow-up-level"><strong>${esc(f.summary)}</strong></p>
				${recipients}${letter}
			</div>`;
		})
		.join("<hr>");
	const dialog = new frappe.ui.Dialog({
		title: __("Send Follow-up Now"),
		size: "large",
		fields: [{ fieldtype: "HTML", fieldname: "preview", options: paused + sections }],
		primary_action_label: __("Send"),
		async primary_action() {
			const { message: result } = await frappe.call({
				method: "client_management.api.follow_ups.send_follow_up_now",
				args: { client: frm.doc.name },
				freeze: true,
				freeze_message: __("Sending the follow-up"),
			});
			dialog.hide();
			const lines = result.lines.map((line) => esc(line)).join("<br>");
			if (result.failed) {
				frappe.msgprint({ title: __("Follow-up Not Sent"), message: lines, indicator: "red" });
			} else {
				frappe.show_alert({ message: __("Follow-up sent"), indicator: "green" });
			}
			frm.reload_doc();
		},
	});
	dialog.show();
};
