"""Statement delivery: the PDF, the email to the invoice recipient (other contacts in CC), the log."""

from jinja2 import TemplateError

import frappe
from frappe import _
from frappe.core.doctype.communication.email import make as make_communication
from frappe.utils import now_datetime
from frappe.utils.file_manager import save_file

from client_management.constants import SETTINGS
from client_management.settings import statement_email_templates
from client_management.statements import build_statement, pdf_filename, statement_pdf
from client_management.user_templates import email_context, render_body, render_subject


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
	contact_name = next((f"{r.first_name} {r.last_name}" for r in doc.contacts if r.email in to), "")
	subject, body = statement_email(doc, statement, contact_name)
	log = log_statement(statement, to, cc)
	file = attach_pdf(log, statement)
	make_communication(
		doctype="Client",
		name=client,
		recipients=to,
		cc=cc,
		subject=subject,
		content=body,
		attachments=[file.name],
		send_email=True,
	)
	return log


def statement_email(client, statement: dict, contact_name: str) -> tuple[str, str]:
	"""Subject and body from the settings' templates; a template that cannot render stops the send
	with a message, before anything is written."""
	context = email_context(client, statement, contact_name)
	subject, body = statement_email_templates()
	try:
		return render_subject(subject, context), render_body(body, context)
	except TemplateError as error:
		frappe.throw(
			_("The statement e-mail template of {0} cannot be used: {1}").format(_(SETTINGS), error),
			title=_("Invalid Template"),
		)


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
	log.flags.from_statement_delivery = True
	log.insert(ignore_permissions=True)  # built here from the ledger; callers check statement access
	return log


def attach_pdf(log, statement: dict):
	"""The PDF, private, under a name nobody can guess: a file URL is a key to its content."""
	stem = pdf_filename(statement).removesuffix(".pdf")
	return save_file(
		f"{stem}-{frappe.generate_hash(length=24)}.pdf",
		statement_pdf(statement),
		"Statement Log",
		log.name,
		is_private=1,
	)


def logged_statement(log_name: str) -> dict:
	"""The statement exactly as it was sent: a reprint shows the same numbers."""
	return frappe.parse_json(frappe.db.get_value("Statement Log", log_name, "statement_data"))
