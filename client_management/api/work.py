"""Whitelisted methods of the Client form's Tasks tab: the client's to-dos and tasks. Thin: the client
is read first (portal users refused), then the rules of client_management.clients.work run as the user."""

import frappe
from frappe import _

from client_management.api.client import client_for
from client_management.clients.work import (
	CLOSE_STATUS,
	OPEN,
	add_task,
	add_todo,
	belongs_to,
	client_work,
	close,
)


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def get_work(client: str, show: str = OPEN) -> dict:
	"""The client's to-dos and tasks the user may read: Open, Closed or All."""
	doc = client_for(client)
	return client_work(doc.name, show)


@frappe.whitelist(methods=["POST"])
def new_todo(
	client: str,
	description: str,
	allocated_to: str | None = None,
	date: str | None = None,
	priority: str | None = None,
) -> dict:
	"""A ToDo on the client (the Add To Do popup); returns its name."""
	doc = client_for(client)
	frappe.has_permission("ToDo", "create", throw=True)
	return {"name": add_todo(doc.name, description, allocated_to, date, priority).name}


@frappe.whitelist(methods=["POST"])
def new_task(
	client: str,
	subject: str,
	project: str | None = None,
	exp_end_date: str | None = None,
	priority: str | None = None,
	description: str | None = None,
) -> dict:
	"""An ERPNext Task of the client (the Add Task popup); returns its name."""
	doc = client_for(client)
	frappe.has_permission("Task", "create", throw=True)
	return {"name": add_task(doc.name, subject, project, exp_end_date, priority, description).name}


@frappe.whitelist(methods=["POST"])
def close_work(client: str, doctype: str, name: str) -> dict:
	"""Close one of the client's to-dos or complete one of its tasks; needs write on it."""
	doc = client_for(client)
	if doctype not in CLOSE_STATUS:
		frappe.throw(_("Only a To Do or a Task can be closed here."), title=_("Not Allowed"))
	item = frappe.get_doc(doctype, name)
	item.check_permission("write")
	if not belongs_to(item, doc.name):
		frappe.throw(
			_("{0} {1} is not of client {2}.").format(_(doctype), name, doc.name), title=_("Wrong Client")
		)
	return {"name": item.name, "status": close(item).status}
