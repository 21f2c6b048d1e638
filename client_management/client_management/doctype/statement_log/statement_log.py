# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from client_management.utils.exceptions import StatementLogError


class StatementLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from client_management.client_management.doctype.statement_log_recipient.statement_log_recipient import (
			StatementLogRecipient,
		)

		client: DF.Link
		closing_balance: DF.Currency
		company: DF.Link
		currency: DF.Link | None
		from_date: DF.Date | None
		sent_at: DF.Datetime | None
		sent_by: DF.Link | None
		sent_to: DF.Table[StatementLogRecipient]
		statement_data: DF.JSON | None
		statement_date: DF.Date
		statement_type: DF.Literal["Balance Forward", "Open Item", "Transaction"]
		to_date: DF.Date | None
		total_due: DF.Currency

	# end: auto-generated types
	def recipients(self, recipient_type: str = "To") -> list[str]:
		return [row.email for row in self.sent_to if row.recipient_type == recipient_type]

	def before_insert(self):
		if not self.flags.from_statement_delivery:
			frappe.throw(
				_("A Statement Log is written when a statement is sent; it cannot be made by hand."),
				title=_("Statement Log"),
				exc=StatementLogError,
			)

	def validate(self):
		if not self.is_new():
			frappe.throw(
				_("A Statement Log is the record of what was sent: it cannot be changed."),
				title=_("Statement Log"),
				exc=StatementLogError,
			)
