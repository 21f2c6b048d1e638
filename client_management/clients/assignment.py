"""The client's owner is also its assignee: Frappe's Assigned To on the client, and the client in
the owner's ToDo list. A new owner takes the assignment over from the previous one. The members of
the client's team (a User Group) are assigned too, each with a ToDo marked with the team
(ToDo.client_team), which moves when a member leaves or the team changes.

The ToDos are written directly, as Frappe's assign_to writes them (ToDo.on_update keeps the client's
Assigned To), without assign_to's notification: an import of thousands of clients must not send as
many e-mails, and the owner chose or was given the client through the client itself. An import
writes the ToDos of a batch of clients together (`batched_assignments`)."""

import json
from collections import defaultdict
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder import Case, DocType
from frappe.utils import now, nowdate


def assign_owner(client):
	"""Client.on_update. Other assignments of the client (added by hand, the team's) are left alone."""
	before = client.get_doc_before_save()
	previous = before.client_owner if before else None
	if previous and previous != client.client_owner:
		for todo in open_todos(client, previous):
			cancel_todo(todo)
	if client.client_owner and (before is None or not open_todos(client, client.client_owner)):
		add_todo(client, client.client_owner, _("Owner of client {0}").format(client.company_name))


def assign_team(client):
	"""Client.on_update, and its team's members changing: each member of the client's team (the owner
	aside, assigned as owner) has the client in their ToDo list unless it is there already; a member
	who left, or the whole previous team, loses it. Only the team's own ToDos are touched."""
	members = set(team_members(client.assigned_team)) - {client.client_owner}
	for todo in frappe.get_all(
		"ToDo",
		{**open_filters(client), "client_team": ("is", "set")},
		["name", "allocated_to", "client_team"],
	):
		if todo.client_team != client.assigned_team or todo.allocated_to not in members:
			cancel_todo(todo.name)
	assigned = set(frappe.get_all("ToDo", open_filters(client), pluck="allocated_to"))
	for user in sorted(members - assigned):
		add_todo(
			client,
			user,
			_("Team {0} of client {1}").format(client.assigned_team, client.company_name),
			team=client.assigned_team,
		)


def follow_team(team: str):
	"""User Group.on_update: the assignments of the clients of the team follow its members."""
	for client in frappe.get_all(
		"Client", {"assigned_team": team}, ["name", "company_name", "client_owner", "assigned_team"]
	):
		assign_team(client)


def team_members(team: str | None) -> list[str]:
	if not team:
		return []
	return frappe.get_all(
		"User Group Member", {"parenttype": "User Group", "parent": team}, pluck="user", order_by="idx"
	)


def add_todo(client, user: str, description: str, team: str | None = None):
	todo = frappe.new_doc(
		"ToDo",
		allocated_to=user,
		reference_type="Client",
		reference_name=client.name,
		description=description,
		status="Open",
		priority="Medium",
		date=nowdate(),
		assigned_by=frappe.session.user,
		client_team=team,
	)
	# On a client being saved, its "assigned" comment is added here (see keep_assignment_comment);
	# a client read as a row gets it from ToDo.on_update.
	todo.flags.comment_here = isinstance(client, Document)
	batch = frappe.flags.client_assignments
	if batch is not None and todo.flags.comment_here:
		batch.append(todo)  # written with the batch's other ToDos (write_assignments)
		return
	todo.insert(ignore_permissions=True)  # the client's own save (or the team's) was permission-checked
	if comment := todo.flags.assignment_comment:
		client.add_comment(**comment)


@contextmanager
def batched_assignments():
	"""Within: the ToDos that `add_todo` makes for clients being saved wait in the list it yields, which
	`write_assignments` writes (an import: a batch of clients, one insert of their ToDos instead of a
	ToDo, a comment and an update of the client per row). Entries of a row rolled back are removed by
	the caller."""
	frappe.flags.client_assignments = []
	try:
		yield frappe.flags.client_assignments
	finally:
		frappe.flags.client_assignments = None


def write_assignments(todos: list[Document]):
	"""The waiting ToDos, as `add_todo` writes one: each ToDo as its validation leaves it, its "assigned"
	comment as Document.add_comment makes it, and the clients' Assigned To as ToDo.update_in_reference
	sets it; one insert for the ToDos, one for the comments, one update of the clients. Empties `todos`."""
	if not todos:
		return
	comments = []
	for todo in todos:
		todo.set_new_name()
		stamp(todo)
		todo.run_method("validate")
		if comment := todo.flags.assignment_comment:
			comments.append(comment_on_client(todo.reference_name, **comment))
	insert_together(todos)
	insert_together(comments)
	write_assigned_to({todo.reference_name for todo in todos})
	todos.clear()


def comment_on_client(client: str, comment_type: str, text: str) -> Document:
	comment = frappe.new_doc(
		"Comment",
		comment_type=comment_type,
		comment_email=frappe.session.user,
		reference_doctype="Client",
		reference_name=client,
		content=text,
	)
	comment.set_new_name()
	stamp(comment)
	comment.run_method("validate")  # its content sanitised
	return comment


def stamp(doc: Document):
	"""Its creation and owner, as Frappe's insert writes them."""
	doc.creation = doc.modified = now()
	doc.owner = doc.modified_by = frappe.session.user


def insert_together(docs: list[Document]):
	if not docs:
		return
	rows = [doc.get_valid_dict(convert_dates_to_str=True, ignore_virtual=True) for doc in docs]
	frappe.db.bulk_insert(docs[0].doctype, list(rows[0]), [list(row.values()) for row in rows])


def write_assigned_to(clients: set[str]):
	"""The clients' `_assign`: their open ToDos' users, oldest first (ToDo.update_in_reference). Each of
	them was saved in this transaction, which clears its document cache: there is none to clear here."""
	assigned = defaultdict(list)
	for todo in frappe.get_all(
		"ToDo",
		{
			"reference_type": "Client",
			"reference_name": ("in", list(clients)),
			"status": ("not in", ("Cancelled", "Closed")),
			"allocated_to": ("is", "set"),
		},
		["reference_name", "allocated_to"],
		order_by="modified desc",
	):
		assigned[todo.reference_name].insert(0, todo.allocated_to)
	table = DocType("Client")
	value = Case()
	for client in clients:
		value = value.when(table.name == client, json.dumps(assigned[client]) if assigned[client] else "")
	frappe.qb.update(table).set(table._assign, value).where(table.name.isin(list(clients))).run()


def cancel_todo(name: str):
	todo = frappe.get_doc("ToDo", name)
	todo.status = "Cancelled"
	todo.save(ignore_permissions=True)  # the client's own save (or the team's) was permission-checked


def keep_assignment_comment(todo):
	"""ToDo.validate, for the ToDos written above on a client being saved: Frappe's "assigned" comment
	(its own text, made by ToDo.validate) is added by `add_todo` on the client it has in memory.
	ToDo.on_update would load the client again from the database to add it (with this, 500 new clients
	cost 1.18x ERPNext's quick entry of as many customers, against 1.24x before)."""
	if todo.flags.comment_here and todo._assignment:
		todo.flags.assignment_comment, todo._assignment = todo._assignment, None


def open_filters(client) -> dict:
	return {"reference_type": "Client", "reference_name": client.name, "status": "Open"}


def open_todos(client, user: str) -> list[str]:
	"""The user's open ToDos of the client, but those of its team."""
	return frappe.get_all(
		"ToDo", {**open_filters(client), "allocated_to": user, "client_team": ("is", "not set")}, pluck="name"
	)
