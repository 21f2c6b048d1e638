"""The monthly statement run of Client Management Settings."""

import calendar
import datetime

import frappe
from frappe import _
from frappe.utils import add_months, get_first_day, get_last_day, getdate, nowdate

from client_management.constants import SETTINGS
from client_management.statements import statement_companies, statement_pdf
from client_management.statements.delivery import prepare_statement, send_statement
from client_management.utils.settings import scheduled_statement_type

CLIENTS_PER_JOB = 50
LAST_DAY = 0  # statement_day_of_month: 1 to 28, or 0 for the last day of the month


def is_statement_day(day: datetime.date, day_of_month: int) -> bool:
	if day_of_month == LAST_DAY:
		return day.day == calendar.monthrange(day.year, day.month)[1]
	return day.day == day_of_month


def enqueue_due_statements():
	"""Daily scheduler event: on the configured day, one deduplicated job per chunk of clients."""
	settings = frappe.get_cached_doc(SETTINGS)
	if not settings.schedule_statements or not is_statement_day(
		getdate(nowdate()), settings.statement_day_of_month
	):
		return
	clients = frappe.get_all(
		"Client", {"receive_statements": 1, "customer": ("is", "set")}, pluck="name", order_by="name"
	)
	for start in range(0, len(clients), CLIENTS_PER_JOB):
		frappe.enqueue(
			send_scheduled_statements,
			queue="long",
			clients=clients[start : start + CLIENTS_PER_JOB],
			job_id=f"client_management:statements:{nowdate()}:{start // CLIENTS_PER_JOB}",
			deduplicate=True,
			enqueue_after_commit=True,
		)


def send_scheduled_statements(
	clients: list[str], statement_type: str | None = None, company: str | None = None
) -> dict:
	"""Last month's statements to each of `clients`, committed one by one: one statement per company
	the client has transactions in (or only `company`'s)."""
	last_month = add_months(nowdate(), -1)
	return send_to_clients(
		clients,
		company,
		statement_type or scheduled_statement_type(),
		from_date=get_first_day(last_month),
		to_date=get_last_day(last_month),
		commit_each=True,
	)


def send_to_clients(
	clients: list[str],
	company: str | None,
	statement_type: str,
	from_date=None,
	to_date=None,
	dry_run=False,
	report=print,
	commit_each=False,
) -> dict:
	"""One rule for the CLI and the schedule: each statement in its own savepoint; one statement's
	failure (its data, the template, the PDF) is reported, logged, and the others go on.

	`company`: that company's statement for every client; None: one statement per company each client
	has transactions in (statement_companies), each sent and logged on its own.

	A dry run builds each statement and its PDF, and writes nothing: no log, no file, no email."""
	counts = {"sent": 0, "failed": 0}
	for client in clients:
		companies = [company] if company else companies_of(client)
		for each in companies:
			label = client if company else f"{client} ({each})"
			if send_one(label, client, each, statement_type, from_date, to_date, dry_run, report):
				counts["sent"] += 1
				if commit_each and not dry_run:
					frappe.db.commit()  # a background job: what was sent stays sent
			else:
				counts["failed"] += 1
	return counts


def companies_of(client: str) -> list[str]:
	return statement_companies(frappe.db.get_value("Client", client, "customer"))


def send_one(
	label: str, client: str, company: str, statement_type: str, from_date, to_date, dry_run, report
) -> bool:
	frappe.db.savepoint("statement")
	try:
		if dry_run:
			_doc, to, _cc, statement = prepare_statement(client, company, statement_type, from_date, to_date)
			statement_pdf(statement)
			report(f"{label}: would send ({', '.join(to)}, total {statement['total']})")
		else:
			log = send_statement(client, company, statement_type, from_date, to_date)
			report(f"{label}: sent ({', '.join(log.recipients())}, total {log.total_due})")
	except Exception as error:
		frappe.db.rollback(save_point="statement")
		frappe.clear_messages()
		if not isinstance(error, frappe.ValidationError):  # not the client's data: keep the trace
			frappe.log_error(title=_("Statement of client {0} not sent").format(client))
		report(f"{label}: not sent: {error}")
		return False
	frappe.db.release_savepoint("statement")
	return True
