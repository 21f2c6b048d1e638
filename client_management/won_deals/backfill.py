from collections import Counter
from collections.abc import Callable

import frappe
from frappe import _

from client_management.settings import configured_trigger_statuses
from client_management.won_deals import ACTIONS, client_for_opportunity


def backfill(report: Callable[[str], None] = print) -> Counter:
	"""Clients for opportunities already won; idempotent: a second run only skips."""
	statuses = configured_trigger_statuses()
	counts = Counter(dict.fromkeys(ACTIONS, 0))
	for name in frappe.get_all(
		"Opportunity", {"status": ("in", statuses)}, pluck="name", order_by="creation"
	):
		outcome = client_for_opportunity(name)
		counts[outcome.action] += 1
		report(
			_("{0}: {1} {2} {3}").format(name, outcome.action, outcome.client or "", outcome.reason).rstrip()
		)
	return counts
