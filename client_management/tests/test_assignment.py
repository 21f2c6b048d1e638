"""The client's owner is its assignee: Assigned To on the client, the client in the owner's ToDo list;
the members of its team too."""

import frappe
from frappe.utils import random_string

from client_management.tests.factories import ClientTestCase, create_client, create_team, ensure_user
from client_management.tests.test_imports import run, sheet_row


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


def team_todos(client: str) -> dict[str, str]:
	"""Open ToDos of the client's team: member -> team."""
	return dict(
		frappe.get_all(
			"ToDo",
			{
				"reference_type": "Client",
				"reference_name": client,
				"status": "Open",
				"client_team": ("is", "set"),
			},
			["allocated_to", "client_team"],
			as_list=True,
		)
	)


class TestTeamIsAssigned(ClientTestCase):
	def setUp(self):
		self.owner = ensure_user("owner-one@client-assign.example.com", ["Sales User"])
		self.ann, self.bob, self.cy = (
			ensure_user(f"{name}@client-team.example.com", ["Sales User"]) for name in ("ann", "bob", "cy")
		)
		self.team = create_team(f"Team {random_string(5)}", [self.ann, self.bob, self.owner])
		self.other_team = create_team(f"Other Team {random_string(5)}", [self.bob, self.cy])

	def test_each_member_of_the_team_is_assigned_once_and_notified_by_no_email(self):
		emails_before = frappe.db.count("Email Queue")
		client = create_client(client_owner=self.owner, assigned_team=self.team)
		self.assertEqual(open_assignees(client.name), {self.owner, self.ann, self.bob})
		self.assertEqual(
			team_todos(client.name), {self.ann: self.team, self.bob: self.team}
		)  # owner: as owner
		self.assertEqual(
			set(frappe.parse_json(frappe.db.get_value("Client", client.name, "_assign"))),
			{self.owner, self.ann, self.bob},
		)
		self.assertEqual(frappe.db.count("Email Queue"), emails_before)

		client.reload()
		client.notes = "saved again"
		client.save()
		self.assertEqual(frappe.db.count("ToDo", {"reference_name": client.name, "status": "Open"}), 3)

	def test_a_member_leaving_the_team_loses_the_assignment_and_nothing_else_moves(self):
		client = create_client(client_owner=self.owner, assigned_team=self.team)
		by_hand = assign_by_hand(client.name, self.ann)
		team = frappe.get_doc("User Group", self.team)
		team.set("user_group_members", [{"user": self.bob}, {"user": self.owner}, {"user": self.cy}])
		team.save()
		self.assertEqual(team_todos(client.name), {self.bob: self.team, self.cy: self.team})
		self.assertEqual(open_assignees(client.name), {self.owner, self.ann, self.bob, self.cy})
		self.assertEqual(frappe.db.get_value("ToDo", by_hand, "status"), "Open")  # made by hand: stays

	def test_a_new_team_takes_the_assignments_over(self):
		client = create_client(client_owner=self.owner, assigned_team=self.team)
		client.reload()
		client.assigned_team = self.other_team
		client.save()
		self.assertEqual(team_todos(client.name), {self.bob: self.other_team, self.cy: self.other_team})
		self.assertEqual(open_assignees(client.name), {self.owner, self.bob, self.cy})

		client.reload()
		client.assigned_team = None
		client.save()
		self.assertEqual(team_todos(client.name), {})
		self.assertEqual(open_assignees(client.name), {self.owner})

	def test_an_owner_change_within_the_team_keeps_everyone_assigned_once(self):
		client = create_client(client_owner=self.owner, assigned_team=self.team)
		client.reload()
		client.client_owner = self.ann  # a member becomes the owner, the owner stays a member
		client.save()
		self.assertEqual(open_assignees(client.name), {self.owner, self.ann, self.bob})
		self.assertEqual(team_todos(client.name), {self.owner: self.team, self.bob: self.team})
		self.assertEqual(
			frappe.db.count(
				"ToDo", {"reference_name": client.name, "status": "Open", "allocated_to": self.ann}
			),
			1,
		)


def assign_by_hand(client: str, user: str) -> str:
	"""As assign_to writes it, without its notification e-mail (which a test would send, and commit)."""
	return (
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": user,
				"reference_type": "Client",
				"reference_name": client,
				"description": "Help with the onboarding",
			}
		)
		.insert()
		.name
	)


class TestImportedClientsAreAssigned(ClientTestCase):
	"""An import writes the assignments of a batch of clients together (assignment.write_assignments):
	each client ends with what a client saved in the form has."""

	def setUp(self):
		self.owner = ensure_user("owner-one@client-assign.example.com", ["Sales User"])
		self.other = ensure_user("owner-two@client-assign.example.com", ["Sales User"])
		self.ann = ensure_user("ann@client-team.example.com", ["Sales User"])
		self.team = create_team(f"Team {random_string(5)}", [self.ann, self.owner])

	def test_an_imported_client_is_assigned_as_one_saved_in_the_form(self):
		by_hand = create_client(client_owner=self.owner, assigned_team=self.team)
		before = assignment_count()
		outcomes = run(
			[
				sheet_row(company_name="Assigned One", contact_email="one@assigned.fr", **self.columns()),
				# saved, then rejected (its VAT): rolled back with the ToDos it made
				sheet_row(
					company_name="Assigned Bad",
					contact_email="bad@assigned.fr",
					vat_number="FR1",
					**self.columns(),
				),
				sheet_row(company_name="Assigned Two", contact_email="two@assigned.fr", **self.columns()),
			]
		)
		self.assertEqual([o.action for o in outcomes], ["created", "rejected", "created"])
		expected = assignments_of(by_hand.name)
		self.assertEqual(len(expected[0]), 2)  # the owner's ToDo and the team member's
		for outcome in (outcomes[0], outcomes[2]):
			self.assertEqual(assignments_of(outcome.client), expected)
		self.assertEqual(assignment_count(), tuple(n + 2 * 2 for n in before))  # 2 clients, 2 of each

	def test_a_dry_run_assigns_nobody(self):
		before = assignment_count()
		outcomes = run(
			[sheet_row(company_name="Dry Assigned", contact_email="dry@assigned.fr", **self.columns())],
			dry_run=True,
		)
		self.assertEqual(outcomes[0].action, "created")
		self.assertEqual(assignment_count(), before)

	def test_an_import_giving_the_client_a_new_owner_moves_the_assignment(self):
		client = create_client(client_owner=self.owner)
		outcomes = run([{"client_number": client.name, "client_owner": self.other}], update_by="number")
		self.assertEqual(outcomes[0].action, "updated")
		self.assertEqual(open_assignees(client.name), {self.other})
		self.assertEqual(
			frappe.parse_json(frappe.db.get_value("Client", client.name, "_assign")), [self.other]
		)

	def columns(self) -> dict:
		return {"client_owner": self.owner, "assigned_team": self.team}


def assignment_count() -> tuple[int, int]:
	return frappe.db.count("ToDo", {"reference_type": "Client"}), frappe.db.count(
		"Comment", {"reference_doctype": "Client", "comment_type": "Assigned"}
	)


def assignments_of(client: str) -> tuple:
	"""A client's ToDos, "assigned" comments and Assigned To, its own name and company name left out."""
	name = frappe.db.get_value("Client", client, "company_name")

	def general(text: str) -> str:
		return text.replace(name, "<company>")

	todos = [
		{**todo, "description": general(todo.description)}
		for todo in frappe.get_all(
			"ToDo",
			{"reference_type": "Client", "reference_name": client},
			[
				"allocated_to",
				"description",
				"status",
				"priority",
				"date",
				"assigned_by",
				"client_team",
				"owner",
			],
			order_by="allocated_to",
		)
	]
	comments = sorted(
		(comment.comment_email, comment.owner, general(comment.content))
		for comment in frappe.get_all(
			"Comment",
			{"reference_doctype": "Client", "reference_name": client, "comment_type": "Assigned"},
			["comment_email", "owner", "content"],
		)
	)
	return todos, comments, sorted(frappe.parse_json(frappe.db.get_value("Client", client, "_assign")))
