# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

from frappe.model.document import Document


class StatementLogRecipient(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		email: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		recipient_type: DF.Literal["To", "CC"]

	# end: auto-generated types
	pass
