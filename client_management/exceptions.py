"""The app's exceptions, in one place."""

import frappe


class DuplicateClientError(frappe.ValidationError):
	"""Another client has the same tax ID / VAT number and no Client Manager confirmed it."""


class MirrorLinkError(frappe.ValidationError):
	"""A field the mirror owns was set or changed from input."""


class StatementLogError(frappe.PermissionError):
	"""A Statement Log written by hand or changed after it was written."""


class PortalAccessError(frappe.PermissionError):
	"""A write that would let a portal login reach a Customer that Customer Portal User does not give."""
