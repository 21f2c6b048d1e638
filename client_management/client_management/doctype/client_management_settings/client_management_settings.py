# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class ClientManagementSettings(Document):
	def validate(self):
		if "#" not in (self.client_number_series or ""):
			frappe.throw(
				_("The client number series needs at least one # for the running number, e.g. CL-.#####"),
				title=_("Invalid Series"),
			)
