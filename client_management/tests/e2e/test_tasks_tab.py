"""The Client form's Tasks tab in a real browser: a to-do and a task added from their popups (a refused
one keeps what was typed), listed, one closed, then found under the Closed filter; Edit Full Form."""

import frappe

from client_management.tests.e2e.conftest import (
	admin_password,
	close_message,
	fill,
	login,
	open_client,
	screenshot,
)
from client_management.tests.factories import create_client

DIALOG = ".modal.show"


def create_project(client):
	return frappe.get_doc(
		{"doctype": "Project", "project_name": f"Browser Tasks {client.name}", "customer": client.customer}
	).insert()


def test_desk_tasks_tab_adds_lists_and_closes_todos_and_tasks(page, committed):
	frappe.set_user("Administrator")
	client, other = create_client(company_name="Browser Tasks Client"), create_client()
	committed += [client, other]
	project, not_theirs = create_project(client), create_project(other)
	committed += [project, not_theirs]
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	open_client(page, client.name)
	page.click('.form-tabs .nav-link:has-text("Tasks")')
	tab = page.locator(".client-work:visible")
	tab.wait_for()

	tab.get_by_role("button", name="Add To Do").click()
	fill(page, "description", "Call the buyer back", scope=DIALOG)
	page.locator(f"{DIALOG} .btn-modal-primary").click()
	page.locator(".desk-alert:has-text('added')").wait_for()
	tab.locator(".client-todos:has-text('Call the buyer back')").wait_for()

	tab.get_by_role("button", name="Add Task").click()
	fill(page, "subject", "Install the licences", scope=DIALOG)
	fill(page, "project", not_theirs.name, scope=DIALOG)  # another client's: the server refuses it
	page.locator(f"{DIALOG} .btn-modal-primary").click()
	page.get_by_text("does not match project").wait_for()
	close_message(page)
	page.wait_for_function("() => cur_dialog && cur_dialog.title === 'Add Task' && cur_dialog.display")
	assert page.evaluate("() => cur_dialog.get_value('subject')") == "Install the licences"
	fill(page, "project", project.name, scope=DIALOG)
	page.locator(f"{DIALOG} .btn-modal-primary").click()
	page.locator(".desk-alert:has-text('Task')").wait_for()
	tasks = tab.locator(".client-tasks")
	tasks.locator("tr:has-text('Install the licences')").wait_for()
	assert project.name in tasks.inner_text()
	screenshot(page, "desk-tasks-tab")

	frappe.db.rollback()  # see what the browser saved
	task = frappe.get_doc("Task", {"subject": "Install the licences"})
	todo = frappe.get_doc("ToDo", {"reference_name": client.name, "description": ("like", "%buyer%")})
	committed += [task, todo]
	assert (task.project, task.client, task.status) == (project.name, client.name, "Open")
	assert not frappe.db.exists("Task", {"project": not_theirs.name})

	tasks.locator(f"tr[data-name='{task.name}'] .client-work-close").click()
	tasks.locator(f"tr[data-name='{task.name}']").wait_for(state="detached")
	assert "Call the buyer back" in tab.locator(".client-todos").inner_text()  # still open
	tab.locator(".client-work-show").select_option("Closed")
	closed = tab.locator(f".client-tasks tr[data-name='{task.name}']")
	closed.wait_for()
	assert "Completed" in closed.inner_text()
	assert closed.locator(".client-work-close").count() == 0
	assert "Call the buyer back" not in tab.locator(".client-todos").inner_text()
	frappe.db.rollback()
	assert frappe.db.get_value("Task", task.name, "status") == "Completed"

	tab.get_by_role("button", name="Add Task").click()  # what the popup does not show: ERPNext's form
	fill(page, "subject", "Plan the training", scope=DIALOG)
	page.locator(DIALOG).get_by_role("button", name="Edit Full Form").click()
	page.wait_for_function(
		"() => window.cur_frm && cur_frm.doctype === 'Task' && cur_frm.is_new()"
		f" && cur_frm.doc.subject === 'Plan the training' && cur_frm.doc.client === '{client.name}'"
	)
