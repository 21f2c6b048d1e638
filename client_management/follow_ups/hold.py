"""A client on hold: a follow-up level with hold puts it there; no new sales order or invoice of its
customer is accepted while it is; it lifts once nothing is overdue any more."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, fmt_money, get_link_to_form

from client_management.constants.follow_ups import HOLD_DOCTYPES
from client_management.follow_ups.overdue import overdue_parties, settled_held_clients
from client_management.utils.exceptions import ClientOnHoldError


def put_on_hold(client, dunning):
	"""The run's final level: the hold is the run's to set (never input, see keep_hold)."""
	if client.follow_up_hold:
		return
	frappe.db.set_value("Client", client.name, "follow_up_hold", 1)
	client.follow_up_hold = 1
	client.add_comment(
		"Info",
		_(
			"Put on hold by follow-up {0}: new sales orders and invoices are refused until nothing is overdue."
		).format(get_link_to_form("Dunning", dunning.name)),
	)


def lift_settled_holds(clients: list[str] | None = None, dry_run: bool = False) -> list[str]:
	"""Take off hold the clients (all, or these) with nothing overdue any more; returns them."""
	settled = settled_held_clients(clients)
	if not dry_run:
		for row in settled:
			frappe.db.set_value("Client", row.name, "follow_up_hold", 0)
			frappe.get_doc("Client", row.name).add_comment(
				"Info", _("Hold lifted: nothing is overdue any more.")
			)
	return [row.name for row in settled]


def lift_holds_of_customers(customers: set[str | None]):
	"""A payment, a credit note or a cancelled invoice of these customers: lift the holds now settled."""
	held = frappe.get_all(
		"Client", {"customer": ("in", [c for c in customers if c] or [""]), "follow_up_hold": 1}, pluck="name"
	)
	if held:
		lift_settled_holds(held)


def overdue_amounts(customer: str) -> str:
	"""What the customer owes past due, per currency: "€1,200.00, $300.00"."""
	totals: dict[str, float] = {}
	for row in overdue_parties(customers=[customer]):
		totals[row.currency] = totals.get(row.currency, 0) + row.overdue
	return ", ".join(fmt_money(amount, currency=currency) for currency, amount in totals.items())


def refuse_when_on_hold(doc: Document):
	"""validate of a new (or submitted) Sales Order or Sales Invoice: refused for a client on hold;
	returns are not."""
	if doc.doctype not in HOLD_DOCTYPES or doc.get("is_return") or not doc.get("client"):
		return
	if not (doc.is_new() or getattr(doc, "_action", None) == "submit"):
		return
	if not frappe.db.get_value("Client", doc.client, "follow_up_hold"):
		return
	company_name = frappe.db.get_value("Client", doc.client, "company_name")
	frappe.throw(
		_(
			"Client {0} ({1}) is on hold for overdue invoices ({2} overdue): no new sales orders or invoices until they are paid."
		).format(escape_html(company_name), doc.client, overdue_amounts(doc.customer) or "0"),
		title=_("Client on Hold"),
		exc=ClientOnHoldError,
	)


def keep_hold(client):
	"""Client.validate: the hold is the run's, never input."""
	before = client.get_doc_before_save()
	client.follow_up_hold = before.follow_up_hold if before else 0


def hold_notice(client) -> str | None:
	"""Why the client is on hold, for its portal page."""
	if not client.follow_up_hold or not client.customer:
		return None
	return _(
		"Your account is on hold: {0} is overdue. New orders and invoices are suspended until it is paid."
	).format(overdue_amounts(client.customer) or "0")
