"""Statement delivery: the PDF, the email to the invoice recipient (other contacts in CC), the log.

Two ways out, one rule for whom and what (compose_statement): send_statement e-mails at once (the
schedule, the CLI); the desk prepares the mail (prepare_statement_email) for Frappe's composer, and
the log is written when the composer's mail goes out (log_sent_statement)."""

from functools import partial

from jinja2 import TemplateError

import frappe
from frappe import _
from frappe.core.doctype.communication.email import make as make_communication
from frappe.utils import add_to_date, now_datetime, split_emails
from frappe.utils.file_manager import save_file

from client_management.constants import SETTINGS
from client_management.privacy import is_erased_email
from client_management.statements import build_statement, pdf_filename, statement_pdf
from client_management.utils.files import delete_files_older_than, ensure_folder
from client_management.utils.settings import statement_email_templates
from client_management.utils.templates import email_context, render_body, render_subject


def statement_recipients(client) -> tuple[list[str], list[str]]:
	"""(to, cc): the invoice recipient, then every other contact with an email (a forgotten contact's
	stand-in address is no one's)."""
	mailable = [row for row in client.contacts if row.email and not is_erased_email(row.email)]
	billing = [row.email for row in mailable if row.is_billing_contact]
	if not billing:
		frappe.throw(
			_(
				"Client {0} has no invoice recipient with an email: mark a contact as Invoice Recipient and give it an email."
			).format(frappe.bold(client.company_name)),
			title=_("No Billing Email"),
		)
	cc = [row.email for row in mailable if row.email not in billing]
	return billing, cc


def prepare_statement(
	client: str, company: str, statement_type: str, from_date=None, to_date=None, statement_date=None
):
	"""(client document, to, cc, statement): what a send needs, with nothing written."""
	doc = frappe.get_doc("Client", client)
	to, cc = statement_recipients(doc)
	statement = build_statement(client, company, statement_type, from_date, to_date, statement_date)
	return doc, to, cc, statement


def compose_statement(
	client: str, company: str, statement_type: str, from_date=None, to_date=None, statement_date=None
) -> frappe._dict:
	"""The statement and its e-mail: to the invoice recipient, the other contacts in CC, subject and
	body from the settings' templates. Nothing is written."""
	doc, to, cc, statement = prepare_statement(
		client, company, statement_type, from_date, to_date, statement_date
	)
	contact_name = next((f"{r.first_name} {r.last_name}" for r in doc.contacts if r.email in to), "")
	subject, message = statement_email(doc, statement, contact_name)
	return frappe._dict(statement=statement, recipients=to, cc=cc, subject=subject, message=message)


def send_statement(
	client: str, company: str, statement_type: str, from_date=None, to_date=None, statement_date=None
):
	"""Build, log and email one statement through Frappe's email queue; returns the Statement Log."""
	mail = compose_statement(client, company, statement_type, from_date, to_date, statement_date)
	log = log_statement(mail.statement, mail.recipients, mail.cc)
	file = attach_pdf(log, mail.statement)
	make_communication(
		doctype="Client",
		name=client,
		recipients=mail.recipients,
		cc=mail.cc,
		subject=mail.subject,
		content=mail.message,
		attachments=[file.name],
		send_email=True,
	)
	return log


# The desk's composer: the PDF waits in this folder, private to the user who prepared it, with the
# statement it shows kept in the cache under the file's name, until the mail goes out or is given up.
PREPARED_FOLDER = "Home/Prepared Statements"
PREPARED_HOURS = 24  # unsent after this long: deleted by the daily clean-up


def prepare_statement_email(
	client: str, company: str, statement_type: str, from_date=None, to_date=None, statement_date=None
) -> dict:
	"""What the composer opens with: recipients, cc, subject, message and the statement PDF (a private
	File of the user's). No Statement Log: log_sent_statement writes it when the mail is sent."""
	mail = compose_statement(client, company, statement_type, from_date, to_date, statement_date)
	file = save_pdf(mail.statement, folder=ensure_folder(PREPARED_FOLDER))
	frappe.cache.set_value(prepared_key(file.name), mail.statement, expires_in_sec=PREPARED_HOURS * 3600)
	return {
		"recipients": mail.recipients,
		"cc": mail.cc,
		"subject": mail.subject,
		"message": mail.message,
		"attachment": {"name": file.name, "file_name": file.file_name, "file_url": file.file_url},
	}


def log_sent_statement(doc):
	"""Email Queue after_insert: a mail of a Client carrying a prepared statement is on its way. Log it,
	with the prepared figures and the recipients as sent, and move the PDF to the log (once: the file
	leaves the prepared folder)."""
	if doc.reference_doctype != "Client" or not doc.communication:
		return
	attached = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Communication", "attached_to_name": doc.communication},
		pluck="file_url",
	)
	prepared = attached and frappe.get_all(
		"File", filters={"folder": PREPARED_FOLDER, "file_url": ("in", attached)}, fields=["name", "file_url"]
	)
	for file in {row.file_url: row.name for row in prepared or []}.values():  # one per attachment
		statement = frappe.cache.get_value(prepared_key(file))
		if not statement:
			frappe.throw(
				_("The attached statement was prepared too long ago: open the statement again to send it."),
				title=_("Statement Expired"),
			)
		if statement["client"] != doc.reference_name:
			continue
		communication = frappe.get_doc("Communication", doc.communication)
		log = log_statement(statement, split_emails(communication.recipients), split_emails(communication.cc))
		# the file is ours: moved to the log as it is (its copy on the Communication shares the content)
		frappe.db.set_value(
			"File",
			file,
			{
				"attached_to_doctype": "Statement Log",
				"attached_to_name": log.name,
				"folder": "Home/Attachments",
			},
		)
		frappe.db.after_commit.add(partial(frappe.cache.delete_value, prepared_key(file)))


def discard_prepared_statement(client: str, file: str):
	"""The composer was closed unsent: delete the PDF prepared for it (only the user's own, of that
	client, and only while unsent)."""
	statement = frappe.cache.get_value(prepared_key(file))
	owned = frappe.db.exists("File", {"name": file, "folder": PREPARED_FOLDER, "owner": frappe.session.user})
	if owned and statement and statement["client"] == client:
		frappe.delete_doc("File", file)
		frappe.cache.delete_value(prepared_key(file))


def delete_stale_prepared_statements():
	"""Daily: prepared PDFs never sent nor discarded (a browser closed, a send that failed)."""
	for file in delete_files_older_than(PREPARED_FOLDER, add_to_date(now_datetime(), hours=-PREPARED_HOURS)):
		frappe.cache.delete_value(prepared_key(file))


def prepared_key(file: str) -> str:
	return f"client_management:prepared_statement:{file}"


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
			"sent_to": [{"email": email, "recipient_type": "To"} for email in to or []]
			+ [{"email": email, "recipient_type": "CC"} for email in cc or []],
			"sent_at": now_datetime() if to else None,
			"sent_by": frappe.session.user if to else None,
			"statement_data": frappe.as_json(statement),
		}
	)
	log.flags.from_statement_delivery = True
	log.insert(ignore_permissions=True)  # built here from the ledger; callers check statement access
	return log


def attach_pdf(log, statement: dict):
	return save_pdf(statement, "Statement Log", log.name)


def save_pdf(statement: dict, doctype: str | None = None, name: str | None = None, folder: str | None = None):
	"""The PDF, private, under a name nobody can guess: a file URL is a key to its content."""
	stem = pdf_filename(statement).removesuffix(".pdf")
	return save_file(
		f"{stem}-{frappe.generate_hash(length=24)}.pdf",
		statement_pdf(statement),
		doctype,
		name,
		folder=folder,
		is_private=1,
	)


def logged_statement(log_name: str) -> dict:
	"""The statement exactly as it was sent: a reprint shows the same numbers."""
	return frappe.parse_json(frappe.db.get_value("Statement Log", log_name, "statement_data"))
