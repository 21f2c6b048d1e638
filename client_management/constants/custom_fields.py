"""Every field this app adds to ERPNext (and Frappe) doctypes, in one place.

Applied by `client_management.setup.setup_all` (install and every migrate), removed on uninstall.
"""

from client_management.constants import CLIENT_DOCTYPES

CLIENT_LINK = {
	"fieldname": "client",
	"label": "Client",
	"fieldtype": "Link",
	"options": "Client",
	"read_only": 1,
	"no_copy": 1,
	"search_index": 1,
	"in_standard_filter": 1,
}

CUSTOM_FIELDS = {
	"Customer": [
		{**CLIENT_LINK, "insert_after": "customer_name", "unique": 1},
	],
	**{
		doctype: [{**CLIENT_LINK, "insert_after": carrier.insert_after}]
		for doctype, carrier in CLIENT_DOCTYPES.items()
	},
	# ERPNext's Task has a project, not a customer: a project's task is the project's client's
	# (client_links.set_task_client), one without a project names its client here
	"Task": [
		{
			**CLIENT_LINK,
			"insert_after": "project",
			"read_only": 0,
			"read_only_depends_on": "eval:doc.project",
		},
	],
	# The team whose member a ToDo assigns the client to: the assignments that follow the team
	# (client_management.clients.assignment).
	"ToDo": [
		{
			"fieldname": "client_team",
			"label": "Client Team",
			"fieldtype": "Link",
			"options": "User Group",
			"read_only": 1,
			"no_copy": 1,
			"insert_after": "reference_name",
		},
	],
	# A Dunning made by the follow-up run (client_management.follow_ups): its level among its company's
	# levels (0: made by hand), and its e-mail: To Send until queued (a run stopped in between mails it),
	# then Sent; empty for a level that sends none.
	"Dunning": [
		{
			"fieldname": "follow_up_level",
			"label": "Follow-up Level",
			"fieldtype": "Int",
			"read_only": 1,
			"no_copy": 1,
			"insert_after": "dunning_type",
		},
		{
			"fieldname": "follow_up_email",
			"label": "Follow-up E-mail",
			"fieldtype": "Select",
			"options": "\nTo Send\nSent",
			"read_only": 1,
			"no_copy": 1,
			"allow_on_submit": 1,
			"insert_after": "follow_up_level",
		},
	],
}

# ERPNext columns the mirror makes hot: queried unindexed on every save of its records, so each row of
# an import scanned the whole table (Address.on_update looks up the customers whose primary it is).
INDEXED_FIELDS = {"Customer": ["customer_primary_address"]}
