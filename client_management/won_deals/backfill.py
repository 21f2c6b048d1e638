from collections import Counter
from collections.abc import Callable

import frappe
from frappe import _

from client_management.utils.settings import configured_trigger_statuses, configured_won_sales_stages
from client_management.won_deals import ACTIONS, client_for_opportunity


def backfill(report: Callable[[str], None] = print) -> Counter:
	"""Clients for opportunities already won; idempotent: a second run only skips."""
	won = [
		[field, "in", values]
		for field, values in (
			("status", configured_trigger_statuses()),
			("sales_stage", configured_won_sales_stages()),
		)
		if values
	]
	counts = Counter(dict.fromkeys(ACTIONS, 0))
	names = frappe.get_all("Opportunity", or_filters=won, pluck="name", order_by="creation") if won else []
	for name in names:
		outcome = client_for_opportunity(name)
		counts[outcome.action] += 1
		report(
			_("{0}: {1} {2} {3}").format(name, outcome.action, outcome.client or "", outcome.reason).rstrip()
		)
	return counts
