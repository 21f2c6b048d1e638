"""The app's exceptions, in one place."""

from collections.abc import Iterable

import frappe

from client_management.validation import Problem


class ClientFieldError(frappe.ValidationError):
	"""A Client refused for its values: `problems` says where (field, contact row, label, why), so that
	a caller (the importer) places the error without reading its message."""

	def __init__(self, *args, problems: Iterable[Problem] = ()):
		super().__init__(*args)
		self.problems = tuple(problems)


class MissingClientFieldsError(ClientFieldError, frappe.MandatoryError):
	"""Fields that Client Management Settings require were left empty."""


class DuplicateClientError(ClientFieldError):
	"""Another client has the same tax ID / VAT number and no Client Manager confirmed it."""


class MirrorLinkError(frappe.ValidationError):
	"""A field the mirror owns was set or changed from input."""


class StatementLogError(frappe.PermissionError):
	"""A Statement Log written by hand or changed after it was written."""


class PortalAccessError(frappe.PermissionError):
	"""A write that would let a portal login reach a Customer that Customer Portal User does not give."""


class ClientOnHoldError(frappe.ValidationError):
	"""A new sales order or invoice of a client that follow-ups put on hold."""
