from frappe import _

from client_management.constants import CLIENT_DOCTYPES


def get_data():
	"""Connections of the Client form: every ERPNext document carrying its `client` field, grouped as
	CLIENT_DOCTYPES says (Task with the projects), then the client's portal records."""
	groups = {}
	for doctype, carrier in CLIENT_DOCTYPES.items():
		groups.setdefault(carrier.group, []).append(doctype)
	groups["Projects"].append("Task")
	return {
		"fieldname": "client",
		"transactions": [
			*({"label": _(label), "items": items} for label, items in groups.items()),
			{"label": _("Customer Portal"), "items": ["Customer Portal User", "Statement Log"]},
		],
	}
