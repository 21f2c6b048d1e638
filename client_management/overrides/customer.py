"""doc_events of Customer."""

from client_management.mirror.customer import block_drift


def validate(doc, method=None):
	block_drift(doc)
