// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form: the Customer Portal section (its portal users, Active switch, Resend, Delete, Add User).
// Each action is Frappe's own REST call on Customer Portal User: its permissions and its controller
// (invitation on insert, access on the switch, revoke on delete) apply as on its own form.

frappe.provide("client_management.client");

const PORTAL_USER = "Customer Portal User";

client_management.client.render_portal_users = async function (frm) {
	const wrapper = frm.get_field("portal_users_html").$wrapper;
	if (!frappe.model.can_read(PORTAL_USER)) {
		wrapper.html(`<p class="text-muted">${__("Portal users are managed by Client Managers and Sales Managers.")}</p>`);
		return;
	}
	const users = await frappe.db.get_list(PORTAL_USER, {
		filters: { client: frm.doc.name },
		fields: ["name", "email", "full_name", "enabled", "invited_on"],
		order_by: "creation asc",
		limit: 100,
	});
	const esc = frappe.utils.escape_html;
	const can_write = frappe.model.can_write(PORTAL_USER);
	const can_delete = frappe.model.can_delete(PORTAL_USER);
	const rows = users
		.map(
			(u) => `<tr data-name="${esc(u.name)}" data-email="${esc(u.email)}">
				<td><a href="/app/customer-portal-user/${encodeURIComponent(u.name)}">${esc(u.full_name || "")}</a></td>
				<td>${esc(u.email)}</td>
				<td><label class="portal-user-active"><input type="checkbox" ${u.enabled ? "checked" : ""} ${can_write ? "" : "disabled"}> ${__("Active")}</label></td>
				<td>${u.invited_on ? esc(frappe.datetime.str_to_user(u.invited_on)) : ""}</td>
				<td class="text-right">
					${can_write && u.enabled ? `<button class="btn btn-xs btn-default portal-user-resend">${__("Resend Invitation")}</button>` : ""}
					${can_delete ? `<button class="btn btn-xs btn-danger portal-user-delete">${__("Delete")}</button>` : ""}
				</td>
			</tr>`
		)
		.join("");
	wrapper.html(`
		<table class="table table-bordered table-sm portal-users">
			<thead><tr><th>${__("Name")}</th><th>${__("Email")}</th><th>${__("Access")}</th><th>${__("Invited On")}</th><th></th></tr></thead>
			<tbody>${rows || `<tr><td colspan="5" class="text-muted">${__("No portal user yet.")}</td></tr>`}</tbody>
		</table>
		${frappe.model.can_create(PORTAL_USER) ? `<button class="btn btn-xs btn-default portal-user-add">${__("Add User")}</button>` : ""}`);

	const refresh = () => client_management.client.render_portal_users(frm);
	const row_of = (element) => $(element).closest("tr").data();
	wrapper.find(".portal-user-add").on("click", () => client_management.client.add_portal_user_dialog(frm));
	wrapper.find(".portal-user-active input").on("change", async function () {
		const { name, email } = row_of(this);
		const enabled = this.checked;
		try {
			await frappe.db.set_value(PORTAL_USER, name, "enabled", enabled ? 1 : 0);
			frappe.show_alert({ message: enabled ? __("{0} can sign in again.", [esc(email)]) : __("{0} can no longer sign in.", [esc(email)]), indicator: "green" });
		} finally {
			refresh();
		}
	});
	wrapper.find(".portal-user-resend").on("click", function () {
		frappe.call({ method: "run_doc_method", args: { dt: PORTAL_USER, dn: row_of(this).name, method: "resend_invitation" } });
	});
	wrapper.find(".portal-user-delete").on("click", function () {
		const { name, email } = row_of(this);
		frappe.confirm(__("Delete the portal user {0}? They can no longer sign in.", [esc(email)]), () =>
			frappe.db.delete_doc(PORTAL_USER, name).then(refresh)
		);
	});
};

// The contact picker prefills e-mail and name; saving invites the contact (Customer Portal User's insert).
client_management.client.add_portal_user_dialog = function (frm) {
	const contacts = frm.doc.contacts.filter((row) => row.email && row.contact);
	const label = (row) => `${[row.first_name, row.last_name].filter(Boolean).join(" ")} <${row.email}>`;
	const dialog = new frappe.ui.Dialog({
		title: __("Add Portal User"),
		fields: [
			{
				fieldtype: "Select",
				fieldname: "contact",
				label: __("Contact"),
				options: contacts.map((row) => ({ value: row.contact, label: label(row) })),
				onchange() {
					const row = contacts.find((c) => c.contact === this.get_value());
					if (row) {
						dialog.set_values({ email: row.email, full_name: [row.first_name, row.last_name].filter(Boolean).join(" ") });
					}
				},
			},
			{ fieldtype: "Data", fieldname: "email", label: __("Email"), options: "Email", reqd: 1 },
			{ fieldtype: "Data", fieldname: "full_name", label: __("Full Name") },
		],
		primary_action_label: __("Save and Invite"),
		async primary_action(values) {
			const user = await frappe.db.insert({ doctype: PORTAL_USER, client: frm.doc.name, enabled: 1, ...values });
			dialog.hide();
			frappe.show_alert({ message: __("Invitation sent to {0}.", [frappe.utils.escape_html(user.email)]), indicator: "green" });
			client_management.client.render_portal_users(frm);
		},
	});
	const first = contacts.find((row) => row.is_primary) || contacts[0];
	dialog.show();
	if (first) dialog.set_value("contact", first.contact);
};
