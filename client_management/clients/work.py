"""A client's work: its to-dos (Frappe ToDos referencing the client) and its tasks (ERPNext Tasks
whose `client` field names it: a project's tasks follow the project's client, see client_links).
Everything is read, written and closed as the user, through Frappe's and ERPNext's controllers."""

import frappe
from frappe import _
from frappe.utils import nowdate

OPEN, CLOSED, ALL = "Open", "Closed", "All"
# doctype -> (its statuses that are closed, the one Close sets)
CLOSED_STATUSES = {"ToDo": ("Closed", "Cancelled"), "Task": ("Completed", "Cancelled")}
CLOSE_STATUS = {"ToDo": "Closed", "Task": "Completed"}
LIST_LIMIT = 100


def client_work(client: str, show: str = OPEN) -> dict:
	"""The client's to-dos and tasks the user may read, Open, Closed or All (up to LIST_LIMIT each,
	open ones by due date, the others latest first); tasks None when the user may not read Tasks.
	Each row says whether the user may close it."""
	if show not in (OPEN, CLOSED, ALL):
		frappe.throw(_("Show Open, Closed or All."), title=_("Invalid Filter"))
	todos = work_list(
		"ToDo",
		{"reference_type": "Client", "reference_name": client},
		["name", "description", "allocated_to", "date", "priority", "status"],
		"date",
		show,
	)
	tasks = (
		work_list(
			"Task",
			{"client": client, "is_template": 0},
			["name", "subject", "project", "status", "priority", "exp_end_date", "progress"],
			"exp_end_date",
			show,
		)
		if frappe.has_permission("Task", "read")
		else None
	)
	return {"todos": todos, "tasks": tasks}


def work_list(doctype: str, filters: dict, fields: list[str], due_field: str, show: str) -> list[dict]:
	closed = CLOSED_STATUSES[doctype]
	if show != ALL:
		filters = {**filters, "status": ("in" if show == CLOSED else "not in", closed)}
	rows = frappe.get_list(
		doctype,
		filters,
		fields,
		order_by=f"{due_field} asc, creation asc" if show == OPEN else "modified desc",
		limit=LIST_LIMIT,
	)
	for row in rows:
		row.may_close = row.status not in closed and frappe.has_permission(doctype, "write", row.name)
	return rows


def add_todo(
	client: str,
	description: str,
	allocated_to: str | None = None,
	date: str | None = None,
	priority: str | None = None,
):
	"""A ToDo on the client for `allocated_to` (the user when empty), who must be able to read the
	client (a to-do they could not open is of no use to them)."""
	allocated_to = allocated_to or frappe.session.user
	if frappe.db.exists("User", allocated_to) and not frappe.has_permission(
		"Client", "read", client, user=allocated_to
	):
		frappe.throw(
			_("{0} may not read client {1}: choose someone who may.").format(allocated_to, client),
			title=_("Not Permitted"),
		)
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": description,
			"allocated_to": allocated_to,
			"assigned_by": frappe.session.user,
			"date": date,
			"priority": priority,
			"reference_type": "Client",
			"reference_name": client,
		}
	)
	return todo.insert()


def add_task(
	client: str,
	subject: str,
	project: str | None = None,
	exp_end_date: str | None = None,
	priority: str | None = None,
	description: str | None = None,
):
	"""An ERPNext Task of the client: of one of its projects, or of none."""
	task = frappe.get_doc(
		{
			"doctype": "Task",
			"subject": subject,
			"project": project,
			"client": client,
			"exp_end_date": exp_end_date,
			"priority": priority,
			"description": description,
		}
	)
	return task.insert()


def belongs_to(doc, client: str) -> bool:
	if doc.doctype == "ToDo":
		return doc.reference_type == "Client" and doc.reference_name == client
	return doc.doctype == "Task" and doc.get("client") == client


def close(doc):
	"""Close a to-do (Closed) or complete a task (Completed, on today's date, by the user, as its form
	asks), through its controller: ERPNext refuses a task whose dependencies are still open."""
	if doc.status in CLOSED_STATUSES[doc.doctype]:
		return doc
	doc.status = CLOSE_STATUS[doc.doctype]
	if doc.doctype == "Task":
		doc.completed_on = doc.completed_on or nowdate()
		doc.completed_by = doc.completed_by or frappe.session.user
	return doc.save()
