"""Won opportunities become clients: automatically, prefilled, exactly once, never blocking the sale.

ERPNext v15 marks an Opportunity Converted through `set_status(update=True)` -> `db_set`, which runs
`on_change` (not `on_update`); a desk save runs `on_change` too. So `on_change` sees every path.
"""

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import get_link_to_form, nowdate

from client_management.client_links import party_customer
from client_management.settings import trigger_statuses
from client_management.won_deals.prefill import prefill_values

ACTIONS = ("created", "linked", "skipped", "failed")


@dataclass
class Outcome:
	action: str  # one of ACTIONS
	client: str | None
	reason: str


def on_opportunity_change(opportunity):
	"""Create the client when the opportunity has just moved into a trigger status."""
	statuses = trigger_statuses()
	if opportunity.status not in statuses or opportunity.get("client"):
		return
	before = opportunity.get_doc_before_save()
	if before and before.status in statuses:
		return
	client_for_opportunity(opportunity.name)


def client_for_opportunity(opportunity: str) -> Outcome:
	"""Create or link the opportunity's client. Never raises: a failure is logged, the sale goes on."""
	frappe.db.savepoint("client_for_opportunity")
	try:
		outcome = create_or_link(opportunity)
		frappe.db.release_savepoint("client_for_opportunity")
	except Exception:
		frappe.db.rollback(save_point="client_for_opportunity")
		frappe.clear_messages()
		error = frappe.log_error(
			title=_("Could not create a client from opportunity {0}").format(opportunity)
		)
		outcome = Outcome("failed", None, _("error, see Error Log {0}").format(error.name))
	return outcome


def create_or_link(opportunity: str) -> Outcome:
	opp = frappe.get_doc("Opportunity", opportunity)
	existing = opp.get("client") or frappe.db.get_value("Client", {"opportunity": opp.name})
	if existing:
		link_opportunity(opp, existing)
		return Outcome("skipped", existing, _("already has client {0}").format(existing))

	customer = party_customer(opp)
	if customer and (client := frappe.db.get_value("Customer", customer, "client")):
		link_opportunity(
			opp,
			client,
			_("Linked to client {0}, which already had customer {1}.").format(
				get_link_to_form("Client", client), customer
			),
		)
		return Outcome("linked", client, _("customer {0} already has client {1}").format(customer, client))

	client = frappe.get_doc(prefill_values(opp, customer, finalized_date=nowdate()))
	client.flags.allow_incomplete = True  # never block the sale: save what we have, list the rest
	frappe.db.savepoint("client_insert")
	try:
		client.insert(ignore_permissions=True)  # system automation, not user input
	except (frappe.UniqueValidationError, frappe.DuplicateEntryError):
		# another connection created it first: theirs stands
		frappe.db.rollback(save_point="client_insert")
		frappe.clear_messages()
		winner = frappe.db.get_value("Client", {"opportunity": opp.name}, for_update=True)
		link_opportunity(opp, winner)
		return Outcome("skipped", winner, _("created concurrently as {0}").format(winner))

	link_opportunity(
		opp,
		client.name,
		_("Client {0} was created from this won opportunity.").format(
			get_link_to_form("Client", client.name)
		),
	)
	client.add_comment(
		"Info", _("Created from won opportunity {0}.").format(get_link_to_form("Opportunity", opp.name))
	)
	if client.status == "Incomplete":
		ask_owner_to_complete(client)
	return Outcome(
		"created",
		client.name,
		_("incomplete: {0}").format(client.missing_fields) if client.status == "Incomplete" else "",
	)


def link_opportunity(opp, client: str, comment: str | None = None):
	if opp.get("client") != client:
		frappe.db.set_value("Opportunity", opp.name, "client", client, update_modified=False)
		opp.client = client
	if comment:
		opp.add_comment("Info", comment)


def ask_owner_to_complete(client):
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": client.client_owner,
			"reference_type": "Client",
			"reference_name": client.name,
			"priority": "Medium",
			"description": _("Complete client {0}. Missing or invalid: {1}").format(
				frappe.bold(client.company_name), client.missing_fields
			),
		}
	).insert(ignore_permissions=True)
