"""Whitelisted methods of the Opportunity form."""

import frappe

from client_management.clients.links import party_customer
from client_management.won_deals import mark_as_won as mark_won
from client_management.won_deals.prefill import prefill_values


@frappe.whitelist(methods=["GET"])
def get_client_prefill(opportunity: str) -> dict:
	"""Values of a new Client for this opportunity (the "Create Client" button); nothing is saved."""
	opp = frappe.get_doc("Opportunity", opportunity)
	opp.check_permission("read")
	frappe.has_permission("Client", "create", throw=True)
	customer = party_customer(opp)
	if customer and (client := frappe.db.get_value("Customer", customer, "client")):
		return {"existing_client": client}
	return prefill_values(opp, customer, finalized_date=frappe.utils.nowdate(), as_user=True)


@frappe.whitelist(methods=["POST"])
def mark_as_won(opportunity: str) -> dict:
	"""Set the opportunity's sales stage to won ("Mark as Won"); returns the client it made or linked
	(None when none), what was done ("created", "linked", "skipped", "failed" or None) and why."""
	opp = frappe.get_doc("Opportunity", opportunity)
	opp.check_permission("write")
	outcome = mark_won(opp)
	return {
		"sales_stage": opp.sales_stage,
		"client": opp.get("client"),
		"action": outcome.action if outcome else None,
		"reason": outcome.reason if outcome else None,
	}
