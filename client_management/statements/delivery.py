"""Statement delivery: the PDF, the email to the invoice recipient (other contacts in CC), the log."""

import frappe
from frappe import _
from frappe.core.doctype.communication.email import make as make_communication
from frappe.utils import now_datetime
from frappe.utils.file_manager import save_file

from client_management.constants import SETTINGS
from client_management.statements import build_statement, pdf_filename, statement_pdf


def statement_recipients(client) -> tuple[list[str], list[str]]:
	"""(to, cc): the invoice recipient, then every other contact with an email."""
	billing = [row.email for row in client.contacts if row.is_billing_contact and row.email]
	if not billing:
		frappe.throw(
			_(
				"Client {0} has no invoice recipient with an email: mark a contact as Invoice Recipient and give it an email."
			).format(frappe.bold(client.company_name)),
			title=_("No Billing Email"),
		)
	cc = [row.email for row in client.contacts if row.email and row.email not in billing]
	return billing, cc


def prepare_statement(
	client: str, company: str, statement_type: str, from_date=None, to_date=None, statement_date=None
):
	"""(client document, to, cc, statement): what a send needs, with nothing written."""
	doc = frappe.get_doc("Client", client)
	to, cc = statement_recipients(doc)
	statement = build_statement(client, company, statement_type, from_date, to_date, statement_date)
	return doc, to, cc, statement


def send_statement(
	client: str, company: str, statement_type: str, from_date=None, to_date=None, statement_date=None
):
	"""Build, log and email one statement through Frappe's email queue; returns the Statement Log."""
	doc, to, cc, statement = prepare_statement(
		client, company, statement_type, from_date, to_date, statement_date
	)
	log = log_statement(statement, to, cc)
	file = attach_pdf(log, statement)
	contact_name = next((f"{r.first_name} {r.last_name}" for r in doc.contacts if r.email in to), "")
	context = {"client": doc, "statement": statement, "contact_name": contact_name}
	make_communication(
		doctype="Client",
		name=client,
		recipients=to,
		cc=cc,
		subject=frappe.render_template(
			frappe.db.get_single_value(SETTINGS, "statement_email_subject"), context
		),
		content=frappe.render_template(frappe.db.get_single_value(SETTINGS, "statement_email_body"), context),
		attachments=[file.name],
		send_email=True,
	)
	return log


def log_statement(statement: dict, to: list[str] | None = None, cc: list[str] | None = None):
	log = frappe.get_doc(
		{
			"doctype": "Statement Log",
			"client": statement["client"],
			"company": statement["company"],
			"statement_type": statement["statement_type"],
			"currency": statement["currency"],
			"from_date": statement["from_date"],
			"to_date": statement["to_date"],
			"statement_date": statement["statement_date"],
			"closing_balance": statement.get("closing", statement["total"]),
			"total_due": statement["total"],
			"recipients": "\n".join(to or []),
			"cc": "\n".join(cc or []),
			"sent_at": now_datetime() if to else None,
			"sent_by": frappe.session.user if to else None,
			"statement_data": frappe.as_json(statement),
		}
	)
	log.insert()
	return log


def attach_pdf(log, statement: dict):
	return save_file(
		pdf_filename(statement), statement_pdf(statement), "Statement Log", log.name, is_private=1
	)


def logged_statement(log_name: str) -> dict:
	"""The statement exactly as it was sent: a reprint shows the same numbers."""
	return frappe.parse_json(frappe.db.get_value("Statement Log", log_name, "statement_data"))
