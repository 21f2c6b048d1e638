"""What the client home page of the portal shows: only the portal user's own client."""

import frappe

from erpnext.accounts.party import get_party_account_currency
from erpnext.accounts.utils import get_balance_on


@frappe.read_only()
def client_home(client_name: str) -> dict:
	client = frappe.get_doc("Client", client_name)
	customer = client.customer
	return {
		"client": client,
		"contacts": [
			{
				"name": f"{row.first_name} {row.last_name}",
				"email": row.email,
				"phone": row.phone or row.mobile_no,
				"designation": row.designation,
			}
			for row in client.contacts
		],
		"balances": balances(customer) if customer else [],
		"invoices": frappe.get_all(
			"Sales Invoice",
			filters={"customer": customer, "docstatus": 1},
			fields=[
				"name",
				"posting_date",
				"due_date",
				"grand_total",
				"outstanding_amount",
				"status",
				"currency",
			],
			order_by="posting_date desc, name desc",
			limit=10,
		)
		if customer
		else [],
		"projects": frappe.get_all(
			"Project",
			filters={"customer": customer, "status": "Open"},
			fields=["name", "project_name", "percent_complete", "expected_end_date"],
			order_by="expected_end_date asc",
		)
		if customer
		else [],
	}


def balances(customer: str) -> list[dict]:
	"""Balance due per company, in the customer's account currency (ERPNext's get_balance_on)."""
	companies = frappe.get_all(
		"GL Entry",
		{"party_type": "Customer", "party": customer, "is_cancelled": 0},
		pluck="company",
		distinct=True,
	)
	return [
		{
			"company": company,
			"currency": get_party_account_currency("Customer", customer, company),
			"outstanding": get_balance_on(
				party_type="Customer", party=customer, company=company, in_account_currency=True
			),
		}
		for company in companies
	]
