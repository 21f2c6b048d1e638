# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from client_management.settings import parse_statuses
from client_management.user_templates import InvalidTemplate, check_template


class ClientManagementSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		auto_create_clients: DF.Check
		client_number_series: DF.Data
		client_trigger_statuses: DF.SmallText | None
		schedule_statements: DF.Check
		scheduled_statement_type: DF.Literal["Open Item", "Balance Forward", "Transaction"]
		statement_day_of_month: DF.Int
		statement_email_body: DF.TextEditor | None
		statement_email_subject: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.validate_number_series()
		self.validate_trigger_statuses()
		self.validate_email_templates()
		self.validate_statement_day()

	def validate_number_series(self):
		if "#" not in (self.client_number_series or ""):
			frappe.throw(
				_("The client number series needs at least one # for the running number, e.g. CL-.#####"),
				title=_("Invalid Series"),
			)

	def validate_trigger_statuses(self):
		known = frappe.get_meta("Opportunity").get_field("status").options.split("\n")
		unknown = [s for s in parse_statuses(self.client_trigger_statuses) if s not in known]
		if unknown:
			frappe.throw(
				_("{0} is not an Opportunity status. Use one of: {1}").format(
					", ".join(unknown), ", ".join(known)
				),
				title=_("Invalid Status"),
			)

	def validate_statement_day(self):
		if not 0 <= (self.statement_day_of_month or 0) <= 28:
			frappe.throw(
				_("Day of the month: 1 to 28 (every month has it), or 0 for the last day of the month."),
				title=_("Invalid Day"),
			)

	def validate_email_templates(self):
		for fieldname in ("statement_email_subject", "statement_email_body"):
			try:
				check_template(self.get(fieldname))
			except InvalidTemplate as error:
				label = _(self.meta.get_label(fieldname))
				frappe.throw(
					_("{0} is not a valid template: {1}").format(label, error),
					title=_("Invalid Template"),
				)
