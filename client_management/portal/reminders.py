"""The portal's reminders: a client's open ERPNext Dunnings and overdue invoices, and a reminder's PDF,
only ever of the portal user's own client (its customer)."""

import frappe
from frappe import _
from frappe.utils import date_diff, getdate, nowdate

from client_management.follow_ups.dunning import dunning_pdf


def open_reminders(customer: str) -> list[dict]:
	"""The customer's submitted Dunnings not yet resolved (ERPNext resolves one when its invoices are
	paid), newest first, with their Dunning Type's own title."""
	reminders = frappe.get_all(
		"Dunning",
		filters={"customer": customer, "docstatus": 1, "status": "Unresolved"},
		fields=["name", "posting_date", "dunning_type", "total_outstanding", "grand_total", "currency"],
		order_by="posting_date desc, name desc",
	)
	titles = dict(
		frappe.get_all(
			"Dunning Type",
			filters={"name": ("in", [row.dunning_type for row in reminders if row.dunning_type] or [""])},
			fields=["name", "dunning_type"],
			as_list=True,
		)
	)
	for row in reminders:
		row.title = titles.get(row.dunning_type) or _("Payment Reminder")
	return reminders


def overdue_invoices(customer: str, today: str | None = None) -> list[dict]:
	"""The customer's submitted invoices with something left to pay past their due date, oldest due
	first, with their days overdue."""
	today = getdate(today or nowdate())
	invoices = frappe.get_all(
		"Sales Invoice",
		filters={
			"customer": customer,
			"docstatus": 1,
			"outstanding_amount": (">", 0),
			"due_date": ("<", today),
		},
		fields=["name", "posting_date", "due_date", "grand_total", "outstanding_amount", "currency"],
		order_by="due_date asc, name asc",
	)
	for row in invoices:
		row.days_overdue = date_diff(today, row.due_date)
	return invoices


def reminders_home(customer: str | None) -> dict:
	"""What the portal home shows of them."""
	if not customer:
		return {"reminders": [], "overdue_invoices": []}
	return {"reminders": open_reminders(customer), "overdue_invoices": overdue_invoices(customer)}


def own_reminder(client: str, name: str):
	"""The client's own submitted Dunning; the same PermissionError for another client's, a draft, a
	cancelled one or none, so that nothing tells them apart."""
	customer = frappe.db.get_value("Client", client, "customer")
	found = frappe.db.get_value("Dunning", name, ["customer", "docstatus"], as_dict=True)
	if not (customer and found and found.customer == customer and found.docstatus == 1):
		raise frappe.PermissionError(_("This reminder is not one of your account's."))
	return frappe.get_doc("Dunning", name)


def reminder_pdf(client: str, name: str) -> tuple[str, bytes]:
	"""(file name, PDF) of the client's own reminder, as the follow-up e-mail attaches it."""
	dunning = own_reminder(client, name)
	return f"{dunning.name}.pdf", dunning_pdf(dunning)[1]
