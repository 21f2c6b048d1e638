# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

from frappe.model.document import Document


class ClientContact(Document):
	pass
