"""The monthly statement run of Client Management Settings."""

import frappe
from frappe.utils import add_months, get_first_day, get_last_day, getdate, nowdate

from client_management.constants import SETTINGS
from client_management.statements import statement_pdf
from client_management.statements.delivery import prepare_statement, send_statement


def enqueue_due_statements():
	"""Daily scheduler event: on the configured day of the month, one deduplicated background job."""
	settings = frappe.get_cached_doc(SETTINGS)
	if not settings.schedule_statements or getdate(nowdate()).day != (settings.statement_day_of_month or 1):
		return
	frappe.enqueue(
		send_scheduled_statements,
		queue="long",
		job_id=f"client_management:statements:{nowdate()}",
		deduplicate=True,
		enqueue_after_commit=True,
	)


def send_scheduled_statements(statement_type: str | None = None, company: str | None = None) -> dict:
	"""Last month's statement to every client that opted in and has an invoice recipient's email."""
	import erpnext

	statement_type = statement_type or frappe.db.get_single_value(SETTINGS, "scheduled_statement_type")
	company = company or erpnext.get_default_company()
	last_month = add_months(nowdate(), -1)
	period = {"from_date": get_first_day(last_month), "to_date": get_last_day(last_month)}
	return send_to_clients(
		frappe.get_all("Client", {"receive_statements": 1, "customer": ("is", "set")}, pluck="name"),
		company,
		statement_type,
		**period,
	)


def send_to_clients(
	clients: list[str],
	company: str,
	statement_type: str,
	from_date=None,
	to_date=None,
	dry_run=False,
	report=print,
) -> dict:
	"""One rule for the CLI and the schedule: each client's statement in its own savepoint.

	A dry run builds each statement and its PDF, and writes nothing: no log, no file, no email."""
	counts = {"sent": 0, "failed": 0}
	for client in clients:
		frappe.db.savepoint("statement")
		try:
			if dry_run:
				_doc, to, _cc, statement = prepare_statement(
					client, company, statement_type, from_date, to_date
				)
				statement_pdf(statement)
				report(f"{client}: would send ({', '.join(to)}, total {statement['total']})")
			else:
				log = send_statement(client, company, statement_type, from_date, to_date)
				report(f"{client}: sent ({log.recipients.replace(chr(10), ', ')}, total {log.total_due})")
			counts["sent"] += 1
			frappe.db.release_savepoint("statement")
		except frappe.ValidationError as error:
			frappe.db.rollback(save_point="statement")
			frappe.clear_messages()
			report(f"{client}: not sent: {error}")
			counts["failed"] += 1
	return counts
