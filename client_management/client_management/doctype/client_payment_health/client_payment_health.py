# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

from frappe.model.document import Document


class ClientPaymentHealth(Document):
	"""One client's payment figures, written by `client_management.payment_health` only. A DocType of
	its own, not Client fields: Frappe v15 hides a field of a higher permission level from a reader but
	still lets them filter, sort and group by it, which would tell a Sales User what a client owes."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		average_days_late: DF.Float
		client: DF.Link
		client_name: DF.Data | None
		currency: DF.Link | None
		customer: DF.Link | None
		days_sales_outstanding: DF.Float
		follow_up_level: DF.Int
		last_payment_date: DF.Date | None
		outstanding_amount: DF.Currency
		overdue_amount: DF.Currency
		updated_on: DF.Datetime | None
	# end: auto-generated types
