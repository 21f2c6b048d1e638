// Copyright (c) 2026, client_management developers
// License: MIT. See license.txt
// The Client form's Tasks tab: the client's to-dos (ToDos referencing it) and tasks (ERPNext Tasks of
// the client, with or without one of its projects), open or closed; Add To Do / Add Task popups and a
// Close button on what the user may write. Server: client_management.api.work.

frappe.provide("client_management.client");

client_management.client.render_open_work = async function (frm) {
	const wrapper = frm.get_field("open_work_html").$wrapper;
	const show = frm.work_show?.[frm.doc.name] || "Open";
	let work;
	try {
		work = (await frappe.call({
			method: "client_management.api.work.get_work",
			type: "GET",
			args: { client: frm.doc.name, show },
			silent: true,
		})).message;
	} catch {
		wrapper.html(`<p class="text-muted">${__("The tasks could not be loaded. Reload the page to try again.")}</p>`);
		return;
	}
	const esc = frappe.utils.escape_html;
	const date = (value) => (value ? esc(frappe.datetime.str_to_user(value)) : "");
	const close_button = (doctype, row) =>
		row.may_close
			? `<button class="btn btn-xs btn-default client-work-close" data-doctype="${esc(doctype)}" data-name="${esc(row.name)}">${__("Close")}</button>`
			: "";
	const none = (columns) => `<tr><td colspan="${columns}" class="text-muted">${__("None")}</td></tr>`;
	const todos = work.todos
		.map((t) => `<tr data-name="${esc(t.name)}">
			<td><a href="/app/todo/${encodeURIComponent(t.name)}">${esc(frappe.utils.html2text(t.description || ""))}</a></td>
			<td>${esc(t.allocated_to || "")}</td><td>${date(t.date)}</td><td>${esc(__(t.priority || ""))}</td>
			<td>${esc(__(t.status))}</td><td class="text-right">${close_button("ToDo", t)}</td></tr>`)
		.join("");
	const tasks = (work.tasks || [])
		.map((t) => `<tr data-name="${esc(t.name)}">
			<td><a href="/app/task/${encodeURIComponent(t.name)}">${esc(t.subject)}</a></td>
			<td>${t.project ? `<a href="/app/project/${encodeURIComponent(t.project)}">${esc(t.project)}</a>` : ""}</td>
			<td>${date(t.exp_end_date)}</td><td>${esc(__(t.priority || ""))}</td>
			<td>${esc(__(t.status))} · ${cint(t.progress)}%</td><td class="text-right">${close_button("Task", t)}</td></tr>`)
		.join("");
	const filters = [
		["Open", __("Open")],
		["Closed", __("Closed")],
		["All", __("All")],
	]
		.map(([value, label]) => `<option value="${value}" ${value === show ? "selected" : ""}>${label}</option>`)
		.join("");
	const add = (label, action) =>
		frappe.model.can_create(action === "todo" ? "ToDo" : "Task")
			? `<button class="btn btn-xs btn-default client-work-add" data-action="${action}">${label}</button>`
			: "";
	wrapper.html(`<div class="client-work">
		<div class="d-flex align-items-center mb-3" style="gap: var(--margin-sm)">
			<label class="mb-0 text-muted">${__("Show")}</label>
			<select class="form-control input-xs client-work-show" style="width: auto">${filters}</select>
			<span class="ml-auto">${add(__("Add To Do"), "todo")} ${add(__("Add Task"), "task")}</span>
		</div>
		<h6>${__("To Dos")}</h6>
		<table class="table table-bordered table-sm client-todos">
			<tr><th>${__("Description")}</th><th>${__("Assigned To")}</th><th>${__("Due Date")}</th><th>${__("Priority")}</th><th>${__("Status")}</th><th></th></tr>
			${todos || none(6)}
		</table>
		<h6>${__("Tasks")}</h6>
		${work.tasks
			? `<table class="table table-bordered table-sm client-tasks">
				<tr><th>${__("Subject")}</th><th>${__("Project")}</th><th>${__("Expected End Date")}</th><th>${__("Priority")}</th><th>${__("Status")}</th><th></th></tr>
				${tasks || none(6)}
			</table>`
			: `<p class="text-muted">${__("Tasks need read access to Tasks (Projects roles).")}</p>`}
	</div>`);
	wrapper.find(".client-work-show").on("change", (e) => {
		frm.work_show = { [frm.doc.name]: e.target.value };
		client_management.client.render_open_work(frm);
	});
	wrapper.find(".client-work-add").on("click", (e) =>
		e.currentTarget.dataset.action === "todo" ? work_todo_dialog(frm) : work_task_dialog(frm)
	);
	wrapper.find(".client-work-close").on("click", async (e) => {
		const { doctype, name } = e.currentTarget.dataset;
		e.currentTarget.disabled = true;
		await frappe
			.call({
				method: "client_management.api.work.close_work",
				args: { client: frm.doc.name, doctype, name },
				freeze: true,
			})
			.catch(() => {}); // refused: Frappe has shown why, the list shows it still open
		work_after_change(frm);
	});
};

// The client again, with its connections, unless it has unsaved changes (then only this tab).
function work_after_change(frm) {
	if (frm.is_dirty()) {
		client_management.client.render_open_work(frm);
	} else {
		frm.reload_doc();
	}
}

// ERPNext's (or Frappe's) own form for a new document, prefilled with what the popup holds.
function work_full_form(dialog, doctype, values) {
	frappe.model.with_doctype(doctype, () => {
		const doc = frappe.model.get_new_doc(doctype);
		Object.entries(values).forEach(([field, value]) => {
			if (value) {
				doc[field] = value;
			}
		});
		dialog.hide();
		frappe.set_route("Form", doctype, doc.name);
	});
}

// Save a popup through `method`: on success the dialog closes and an alert links the new document;
// a refusal leaves the dialog open with what was typed, under the server's message.
async function work_save(frm, dialog, method, doctype, label, values) {
	let message;
	try {
		({ message } = await frappe.call({
			method,
			args: { client: frm.doc.name, ...values },
			freeze: true,
			btn: dialog.get_primary_btn(),
		}));
	} catch {
		return; // Frappe has shown why; the dialog and its values stay
	}
	dialog.hide();
	const link = frappe.utils.get_form_link(doctype, message.name, true, frappe.utils.escape_html(message.name));
	frappe.show_alert({ message: __("{0} {1} added", [label, link]), indicator: "green" });
	work_after_change(frm);
}

function work_todo_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Add To Do"),
		fields: [
			{ fieldtype: "Small Text", fieldname: "description", label: __("Description"), reqd: 1 },
			{
				fieldtype: "Link",
				fieldname: "allocated_to",
				label: __("Assigned To"),
				options: "User",
				default: frappe.session.user,
			},
			{ fieldtype: "Column Break" },
			{ fieldtype: "Date", fieldname: "date", label: __("Due Date") },
			{
				fieldtype: "Select",
				fieldname: "priority",
				label: __("Priority"),
				options: [
					{ value: "High", label: __("High") },
					{ value: "Medium", label: __("Medium") },
					{ value: "Low", label: __("Low") },
				],
				default: "Medium",
			},
		],
		primary_action_label: __("Save"),
		primary_action: (values) =>
			work_save(frm, dialog, "client_management.api.work.new_todo", "ToDo", __("To Do"), values),
	});
	dialog.add_custom_action(__("Edit Full Form"), () =>
		work_full_form(dialog, "ToDo", {
			...dialog.get_values(true),
			reference_type: "Client",
			reference_name: frm.doc.name,
		})
	);
	dialog.show();
}

function work_task_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Add Task"),
		fields: [
			{ fieldtype: "Data", fieldname: "subject", label: __("Subject"), reqd: 1 },
			{
				fieldtype: "Link",
				fieldname: "project",
				label: __("Project"),
				options: "Project",
				description: __("One of the client's projects, or none."),
				get_query: () => ({ filters: { client: frm.doc.name } }),
			},
			{ fieldtype: "Column Break" },
			{ fieldtype: "Date", fieldname: "exp_end_date", label: __("Expected End Date") },
			{
				fieldtype: "Select",
				fieldname: "priority",
				label: __("Priority"),
				options: [
					{ value: "Low", label: __("Low") },
					{ value: "Medium", label: __("Medium") },
					{ value: "High", label: __("High") },
					{ value: "Urgent", label: __("Urgent") },
				],
			},
			{ fieldtype: "Section Break" },
			{ fieldtype: "Small Text", fieldname: "description", label: __("Description") },
		],
		primary_action_label: __("Save"),
		primary_action: (values) =>
			work_save(frm, dialog, "client_management.api.work.new_task", "Task", __("Task"), values),
	});
	dialog.add_custom_action(__("Edit Full Form"), () =>
		work_full_form(dialog, "Task", { ...dialog.get_values(true), client: frm.doc.name })
	);
	dialog.show();
}
