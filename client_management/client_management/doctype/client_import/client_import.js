// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt

frappe.ui.form.on("Client Import", {
	refresh(frm) {
		// the server's statuses for each button (onload): a new import has none yet
		const { checkable = [], startable = [], busy = [] } = frm.doc.__onload?.statuses || {};
		frm.add_custom_button(__("Template (.xlsx)"), () => download_template("xlsx"), __("Download"));
		frm.add_custom_button(__("Template (.csv)"), () => download_template("csv"), __("Download"));
		if (!frm.is_new() && frm.doc.import_file && checkable.includes(frm.doc.status)) {
			frm.add_custom_button(__("Check File"), () => frm.call("check").then(() => frm.reload_doc()));
		}
		if (busy.includes(frm.doc.status)) {
			frm.dashboard.set_headline(__("Working in the background: this page updates when it is done."));
		}
		if (startable.includes(frm.doc.status)) {
			frm.page.set_primary_action(__("Start Import"), () => frm.call("start").then(() => frm.reload_doc()));
		}
		render_outcomes(frm);
	},
});

function download_template(format) {
	window.open(`/api/method/client_management.api.imports.download_template?format=${format}`);
}

function render_outcomes(frm) {
	const outcomes = JSON.parse(frm.doc.outcomes || "[]");
	const esc = frappe.utils.escape_html;
	const rows = outcomes
		.map(
			(o) => `<tr class="outcome-${esc(o.action)}">
				<td>${cint(o.row)}</td><td>${esc(__(o.action))}</td><td>${esc(o.client || "")}</td>
				<td>${(o.errors || []).map(([column, message]) => `<div><b>${esc(column)}</b> ${esc(message)}</div>`).join("")}${esc(o.note || "")}</td>
			</tr>`
		)
		.join("");
	frm.get_field("preview_html").$wrapper.html(
		outcomes.length
			? `<table class="table table-bordered table-sm"><thead><tr><th>${__("Row")}</th><th>${__("Outcome")}</th><th>${__("Client")}</th><th>${__("Details")}</th></tr></thead><tbody>${rows}</tbody></table>`
			: `<p class="text-muted">${__("Attach the file, save, then Check File.")}</p>`
	);
}
