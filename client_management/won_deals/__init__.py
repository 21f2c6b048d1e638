"""Won opportunities become clients: automatically, prefilled, exactly once, never blocking the sale.

An opportunity is won when it reaches a status listed in the settings (ERPNext marks it Converted
when a quotation made from it is ordered) or a sales stage listed there (ERPNext has no Won status:
the app adds a "Won" stage, which Mark as Won sets). One rule for both.

ERPNext v15 sets the status through `set_status(update=True)` -> `db_set`, which runs `on_change`
(not `on_update`); a desk save runs `on_change` too. So `on_change` sees every path.
"""

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import get_link_to_form, nowdate

from client_management.clients.links import party_customer
from client_management.constants import CLIENT_STATUS
from client_management.utils.settings import configured_won_sales_stages, trigger_statuses, won_sales_stages
from client_management.won_deals.prefill import prefill_values

ACTIONS = ("created", "linked", "skipped", "failed")


@dataclass
class Outcome:
	action: str  # one of ACTIONS
	client: str | None
	reason: str


def on_opportunity_change(opportunity):
	"""Create the client when the opportunity has just been won; the outcome is left in its flags."""
	statuses, stages = trigger_statuses(), won_sales_stages()

	def won(doc) -> bool:
		return doc.status in statuses or doc.get("sales_stage") in stages

	if opportunity.get("client") or not won(opportunity):
		return
	before = opportunity.get_doc_before_save()
	if before and won(before):
		return
	outcome = client_for_opportunity(opportunity.name)
	if outcome.client:  # set in the database; the saved copy (a form's) shows it and keeps it
		opportunity.client = outcome.client
	opportunity.flags.client_outcome = outcome


def mark_as_won(opportunity) -> Outcome | None:
	"""Move the opportunity to the first won sales stage of the settings and save it: the rule above
	makes or links its client. Its outcome, or None when the rule had nothing to do (the automation
	is off, or the opportunity was won or had a client already)."""
	stages = configured_won_sales_stages()
	if not stages:
		frappe.throw(
			_("No sales stage counts as won: list one in Client Management Settings."),
			title=_("No Won Stage"),
		)
	if opportunity.status == "Lost":
		frappe.throw(
			_("Opportunity {0} is Lost: set its status back to Open before marking it as won.").format(
				frappe.bold(opportunity.name)
			),
			title=_("Lost Opportunity"),
		)
	if opportunity.sales_stage not in stages:
		opportunity.sales_stage = stages[0]
		opportunity.save()
	return opportunity.flags.client_outcome


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
	if client.status == CLIENT_STATUS.incomplete:
		ask_owner_to_complete(client)
	return Outcome(
		"created",
		client.name,
		_("incomplete: {0}").format(client.missing_fields)
		if client.status == CLIENT_STATUS.incomplete
		else "",
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
