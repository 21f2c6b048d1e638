"""doc_events of Opportunity."""

from client_management.won_deals import on_opportunity_change


def on_change(doc, method=None):
	on_opportunity_change(doc)
