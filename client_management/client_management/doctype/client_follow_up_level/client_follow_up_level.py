# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

from frappe.model.document import Document


class ClientFollowupLevel(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attach_statement: DF.Check
		company: DF.Link
		days_overdue: DF.Int
		dunning_type: DF.Link
		hold: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		send_email: DF.Check
	# end: auto-generated types

	pass
