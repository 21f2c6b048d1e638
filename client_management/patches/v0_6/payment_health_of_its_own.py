import frappe

from client_management.payment_health import clients_with_ledger, refresh_clients

# The Client columns of the payment health's first release (permission level 1, which Frappe v15 does
# not apply to filters and sorting).
OLD_COLUMNS = (
	"outstanding_amount",
	"overdue_amount",
	"days_sales_outstanding",
	"average_days_late",
	"last_payment_date",
	"health_currency",
	"health_updated_on",
)


def execute():
	"""The figures move to Client Payment Health: filled from the ledger, the Client's columns dropped
	(Frappe's migrate leaves columns a DocType no longer has, and a filter on them still works)."""
	present = [column for column in OLD_COLUMNS if frappe.db.has_column("Client", column)]
	if not present:
		return  # a site that never had them: v0_5 filled the figures
	refresh_clients(clients_with_ledger())
	frappe.db.sql_ddl(  # nosec B608 - the column names are the constants above
		"alter table `tabClient` " + ", ".join(f"drop column `{column}`" for column in present)
	)
