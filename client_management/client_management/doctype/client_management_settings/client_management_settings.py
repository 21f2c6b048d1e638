# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import NamingSeries

from client_management.follow_ups.levels import check_levels
from client_management.mirror.accounts import account_parents, no_parent_group, pattern_problem
from client_management.utils.settings import default, parse_statuses
from client_management.utils.templates import InvalidTemplate, check_template


class ClientManagementSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from client_management.client_management.doctype.client_account_group.client_account_group import (
			ClientAccountGroup,
		)
		from client_management.client_management.doctype.client_follow_up_level.client_follow_up_level import (
			ClientFollowupLevel,
		)

		auto_create_clients: DF.Check
		client_account_groups: DF.Table[ClientAccountGroup]
		client_account_number_pattern: DF.Data | None
		client_number_series: DF.Data
		create_client_accounts: DF.Check
		follow_up_levels: DF.Table[ClientFollowupLevel]
		client_trigger_statuses: DF.SmallText | None
		portal_login_expiry_months: DF.Int
		relationship_types: DF.SmallText
		schedule_statements: DF.Check
		send_follow_ups_daily: DF.Check
		scheduled_statement_type: DF.Literal["Open Item", "Balance Forward", "Transaction"]
		statement_day_of_month: DF.Int
		statement_email_body: DF.TextEditor | None
		statement_email_subject: DF.Data | None
		won_sales_stages: DF.SmallText | None
	# end: auto-generated types

	def validate(self):
		self.validate_number_series()
		self.validate_relationship_types()
		self.validate_trigger_statuses()
		self.validate_won_sales_stages()
		self.validate_email_templates()
		self.validate_statement_day()
		self.validate_client_accounts()
		check_levels(self.follow_up_levels)

	def validate_number_series(self):
		if "#" not in (self.client_number_series or ""):
			frappe.throw(
				_("The client number series needs at least one # for the running number, e.g. {0}").format(
					default("client_number_series")
				),
				title=_("Invalid Series"),
			)

	def validate_relationship_types(self):
		types = parse_statuses(self.relationship_types)
		if repeated := sorted({t for t in types if types.count(t) > 1}):
			frappe.throw(
				_("Relationship Types: {0} is listed twice.").format(", ".join(repeated)),
				title=_("Invalid Relationship Types"),
			)
		self.relationship_types = "\n".join(types)

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

	def validate_won_sales_stages(self):
		known = frappe.get_all("Sales Stage", pluck="name", order_by="name")
		unknown = [s for s in parse_statuses(self.won_sales_stages) if s not in known]
		if unknown:
			frappe.throw(
				_("{0} is not a Sales Stage. Use one of: {1}").format(", ".join(unknown), ", ".join(known)),
				title=_("Invalid Sales Stage"),
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

	def validate_client_accounts(self):
		if not self.create_client_accounts:
			return
		sample = NamingSeries(self.client_number_series).get_preview()[0]
		if problem := pattern_problem(self.client_account_number_pattern, sample):
			frappe.throw(problem, title=_("Invalid Account Number Pattern"))
		companies = set()
		for row in self.client_account_groups:
			group = frappe.db.get_value(
				"Account", row.parent_account, ["company", "is_group", "root_type"], as_dict=True
			)
			problem = None
			if row.company in companies:
				problem = _("company {0} is listed twice").format(frappe.bold(row.company))
			elif not group or group.company != row.company:
				problem = _("{0} is not an account of company {1}").format(
					frappe.bold(row.parent_account), frappe.bold(row.company)
				)
			elif not group.is_group or group.root_type != "Asset":
				problem = _("{0} must be a group account of the assets (e.g. Accounts Receivable)").format(
					frappe.bold(row.parent_account)
				)
			if problem:
				frappe.throw(
					_("Parent Group per Company, row {0}: {1}.").format(row.idx, problem),
					title=_("Invalid Parent Group"),
				)
			companies.add(row.company)
		for company, parent in account_parents(self.client_account_groups).items():
			if not parent:
				frappe.throw(no_parent_group(company), title=_("No Parent Group"))
