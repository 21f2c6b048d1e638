"""Who owes what and since when, read for all clients at once: a few set-based queries, none per
invoice or per client.

Overdue is ERPNext's own rule, as `sales_invoice.create_dunning` maps it: a submitted Sales Invoice
with an outstanding amount, and a payment-schedule row past its due date with an outstanding."""

import frappe
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count, Max, Min, Sum
from frappe.utils import date_diff, getdate, nowdate

from client_management.constants.follow_ups import TO_SEND

INVOICE, SCHEDULE, DUNNING = DocType("Sales Invoice"), DocType("Payment Schedule"), DocType("Dunning")
CUSTOMER, CLIENT = DocType("Customer"), DocType("Client")


def overdue_invoices_query(today, company: str | None = None, customers: list[str] | None = None):
	"""One row per overdue invoice: its customer, company, currency, outstanding and oldest overdue due
	date."""
	query = (
		frappe.qb.from_(INVOICE)
		.join(SCHEDULE)
		.on((SCHEDULE.parent == INVOICE.name) & (SCHEDULE.parenttype == "Sales Invoice"))
		.select(
			INVOICE.name,
			INVOICE.customer,
			INVOICE.company,
			INVOICE.currency,
			INVOICE.outstanding_amount,
			Min(SCHEDULE.due_date).as_("oldest_due_date"),
		)
		.where(
			(INVOICE.docstatus == 1)
			& (INVOICE.outstanding_amount > 0)
			& (SCHEDULE.outstanding > 0)
			& (SCHEDULE.due_date < today)
		)
		.groupby(INVOICE.name)
	)
	if company:
		query = query.where(INVOICE.company == company)
	if customers is not None:
		query = query.where(INVOICE.customer.isin(customers or [""]))
	return query


def overdue_parties(
	clients: list[str] | None = None,
	company: str | None = None,
	customers: list[str] | None = None,
	as_of=None,
) -> list[frappe._dict]:
	"""Per client and company: how many invoices are overdue, their outstanding, the oldest overdue due
	date and its days overdue, with the client's pause and hold."""
	today = getdate(as_of or nowdate())
	invoices = overdue_invoices_query(today, company, customers)
	query = (
		frappe.qb.from_(invoices)
		.join(CUSTOMER)
		.on(CUSTOMER.name == invoices.customer)
		.join(CLIENT)
		.on(CLIENT.name == CUSTOMER.client)
		.select(
			CLIENT.name.as_("client"),
			invoices.customer,
			invoices.company,
			Max(invoices.currency).as_("currency"),
			Count("*").as_("invoices"),
			Sum(invoices.outstanding_amount).as_("overdue"),
			Min(invoices.oldest_due_date).as_("oldest_due_date"),
			Max(CLIENT.pause_follow_ups_until).as_("paused_until"),
		)
		.groupby(invoices.customer, invoices.company)
		.orderby(CLIENT.name)
		.orderby(invoices.company)
	)
	if clients is not None:
		query = query.where(CLIENT.name.isin(clients or [""]))
	rows = query.run(as_dict=True)
	for row in rows:
		row.days_overdue = date_diff(today, row.oldest_due_date)
	return rows


def overdue_invoice_names(customer: str, company: str, as_of=None) -> list[str]:
	"""The customer's overdue invoices in the company, oldest due first."""
	invoices = overdue_invoices_query(getdate(as_of or nowdate()), company, [customer])
	return [row[0] for row in invoices.orderby(Min(SCHEDULE.due_date)).orderby(INVOICE.name).run()]


def sent_levels(customers: list[str]) -> dict[tuple[str, str], int]:
	"""(customer, company) -> the highest level of its follow-ups still open: submitted Dunnings of the
	run, unresolved, with an invoice still owed (ERPNext resolves a Dunning on payment only; a credit
	note that settles its invoices ends it too)."""
	if not customers:
		return {}
	overdue_payment = DocType("Overdue Payment")
	still_owed = (
		frappe.qb.from_(overdue_payment)
		.join(INVOICE)
		.on(INVOICE.name == overdue_payment.sales_invoice)
		.select(overdue_payment.parent)
		.where((overdue_payment.parenttype == "Dunning") & (INVOICE.outstanding_amount > 0))
	)
	rows = (
		frappe.qb.from_(DUNNING)
		.select(DUNNING.customer, DUNNING.company, Max(DUNNING.follow_up_level))
		.where(
			(DUNNING.docstatus == 1)
			& (DUNNING.status == "Unresolved")
			& (DUNNING.follow_up_level > 0)
			& DUNNING.customer.isin(customers)
			& DUNNING.name.isin(still_owed)
		)
		.groupby(DUNNING.customer, DUNNING.company)
		.run()
	)
	return {(customer, company): level for customer, company, level in rows}


def pending_dunnings(clients: list[str] | None = None, company: str | None = None) -> list[frappe._dict]:
	"""Follow-ups made but not yet e-mailed (a run stopped between the two): unresolved, submitted."""
	query = (
		frappe.qb.from_(DUNNING)
		.join(CUSTOMER)
		.on(CUSTOMER.name == DUNNING.customer)
		.join(CLIENT)
		.on(CLIENT.name == CUSTOMER.client)
		.select(
			DUNNING.name,
			CLIENT.name.as_("client"),
			DUNNING.customer,
			DUNNING.company,
			DUNNING.follow_up_level,
			CLIENT.pause_follow_ups_until.as_("paused_until"),
		)
		.where(
			(DUNNING.docstatus == 1) & (DUNNING.status == "Unresolved") & (DUNNING.follow_up_email == TO_SEND)
		)
		.orderby(DUNNING.name)
	)
	if company:
		query = query.where(DUNNING.company == company)
	if clients is not None:
		query = query.where(CLIENT.name.isin(clients or [""]))
	return query.run(as_dict=True)


def settled_held_clients(clients: list[str] | None = None, as_of=None) -> list[frappe._dict]:
	"""Clients on hold with nothing overdue any more, in any company."""
	held = frappe.get_all(
		"Client",
		{"follow_up_hold": 1, **({"name": ("in", clients)} if clients is not None else {})},
		["name", "customer"],
	)
	if not held:
		return []
	owing = {row.customer for row in overdue_parties(customers=[row.customer for row in held], as_of=as_of)}
	return [row for row in held if row.customer not in owing]
