# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

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


def parse_statuses(text: str | None) -> list[str]:
	return [line.strip() for line in (text or "").splitlines() if line.strip()]


def trigger_statuses() -> set[str]:
	"""Opportunity statuses that create a client; empty when the automation is off."""
	if not frappe.db.get_single_value("Client Management Settings", "auto_create_clients", cache=False):
		return set()
	return set(
		parse_statuses(
			frappe.db.get_single_value("Client Management Settings", "client_trigger_statuses", cache=False)
		)
	)
