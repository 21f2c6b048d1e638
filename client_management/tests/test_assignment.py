"""The client's owner is its assignee: Assigned To on the client, the client in the owner's ToDo list."""

import frappe

from client_management.tests.factories import ClientTestCase, create_client, ensure_user


def open_assignees(client: str) -> set[str]:
	return set(
		frappe.get_all(
			"ToDo",
			{"reference_type": "Client", "reference_name": client, "status": "Open"},
			pluck="allocated_to",
		)
	)


class TestOwnerIsAssigned(ClientTestCase):
	def setUp(self):
		self.first = ensure_user("owner-one@client-assign.example.com", ["Sales User"])
		self.second = ensure_user("owner-two@client-assign.example.com", ["Sales User"])
		self.helper = ensure_user("helper@client-assign.example.com", ["Sales User"])

	def test_a_new_clients_owner_is_assigned_and_sees_it_in_the_todo_list(self):
		client = create_client(client_owner=self.first)
		self.assertEqual(open_assignees(client.name), {self.first})
		self.assertIn(self.first, frappe.parse_json(frappe.db.get_value("Client", client.name, "_assign")))
		comments = frappe.get_all(  # on the timeline, in Frappe's own words, once
			"Comment",
			{"reference_doctype": "Client", "reference_name": client.name, "comment_type": "Assigned"},
			pluck="content",
		)
		self.assertEqual(len(comments), 1, comments)
		self.assertIn(f"Owner of client {client.company_name}", comments[0])
		self.assertIn(frappe.utils.get_fullname(self.first), comments[0])

	def test_a_new_owner_takes_the_assignment_over_and_hand_made_ones_stay(self):
		client = create_client(client_owner=self.first)
		frappe.get_doc(  # assigned by hand (as assign_to writes it, without its notification e-mail,
			# which a test would send, and commit, at once)
			{
				"doctype": "ToDo",
				"allocated_to": self.helper,
				"reference_type": "Client",
				"reference_name": client.name,
				"description": "Help with the onboarding",
			}
		).insert()
		client.reload()
		client.client_owner = self.second
		client.save()
		self.assertEqual(open_assignees(client.name), {self.second, self.helper})
		self.assertEqual(
			frappe.db.get_value(
				"ToDo", {"reference_name": client.name, "allocated_to": self.first}, "status"
			),
			"Cancelled",
		)

	def test_saving_again_makes_no_second_todo(self):
		client = create_client(client_owner=self.first)
		client.reload()
		client.notes = "saved again"
		client.save()
		self.assertEqual(
			frappe.db.count("ToDo", {"reference_name": client.name, "allocated_to": self.first}), 1
		)
