"""The "Clients" workspace: shipped with the app, its number cards and charts count what the user may
read, as the desk asks for them, and nothing for those who may read no client."""

import json

import frappe
from frappe.desk.desktop import get_desktop_page, get_workspace_sidebar_items
from frappe.desk.doctype.dashboard_chart import dashboard_chart
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.utils import add_days, get_first_day, nowdate, random_string

from client_management.client_management.dashboard_chart_source.overdue_by_client import overdue_by_client
from client_management.client_management.dashboard_chart_source.top_outstanding_clients import (
	top_outstanding_clients,
)
from client_management.payment_health import HEALTH
from client_management.tests.factories import (
	ClientTestCase,
	client_values,
	create_client,
	create_sales_invoice,
	ensure_user,
)

WORKSPACE = "Clients"
CLIENT_CARDS = ("Active Clients", "Incomplete Clients", "New Clients This Month")
OUTSTANDING_CARD = "Total Outstanding of Clients"
FOLLOW_UP_CARD = "Clients in Follow-up"  # the clients' payment health with something overdue
CARDS = (*CLIENT_CARDS, OUTSTANDING_CARD, FOLLOW_UP_CARD)
CHARTS = (
	"New Clients per Month",
	"Clients by Lead Source",
	"Top 10 Outstanding by Client",
	"Overdue by Client",
)
CHART_SOURCES = {"Top Outstanding Clients": top_outstanding_clients, "Overdue by Client": overdue_by_client}
DESK_ROLES = {"Sales User", "Sales Manager", "Accounts User", "Accounts Manager", "Client Manager"}

SALES_USER = "ws.sales.user@example.com"
ACCOUNTS_USER = "ws.accounts.user@example.com"
PURCHASE_USER = "ws.purchase.user@example.com"  # a desk user who may read no client
PORTAL_USER = "ws.portal.user@example.com"  # a Website User with the Customer role


def card(name: str) -> dict:
	"""The card's value as the desk's number card widget asks for it: the card, its filters (a custom
	card: its method, with its filters)."""
	doc = frappe.get_doc("Number Card", name)
	if doc.type == "Custom":
		return frappe.get_attr(doc.method)(filters=doc.filters_json)["value"]
	return get_result(json.dumps(doc.as_dict(), default=str), doc.filters_json)


def chart(name: str) -> dict | None:
	"""The chart's data as the desk's chart widget asks for it (refresh=1)."""
	doc = frappe.get_doc("Dashboard Chart", name)
	if doc.chart_type == "Custom":
		return CHART_SOURCES[doc.source].get(chart_name=name, filters=doc.filters_json, refresh=1)
	return dashboard_chart.get(chart_name=name, filters=doc.filters_json, refresh=1)


def server_method(path: str):
	"""What the server runs for a whitelisted path (after `override_whitelisted_methods`)."""
	return frappe.get_attr(frappe.override_whitelisted_method(path))


def as_user(user: str, function, *args):
	frappe.set_user(user)
	try:
		return function(*args)
	finally:
		frappe.set_user("Administrator")


class TestClientsWorkspace(ClientTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		ensure_user(SALES_USER, ["Sales User"])
		ensure_user(ACCOUNTS_USER, ["Accounts User"])
		ensure_user(PURCHASE_USER, ["Purchase User"])
		ensure_user(PORTAL_USER, ["Customer"])

	def test_the_workspace_ships_its_cards_charts_and_shortcuts_for_desk_roles_only(self):
		workspace = frappe.get_doc("Workspace", WORKSPACE)
		self.assertEqual(
			(workspace.module, workspace.public, workspace.label), ("Client Management", 1, "Clients")
		)
		self.assertEqual([row.number_card_name for row in workspace.number_cards], list(CARDS))
		self.assertEqual([row.chart_name for row in workspace.charts], list(CHARTS))
		self.assertEqual(
			[row.link_to for row in workspace.shortcuts],
			[
				"Client",
				"Customer Portal User",
				"Client Import",
				"Statement Log",
				"Client Management Settings",
			],
		)
		roles = {row.role for row in workspace.roles}
		self.assertTrue(DESK_ROLES | {"System Manager"} <= roles)
		self.assertNotIn("Customer", roles)
		for doctype, names in (("Number Card", CARDS), ("Dashboard Chart", CHARTS)):
			for name in names:
				doc = frappe.get_doc(doctype, name)
				self.assertEqual((doc.module, doc.is_standard), ("Client Management", 1), name)
		blocks = {
			block["data"].get("number_card_name") or block["data"].get("chart_name")
			for block in json.loads(workspace.content)
		}
		self.assertTrue(set(CARDS) | set(CHARTS) <= blocks, "every card and chart is laid out")

	def test_the_sidebar_shows_the_workspace_to_sales_and_accounts_users_not_to_others(self):
		for user, visible in ((SALES_USER, True), (ACCOUNTS_USER, True), (PURCHASE_USER, False)):
			pages = as_user(user, get_workspace_sidebar_items)["pages"]
			self.assertEqual(WORKSPACE in [page.name for page in pages], visible, user)

	def test_a_sales_user_sees_the_client_cards_an_accounts_user_the_outstanding_too(self):
		page = json.dumps({"name": WORKSPACE, "title": WORKSPACE, "public": 1})
		for user, cards, charts in (
			(SALES_USER, CLIENT_CARDS, CHARTS[:2]),
			(ACCOUNTS_USER, CARDS, CHARTS),
		):
			widgets = as_user(user, get_desktop_page, page)
			self.assertEqual(
				[row.number_card_name for row in widgets["number_cards"]["items"]], list(cards), user
			)
			self.assertEqual([row.chart_name for row in widgets["charts"]["items"]], list(charts), user)

	def test_client_cards_count_new_active_and_incomplete_clients(self):
		before = {name: card(name) for name in CLIENT_CARDS}
		create_client()
		create_client()
		incomplete = frappe.get_doc(client_values(address_line1=None, city=None))
		incomplete.flags.allow_incomplete = True  # as a won deal's client is saved
		incomplete.insert()
		self.assertEqual(incomplete.status, "Incomplete")

		after = {name: card(name) for name in CLIENT_CARDS}
		self.assertEqual(after["Active Clients"], before["Active Clients"] + 2)
		self.assertEqual(after["Incomplete Clients"], before["Incomplete Clients"] + 1)
		self.assertEqual(after["New Clients This Month"], before["New Clients This Month"] + 3)
		self.assertEqual(
			after["Active Clients"],
			frappe.db.count("Client", {"status": "Active"}),
			"every client, for the admin",
		)
		for name in CLIENT_CARDS:  # a Sales User reads every client
			self.assertEqual(as_user(SALES_USER, card, name), after[name], name)

	def test_client_cards_count_only_the_clients_a_user_permission_allows(self):
		own = create_client(client_owner=SALES_USER)
		create_client()
		frappe.get_doc(
			{"doctype": "User Permission", "user": SALES_USER, "allow": "Client", "for_value": own.name}
		).insert(ignore_permissions=True)

		self.assertEqual(as_user(SALES_USER, card, "Active Clients"), 1)
		self.assertEqual(as_user(SALES_USER, card, "New Clients This Month"), 1)

	def test_total_outstanding_sums_the_submitted_invoices_of_clients(self):
		before = card(OUTSTANDING_CARD)
		client = create_client()
		invoice = create_sales_invoice(client.customer, rate=120)
		create_sales_invoice(client.customer, rate=999, submit=False)  # a draft owes nothing yet

		after = card(OUTSTANDING_CARD)
		self.assertEqual(invoice.client, client.name)
		self.assertAlmostEqual(after - before, invoice.outstanding_amount)
		self.assertAlmostEqual(as_user(ACCOUNTS_USER, card, OUTSTANDING_CARD), after)
		with self.assertRaises(frappe.PermissionError):  # a Sales User reads no invoice
			as_user(SALES_USER, card, OUTSTANDING_CARD)

	def test_users_who_may_read_no_client_get_no_card(self):
		create_client()
		for user in (PORTAL_USER, PURCHASE_USER):
			for name in CARDS:
				with self.assertRaises(frappe.PermissionError, msg=f"{user}: {name}"):
					as_user(user, card, name)

	def test_charts_return_new_clients_per_month_by_lead_source_and_top_outstanding(self):
		# None while no client owes anything (a new site): the widget's "no data" state
		owed_before = chart("Top 10 Outstanding by Client")
		owed_before = owed_before["datasets"][0]["values"] if owed_before else []
		client = create_client(company_name=f"Workspace Chart Debtor {random_string(6)} SARL")
		# more than any client owed before: this one tops the chart whatever else the site holds
		invoice = create_sales_invoice(client.customer, rate=max(owed_before, default=0) + 1000)

		per_month = chart("New Clients per Month")
		self.assertEqual(
			per_month["datasets"][0]["values"][-1],
			frappe.db.count("Client", {"creation": (">=", get_first_day(nowdate()))}),
		)
		by_source = chart("Clients by Lead Source")
		counts = dict(zip(by_source["labels"], by_source["datasets"][0]["values"], strict=True))
		self.assertEqual(
			counts[client.lead_source], frappe.db.count("Client", {"lead_source": client.lead_source})
		)

		top = chart("Top 10 Outstanding by Client")
		self.assertLessEqual(len(top["labels"]), 10)
		self.assertEqual(top["labels"][0], client.company_name)
		values = top["datasets"][0]["values"]
		self.assertEqual(values[0], invoice.outstanding_amount)
		self.assertEqual(values, sorted(values, reverse=True))
		self.assertEqual(as_user(ACCOUNTS_USER, chart, "Top 10 Outstanding by Client"), top)

	def test_clients_in_follow_up_and_overdue_by_client_show_who_owes_past_due(self):
		before = card(FOLLOW_UP_CARD)
		top = chart("Overdue by Client")
		client = create_client(company_name=f"Workspace Overdue {random_string(6)} SARL")
		# more than any client owed past due before: this one tops the chart whatever else the site holds
		create_sales_invoice(
			client.customer,
			rate=max(top["datasets"][0]["values"] if top else [], default=0) + 1000,
			posting_date=add_days(nowdate(), -20),
			due_date=add_days(nowdate(), -10),
			set_posting_time=1,
		)
		create_sales_invoice(create_client().customer, rate=10)  # due today: not overdue yet

		self.assertEqual(card(FOLLOW_UP_CARD), before + 1)
		self.assertEqual(as_user(ACCOUNTS_USER, card, FOLLOW_UP_CARD), before + 1)
		top = chart("Overdue by Client")
		self.assertEqual(top["labels"][0], client.company_name)
		self.assertEqual(
			top["datasets"][0]["values"][0], frappe.db.get_value(HEALTH, client.name, "overdue_amount")
		)
		self.assertEqual(as_user(ACCOUNTS_USER, chart, "Overdue by Client"), top)
		for user in (SALES_USER, PORTAL_USER, PURCHASE_USER):  # ledger figures: none for them
			for call in (lambda: card(FOLLOW_UP_CARD), lambda: chart("Overdue by Client")):
				with self.assertRaises(frappe.PermissionError, msg=user):
					as_user(user, call)

	def test_chart_data_is_never_served_from_another_users_cache(self):
		"""Frappe caches a chart's data per chart for everyone; the method the server runs for the desk's
		path recomputes it for its caller, so those who may read no client get an error, not counts."""
		get = server_method("frappe.desk.doctype.dashboard_chart.dashboard_chart.get")
		create_client()
		self.assertTrue(chart("Clients by Lead Source")["labels"])  # the admin's counts, now cached

		for user in (PORTAL_USER, PURCHASE_USER):
			for name in CHARTS[:2]:
				with self.assertRaises(frappe.PermissionError, msg=f"{user}: {name}"):
					as_user(user, get, name)
		self.assertTrue(as_user(SALES_USER, get, "Clients by Lead Source")["labels"])

	def test_top_outstanding_refuses_users_who_may_read_no_invoice(self):
		create_sales_invoice(create_client().customer, rate=50)
		for user in (PORTAL_USER, PURCHASE_USER, SALES_USER):
			with self.assertRaises(frappe.PermissionError, msg=user):
				as_user(user, chart, "Top 10 Outstanding by Client")
