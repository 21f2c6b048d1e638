# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class ClientManagementSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		client_number_series: DF.Data

	# end: auto-generated types
	def validate(self):
		if "#" not in (self.client_number_series or ""):
			frappe.throw(
				_("The client number series needs at least one # for the running number, e.g. CL-.#####"),
				title=_("Invalid Series"),
			)
