from collections import Counter
from collections.abc import Callable

import frappe
from frappe import _

from client_management.client_management.doctype.client_management_settings.client_management_settings import (
	parse_statuses,
)
from client_management.won_deals import client_for_opportunity


def backfill(report: Callable[[str], None] = print) -> Counter:
	"""Clients for opportunities already won; idempotent: a second run only skips."""
	statuses = parse_statuses(
		frappe.db.get_single_value("Client Management Settings", "client_trigger_statuses")
	)
	counts = Counter(created=0, linked=0, skipped=0)
	for name in frappe.get_all(
		"Opportunity", {"status": ("in", statuses)}, pluck="name", order_by="creation"
	):
		outcome = client_for_opportunity(name)
		counts[outcome.action] += 1
		report(
			_("{0}: {1} {2} {3}").format(name, outcome.action, outcome.client or "", outcome.reason).rstrip()
		)
	return counts
