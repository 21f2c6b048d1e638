"""What the client home page of the portal shows: only the portal user's own client."""

import frappe

from erpnext.accounts.party import get_party_account_currency
from erpnext.accounts.utils import get_balance_on

from client_management.finance import companies_with_transactions
from client_management.follow_ups.hold import hold_notice
from client_management.portal.reminders import reminders_home
from client_management.statements import preferred_company, statement_companies


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
		"hold_notice": hold_notice(client),
		**reminders_home(customer),
		**statement_choice(customer),
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
	"""Balance due per company the customer has transactions in, in its account currency there
	(ERPNext's get_balance_on)."""
	return [
		{
			"company": company,
			"currency": get_party_account_currency("Customer", customer, company),
			"outstanding": get_balance_on(
				party_type="Customer", party=customer, company=company, in_account_currency=True
			),
		}
		for company in companies_with_transactions(customer)
	]


def statement_choice(customer: str | None) -> dict:
	"""The statement form's companies: a choice only when the client has transactions in more than one."""
	companies = statement_companies(customer)
	return {"statement_companies": companies, "statement_company": preferred_company(companies)}
