# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

from frappe.model.document import Document


class ClientContact(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		alternate_email: DF.Data | None
		contact: DF.Link | None
		designation: DF.Data | None
		email: DF.Data
		first_name: DF.Data
		im_id: DF.Data | None
		is_billing_contact: DF.Check
		is_primary: DF.Check
		last_name: DF.Data
		mobile_no: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		phone: DF.Data | None
	# end: auto-generated types
	pass
