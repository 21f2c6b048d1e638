// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form: the statement dialog (preview, PDF, send through Frappe's e-mail composer).

frappe.provide("client_management.client");

client_management.client.statement_dialog = async function (frm) {
	const today = frappe.datetime.get_today();
	// the companies the client has transactions in; the user's default company first when it is one
	const { message: choice } = await frappe.call({
		method: "client_management.api.statements.get_statement_companies",
		type: "GET",
		args: { client: frm.doc.name },
	});
	const dialog = new frappe.ui.Dialog({
		title: __("Account Statement"),
		size: "extra-large",
		fields: [
			{ fieldtype: "Select", fieldname: "statement_type", label: __("Statement Type"), reqd: 1,
				options: frm.doc.__onload.statement_types.map((v) => ({ value: v, label: __(v) })),
				default: frm.doc.__onload.statement_types[0] },
			{ fieldtype: "Select", fieldname: "company", label: __("Company"), reqd: 1,
				options: choice.companies, default: choice.default,
				description: choice.companies.length > 1 ? __("The client has transactions in {0} companies: one statement each.", [choice.companies.length]) : "" },
			{ fieldtype: "Column Break" },
			{ fieldtype: "Date", fieldname: "statement_date", label: __("Statement Date"), reqd: 1, default: today },
			{ fieldtype: "Date", fieldname: "from_date", label: __("Start Date"), default: frappe.datetime.month_start(),
				depends_on: "eval:doc.statement_type != 'Open Item'" },
			{ fieldtype: "Date", fieldname: "to_date", label: __("End Date"), default: today,
				depends_on: "eval:doc.statement_type != 'Open Item'" },
			{ fieldtype: "Section Break" },
			{ fieldtype: "Button", fieldname: "apply", label: __("Apply"), click: () => preview() },
			{ fieldtype: "HTML", fieldname: "preview" },
		],
		primary_action_label: __("Send Statement"),
		async primary_action() {
			const args = statement_args();
			if (!args) return;
			const { message: mail } = await frappe.call({
				method: "client_management.api.statements.prepare_send",
				args,
				freeze: true,
				freeze_message: __("Preparing the statement e-mail"),
			});
			dialog.hide();
			client_management.client.compose_statement(frm, mail);
		},
		secondary_action_label: __("Download PDF"),
		secondary_action() {
			const args = statement_args();
			if (args) {
				window.open(`/api/method/client_management.api.statements.download?${new URLSearchParams(args)}`);
			}
		},
	});
	function statement_args() {
		const values = dialog.get_values();
		return values && { client: frm.doc.name, ...values };
	}
	async function preview() {
		const args = statement_args();
		if (!args) return;
		const { message: html } = await frappe.call({
			method: "client_management.api.statements.preview",
			type: "GET",
			args,
		});
		dialog.fields_dict.preview.$wrapper.html(html);
	}
	dialog.show();
};

// Frappe's composer with the prepared statement PDF ticked; closed unsent, the PDF is deleted.
client_management.client.StatementComposer = class StatementComposer extends frappe.views.CommunicationComposer {
	get_attachment_row(attachment, checked) {
		return super.get_attachment_row(attachment, checked || attachment.name === this.statement_file.name);
	}

	send_email(...args) {
		this.sending = true;
		return super.send_email(...args);
	}
};

client_management.client.compose_statement = function (frm, mail) {
	const composer = new client_management.client.StatementComposer({
		frm,
		title: __("Send Statement"),
		recipients: mail.recipients.join(", "),
		cc: mail.cc.join(", "),
		subject: mail.subject,
		message: mail.message,
		statement_file: mail.attachment,
		attachments: [mail.attachment],
		success() {
			frappe.show_alert({ message: __("Statement sent and logged"), indicator: "green" });
		},
	});
	composer.dialog.$wrapper.on("hidden.bs.modal", () => {
		if (!composer.sending) {
			frappe.call({
				method: "client_management.api.statements.discard_prepared",
				args: { client: frm.doc.name, file: mail.attachment.name },
			});
		}
	});
};
