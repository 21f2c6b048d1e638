"""A follow-up is an ERPNext Dunning: made with ERPNext's mapping from each overdue invoice, given its
level's Dunning Type (fee, interest, letter text in the customer's language), submitted; then e-mailed
with its PDF (ERPNext's print format, in the customer's print language) and, when the level says so,
the open-item statement."""

from pathlib import Path

import frappe
from frappe import _
from frappe.core.doctype.communication.email import _make as make_communication
from frappe.utils import escape_html, flt, fmt_money, formatdate, get_link_to_form, nowdate
from frappe.utils.file_manager import save_file
from frappe.utils.html_utils import sanitize_html

from erpnext.accounts.doctype.dunning.dunning import get_dunning_letter_text
from erpnext.accounts.doctype.sales_invoice.sales_invoice import create_dunning

from client_management.constants import OPEN_ITEM
from client_management.constants.follow_ups import DUNNING_PRINT_FORMAT, SENT, TO_SEND
from client_management.follow_ups.levels import Level
from client_management.follow_ups.overdue import overdue_invoice_names
from client_management.statements import build_statement, in_language, print_language
from client_management.statements.delivery import attach_pdf, log_statement, statement_recipients


def build_dunning(customer: str, company: str, level: Level):
	"""The Dunning of `level` for every overdue invoice of the customer in the company, not saved: the
	overdue payments as ERPNext's "Fetch Overdue Payments" maps them (create_dunning, invoice after
	invoice onto one Dunning), the Dunning Type's fee, interest and letter text."""
	dunning = frappe.new_doc("Dunning")
	dunning.flags.ignore_permissions = True  # built from the ledger; callers check who may send follow-ups
	for invoice in overdue_invoice_names(customer, company):
		dunning = create_dunning(invoice, dunning, ignore_permissions=True)
	if not dunning.overdue_payments:
		frappe.throw(
			_("Customer {0} has no overdue invoice in {1}.").format(customer, company),
			title=_("Nothing Overdue"),
		)
	dunning_type = frappe.get_cached_doc("Dunning Type", level.dunning_type)
	language = print_language(customer)
	dunning.update(
		{
			"posting_date": nowdate(),
			"dunning_type": dunning_type.name,
			"dunning_fee": dunning_type.dunning_fee,
			"rate_of_interest": dunning_type.rate_of_interest,
			"income_account": dunning_type.income_account,
			"cost_center": dunning_type.cost_center,
			"letter_head": frappe.get_cached_value("Company", company, "default_letter_head"),
			"follow_up_level": level.number,
			"follow_up_email": TO_SEND if level.send_email else "",
		}
	)
	dunning.validate()  # ERPNext's totals, interest and party details, which the letter quotes
	letter = get_dunning_letter_text(dunning_type.name, dunning.as_dict(), language)
	dunning.update(
		{
			"body_text": letter.get("body_text"),
			"closing_text": letter.get("closing_text"),
			"language": letter.get("language") or language,
		}
	)
	return dunning


def make_dunning(customer: str, company: str, level: Level):
	dunning = build_dunning(customer, company, level)
	dunning.insert()
	dunning.submit()
	return dunning


def letter_html(dunning) -> str:
	"""The letter as the e-mail and the desk's preview show it: ERPNext's body and closing texts (HTML
	rendered from the Dunning Type, sanitized), the overdue payments between them, in the Dunning's
	language."""
	with in_language(dunning.language):
		return frappe.render_template(
			"client_management/templates/emails/follow_up.html",
			{
				"body_text": sanitize_html(dunning.body_text or ""),
				"closing_text": sanitize_html(dunning.closing_text or ""),
				"rows": [
					{
						"invoice": row.sales_invoice,
						"due_date": formatdate(row.due_date),
						"days": row.overdue_days,
						"outstanding": fmt_money(row.outstanding, currency=dunning.currency),
					}
					for row in dunning.overdue_payments
				],
				"total": fmt_money(dunning.grand_total, currency=dunning.currency),
				"fee": flt(dunning.dunning_amount)
				and fmt_money(dunning.dunning_amount, currency=dunning.currency),
			},
		)


def subject(dunning) -> str:
	title = (
		frappe.get_cached_value("Dunning Type", dunning.dunning_type, "dunning_type") or dunning.dunning_type
	)
	with in_language(dunning.language):
		return _("{0}: overdue invoices of {1} with {2}").format(
			_(title), dunning.customer_name, dunning.company
		)


def mail_dunning(dunning, client, level: Level | None) -> tuple[list[str], list[str]]:
	"""E-mail a submitted follow-up to the client's invoice recipient, its other contacts in CC, with the
	Dunning's PDF and, when the level says so, the open-item statement (logged as every statement sent
	is); then mark it Sent. Returns (to, cc)."""
	to, cc = statement_recipients(client)
	files = [save_file(*dunning_pdf(dunning), "Dunning", dunning.name, is_private=1).name]
	if level and level.attach_statement:
		statement = build_statement(client.name, dunning.company, OPEN_ITEM)
		files.append(attach_pdf(log_statement(statement, to, cc), statement).name)
	# Frappe's make without its e-mail permission check on Dunning, which ERPNext gives no Client Manager:
	# the callers checked who may send follow-ups
	make_communication(
		doctype="Dunning",
		name=dunning.name,
		recipients=to,
		cc=cc,
		subject=subject(dunning),
		content=letter_html(dunning),
		attachments=files,
		send_email=True,
		add_signature=False,
	)
	dunning.db_set("follow_up_email", SENT)
	return to, cc


def dunning_pdf(dunning) -> tuple[str, bytes]:
	"""(file name, PDF) of the Dunning in its language, as Frappe prints it: Dunning's default print
	format, else ERPNext's Dunning Letter, with the print stylesheet inlined. Not through
	`frappe.get_print`: its print view commits (an Access Log), which would end the run's savepoints,
	and its stylesheet is linked, which wkhtmltopdf fetches from the site's own URL, which a server
	cannot always reach (behind a proxy, a host name only its users' DNS knows). The file name cannot
	be guessed: a file URL is a key to its content."""
	from frappe.utils.pdf import get_pdf
	from frappe.www.printview import get_print_format_doc, get_print_style, get_rendered_template

	meta = frappe.get_meta("Dunning")
	name = meta.default_print_format
	if not name and frappe.db.exists("Print Format", {"name": DUNNING_PRINT_FORMAT, "disabled": 0}):
		name = DUNNING_PRINT_FORMAT
	print_format = get_print_format_doc(name, meta=meta)
	frappe.local.flags.ignore_print_permissions = True  # the callers checked who may send follow-ups
	try:
		with in_language(dunning.language):
			body = get_rendered_template(dunning, print_format=print_format, meta=meta)
			style = print_stylesheet() + get_print_style(print_format=print_format)
			pdf = get_pdf(
				f'<!DOCTYPE html><html lang="{frappe.local.lang}"><head><meta charset="utf-8">'
				f'<style>{style}</style></head><body><div class="print-format-gutter">'
				f'<div class="print-format">{body}</div></div></body></html>'
			)
	finally:
		frappe.local.flags.ignore_print_permissions = False
	return f"{dunning.name}-{frappe.generate_hash(length=24)}.pdf", pdf


def print_stylesheet() -> str:
	"""Frappe's print stylesheet (what the print view links), read from the bench's assets."""
	from frappe.utils.jinja_globals import bundled_asset

	path = Path(frappe.local.sites_path, bundled_asset("print.bundle.css").lstrip("/"))
	return path.read_text() if path.is_file() else ""


def note_on_client(client, dunning, level: Level | None, to: list[str] | None = None):
	"""The follow-up on the client's timeline."""
	link = get_link_to_form("Dunning", dunning.name)
	what = escape_html(level.label() if level else _("follow-up"))
	if to:
		text = _("Follow-up {0}: {1} e-mailed to {2}.").format(what, link, escape_html(", ".join(to)))
	else:
		text = _("Follow-up {0}: {1} made, not e-mailed (its level sends no e-mail).").format(what, link)
	client.add_comment("Info", text)
