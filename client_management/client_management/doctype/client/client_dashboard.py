from frappe import _


def get_data():
	"""Connections of the Client form: every ERPNext document carrying its `client` field."""
	return {
		"fieldname": "client",
		"transactions": [
			{"label": _("Pre Sales"), "items": ["Opportunity", "Quotation"]},
			{"label": _("Orders and Delivery"), "items": ["Sales Order", "Delivery Note"]},
			{"label": _("Billing"), "items": ["Sales Invoice", "Payment Entry"]},
			{"label": _("Projects"), "items": ["Project", "Task"]},
			{"label": _("Customer Portal"), "items": ["Customer Portal User", "Statement Log"]},
		],
	}
