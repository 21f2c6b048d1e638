"""The Client form's Tasks tab: the client's to-dos and tasks, added, listed (open, or closed behind
the filter) and closed from the client, as the user and only as far as the user may."""

import frappe
from frappe.permissions import add_permission
from frappe.utils import today

from client_management.api.work import close_work, get_work, new_task, new_todo
from client_management.patches.v0_4.fill_task_clients import execute as fill_task_clients
from client_management.tests.factories import (
	ClientTestCase,
	client_values,
	create_client,
	create_opportunity,
	ensure_user,
	use_test_outgoing_email,
)
from client_management.tests.test_portal import invite


def create_project(client, **values):
	return frappe.get_doc(
		{
			"doctype": "Project",
			"project_name": f"Work {frappe.generate_hash(length=6)}",
			"customer": client.customer,
			**values,
		}
	).insert()


class TestClientWork(ClientTestCase):
	def setUp(self):
		self.client = create_client()

	def names(self, show: str = "Open") -> dict:
		work = get_work(self.client.name, show)
		return {
			"todos": sorted(t.description for t in work["todos"]),
			"tasks": sorted(t.subject for t in work["tasks"]),
		}

	def test_todos_and_tasks_added_from_the_client_are_listed_open(self):
		project = create_project(self.client)
		todo = new_todo(self.client.name, "Call back", date=today(), priority="High")["name"]
		of_project = new_task(self.client.name, "Install", project=project.name)["name"]
		alone = new_task(self.client.name, "Renewal visit", exp_end_date=today())["name"]
		frappe.get_doc({"doctype": "Task", "subject": "Typed in ERPNext", "project": project.name}).insert()

		todo = frappe.get_doc("ToDo", todo)
		self.assertEqual(
			(todo.reference_type, todo.reference_name, todo.allocated_to, todo.priority, todo.status),
			("Client", self.client.name, "Administrator", "High", "Open"),
		)
		self.assertEqual(
			frappe.db.get_value("Task", of_project, ["project", "client"]), (project.name, self.client.name)
		)
		self.assertEqual(frappe.db.get_value("Task", alone, ["project", "client"]), (None, self.client.name))
		# the owner's assignment (assignment.assign_owner) is one of the client's open to-dos too
		self.assertEqual(
			self.names(),
			{
				"todos": ["Call back", f"Owner of client {self.client.company_name}"],
				"tasks": ["Install", "Renewal visit", "Typed in ERPNext"],
			},
		)
		self.assertTrue(all(row.may_close for row in get_work(self.client.name)["tasks"]))

	def test_closed_ones_are_behind_the_filter(self):
		todo = new_todo(self.client.name, "Send the contract")["name"]
		task = new_task(self.client.name, "Sign the contract")["name"]
		new_task(self.client.name, "Still to do")

		self.assertEqual(close_work(self.client.name, "ToDo", todo)["status"], "Closed")
		self.assertEqual(close_work(self.client.name, "Task", task)["status"], "Completed")

		task = frappe.get_doc("Task", task)
		self.assertEqual(
			(str(task.completed_on), task.completed_by, task.progress), (today(), "Administrator", 100)
		)
		self.assertEqual(self.names()["tasks"], ["Still to do"])
		self.assertNotIn("Send the contract", self.names()["todos"])
		self.assertEqual(
			self.names("Closed"), {"todos": ["Send the contract"], "tasks": ["Sign the contract"]}
		)
		self.assertEqual(len(self.names("All")["tasks"]), 2)
		self.assertFalse(any(row.may_close for row in get_work(self.client.name, "Closed")["todos"]))

	def test_a_task_follows_its_projects_client(self):
		other = create_client()
		project = create_project(self.client)
		with self.assertRaisesRegex(frappe.ValidationError, "does not match project"):
			new_task(other.name, "Not theirs", project=project.name)
		internal = frappe.get_doc(
			{"doctype": "Project", "project_name": f"Internal {self.client.name}"}
		).insert()
		with self.assertRaisesRegex(frappe.ValidationError, "belongs to no client"):
			new_task(self.client.name, "Internal", project=internal.name)
		self.assertFalse(frappe.db.exists("Task", {"subject": ("in", ["Not theirs", "Internal"])}))

		task = new_task(self.client.name, "Install", project=project.name)["name"]
		project.customer = other.customer  # the project changes hands: its tasks go with it
		project.save()
		self.assertEqual(frappe.db.get_value("Task", task, "client"), other.name)
		self.assertIn("Install", [t.subject for t in get_work(other.name)["tasks"]])
		self.assertNotIn("Install", self.names()["tasks"])

	def test_a_client_adopting_a_customer_gets_the_tasks_of_its_projects(self):
		customer = frappe.get_doc(
			{"doctype": "Customer", "customer_name": f"Adopted {frappe.generate_hash(length=6)}"}
		).insert()
		project = frappe.get_doc(
			{"doctype": "Project", "project_name": f"Adopted {customer.name}", "customer": customer.name}
		).insert()
		task = frappe.get_doc(
			{"doctype": "Task", "subject": "Before the client", "project": project.name}
		).insert()
		self.assertIsNone(frappe.db.get_value("Task", task.name, "client"))
		opportunity = create_opportunity("Customer", customer.name)
		client = frappe.get_doc(
			{**client_values(), "opportunity": opportunity.name, "customer": customer.name}
		).insert()
		self.assertEqual(frappe.db.get_value("Task", task.name, "client"), client.name)

	def test_tasks_made_before_the_field_get_their_projects_client(self):
		project = create_project(self.client)
		task = frappe.get_doc({"doctype": "Task", "subject": "Old", "project": project.name}).insert()
		frappe.db.set_value("Task", task.name, "client", None)
		fill_task_clients()
		self.assertEqual(frappe.db.get_value("Task", task.name, "client"), self.client.name)

	def test_tasks_show_among_the_clients_connections(self):
		from frappe.desk.notifications import get_open_count

		new_task(self.client.name, "Counted")
		found = get_open_count("Client", self.client.name)["count"]["external_links_found"]
		self.assertEqual({row["doctype"]: row["count"] for row in found}["Task"], 1)

	def test_bad_input_is_refused_with_frappes_message_and_nothing_is_written(self):
		before = frappe.db.count("ToDo"), frappe.db.count("Task")
		with self.assertRaisesRegex(frappe.MandatoryError, "description"):
			new_todo(self.client.name, "")
		with self.assertRaisesRegex(frappe.MandatoryError, "subject"):
			new_task(self.client.name, "")
		with self.assertRaises(frappe.ValidationError):  # not one of the priorities
			new_task(self.client.name, "Odd", priority="Whenever")
		self.assertEqual((frappe.db.count("ToDo"), frappe.db.count("Task")), before)

	def test_a_todo_for_someone_who_cannot_read_the_client_is_refused(self):
		outsider = ensure_user("cm-work-outsider@example.com", ["Projects User"])
		with self.assertRaisesRegex(frappe.ValidationError, "may not read client"):
			new_todo(self.client.name, "For someone else", allocated_to=outsider)
		colleague = ensure_user("cm-work-colleague@example.com", ["Sales User"])
		todo = new_todo(self.client.name, "For a colleague", allocated_to=colleague)["name"]
		self.assertEqual(frappe.db.get_value("ToDo", todo, "allocated_to"), colleague)


class TestClientWorkPermissions(ClientTestCase):
	def setUp(self):
		self.client = create_client()
		self.sales = ensure_user("cm-work-sales@example.com", ["Sales User"])
		self.projects = ensure_user("cm-work-projects@example.com", ["Sales User", "Projects User"])

	def test_users_see_only_the_todos_they_may_read_and_close_only_those_they_may_write(self):
		mine = new_todo(self.client.name, "Administrator's own")["name"]
		frappe.set_user(self.sales)
		theirs = new_todo(self.client.name, "The sales user's")["name"]
		work = get_work(self.client.name)
		self.assertEqual([t.description for t in work["todos"]], ["The sales user's"])
		self.assertIsNone(work["tasks"])  # no read on Task: no task list, no refusal of the tab
		with self.assertRaises(frappe.PermissionError):
			close_work(self.client.name, "ToDo", mine)
		self.assertEqual(close_work(self.client.name, "ToDo", theirs)["status"], "Closed")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("ToDo", mine, "status"), "Open")

	def test_closing_a_task_needs_write_on_it(self):
		task = new_task(self.client.name, "Read only for sales")["name"]
		add_permission("Task", "Sales User")  # read only, as an admin may grant in Role Permissions Manager
		self.addCleanup(frappe.clear_cache, doctype="Task")  # after the rollback
		frappe.clear_cache(doctype="Task")
		frappe.set_user(self.sales)
		row = get_work(self.client.name)["tasks"][0]
		self.assertEqual((row.name, row.may_close), (task, 0))
		with self.assertRaises(frappe.PermissionError):
			close_work(self.client.name, "Task", task)
		with self.assertRaises(frappe.PermissionError):
			new_task(self.client.name, "Sales may not create tasks")
		frappe.set_user(self.projects)
		self.assertEqual(close_work(self.client.name, "Task", task)["status"], "Completed")

	def test_only_the_clients_own_work_is_closed_here(self):
		other = create_client()
		todo = new_todo(other.name, "Other client's")["name"]
		with self.assertRaisesRegex(frappe.ValidationError, "is not of client"):
			close_work(self.client.name, "ToDo", todo)
		with self.assertRaisesRegex(frappe.ValidationError, "Only a To Do or a Task"):
			close_work(self.client.name, "Client", other.name)
		self.assertEqual(frappe.db.get_value("ToDo", todo, "status"), "Open")

	def test_desk_users_without_client_read_and_portal_users_are_refused(self):
		todo = new_todo(self.client.name, "Private")["name"]
		use_test_outgoing_email()  # the invitation is mailed
		portal = invite(self.client.name, f"work-portal-{frappe.generate_hash(length=6)}@example.com").user
		for user in (ensure_user("cm-work-no-client@example.com", ["Projects User"]), portal):
			frappe.set_user(user)
			with self.subTest(user=user):
				for call in (
					lambda: get_work(self.client.name),
					lambda: new_todo(self.client.name, "Sneaky"),
					lambda: new_task(self.client.name, "Sneaky"),
					lambda: close_work(self.client.name, "ToDo", todo),
				):
					with self.assertRaises(frappe.PermissionError):
						call()
		frappe.set_user("Administrator")
		self.assertFalse(frappe.db.exists("ToDo", {"description": "Sneaky"}))
		self.assertFalse(frappe.db.exists("Task", {"subject": "Sneaky"}))
