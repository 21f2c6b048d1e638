"""doc_events of User Group: a client's team."""

from frappe.model.document import Document

from client_management.clients.assignment import follow_team


def on_update(doc: Document, method: str | None = None):
	"""A member joining or leaving the team moves the assignments of its clients."""
	follow_team(doc.name)
