"""Whitelisted methods of Send Follow-up Now on the Client form."""

import frappe
from frappe.utils import strip_html

from client_management.api.client import client_for
from client_management.api.privacy import require_role
from client_management.constants.follow_ups import FOLLOW_UP_ROLES
from client_management.follow_ups.dunning import build_dunning, letter_html
from client_management.follow_ups.run import is_paused, plan, send_follow_ups
from client_management.statements.delivery import statement_recipients


def follow_up_client(client: str):
	"""The client, for Accounts Users and Managers and Client Managers who may read it."""
	require_role(*FOLLOW_UP_ROLES)
	return client_for(client)


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def preview_follow_up(client: str) -> dict:
	"""What Send Follow-up Now would send, per company: the level (or a follow-up made earlier and not
	yet e-mailed), the recipients and the letter. Nothing is written."""
	doc = follow_up_client(client)
	follow_ups = []
	for follow_up in plan([doc.name], now=True):
		summary = follow_up.describe()
		row = {
			"company": follow_up.company,
			"summary": summary[:1].upper() + summary[1:],
			"dunning": follow_up.dunning,
		}
		try:
			row["to"], row["cc"] = statement_recipients(doc)
			dunning = (
				frappe.get_doc("Dunning", follow_up.dunning)
				if follow_up.dunning
				else build_dunning(follow_up.customer, follow_up.company, follow_up.level)
			)
			row["letter"] = letter_html(dunning)
		except frappe.ValidationError as error:
			frappe.clear_messages()
			row["error"] = strip_html(str(error))
		follow_ups.append(row)
	return {
		"follow_ups": follow_ups,
		"paused_until": doc.pause_follow_ups_until if is_paused(doc.pause_follow_ups_until) else None,
	}


@frappe.whitelist(methods=["POST"])
def send_follow_up_now(client: str) -> dict:
	"""Send what preview_follow_up shows, through the run's own rule; a failure is reported (and
	logged), what was done before it stays."""
	doc = follow_up_client(client)
	lines = []
	counts = send_follow_ups([doc.name], now=True, commit=False, report=lines.append)
	return {**counts, "lines": lines}
