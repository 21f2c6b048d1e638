"""Account statements of a client: balance forward, open item, transaction.

The figures are ERPNext's: the party's GL entries (as the General Ledger reads them), get_balance_on
for opening and closing balances, and the Accounts Receivable report for open items and ageing.
The document around them: the company's letter head, address and tax id, the client's, the total
due, page numbers, all in the client's print language. The desk preview, the PDF, the portal PDF
and the e-mailed PDF are all build_statement + render_statement / statement_pdf.
"""

import io
from contextlib import contextmanager

from bs4 import BeautifulSoup
from jinja2 import TemplateError

import frappe
from frappe import _
from frappe.query_builder.functions import Min, Sum
from frappe.utils import add_days, escape_html, flt, fmt_money, formatdate, getdate, nowdate

from erpnext.accounts.party import get_party_account_currency
from erpnext.accounts.utils import get_balance_on

from client_management.constants import (  # noqa: F401 - importers of statements use them from here too
	ADDRESS_PARTS,
	BALANCE_FORWARD,
	OPEN_ITEM,
	STATEMENT_TYPES,
	TRANSACTION,
)
from client_management.finance import (
	AGEING_BUCKETS,
	CURRENT,
	ageing,
	companies_with_transactions,
	receivable_rows,
)
from client_management.utils.templates import render_body


def statement_companies(customer: str | None) -> list[str]:
	"""The companies a client gets statements from: each company its customer has transactions in,
	or the default company when it has none yet (an empty statement, as before any invoice)."""
	import erpnext

	companies = companies_with_transactions(customer)
	if companies:
		return companies
	default = erpnext.get_default_company()
	return [default] if default else []


def preferred_company(companies: list[str], preferred: str | None = None) -> str | None:
	"""The company to offer first: `preferred` (e.g. the user's default company) when it is one of
	`companies`, else the site's default company when it is, else the first."""
	import erpnext

	for company in (preferred, erpnext.get_default_company()):
		if company and company in companies:
			return company
	return companies[0] if companies else None


def check_statement_company(customer: str | None, company: str | None) -> str:
	"""`company` when the client has transactions in it; None picks the preferred one. Any other
	company is refused with a clear message."""
	companies = statement_companies(customer)
	if not company:
		company = preferred_company(companies)
	if company not in companies:
		frappe.throw(
			_("There is no statement from {0} for this account. Choose one of: {1}.").format(
				escape_html(company or ""), escape_html(", ".join(companies))
			),
			title=_("Invalid Company"),
		)
	return company


def build_statement(
	client: str,
	company: str,
	statement_type: str,
	from_date: str | None = None,
	to_date: str | None = None,
	statement_date: str | None = None,
) -> dict:
	"""The statement as data: rows, totals, sender, recipient and labels, in the client's print
	language, ready for the template and the log (a reprint shows the document as it was sent)."""
	statement_date = str(getdate(statement_date or nowdate()))
	validate_request(statement_type, from_date, to_date)
	doc = frappe.get_doc("Client", client)
	if not doc.customer:
		frappe.throw(_("Client {0} has no ERPNext customer yet.").format(client), title=_("No Customer"))
	language = print_language(doc.customer)
	with in_language(language):
		statement = statement_data(doc, company, statement_type, from_date, to_date, statement_date)
	statement["language"] = language
	return statement


def statement_data(doc, company: str, statement_type: str, from_date, to_date, statement_date: str) -> dict:
	"""build_statement's data, in the language in force."""
	currency = get_party_account_currency("Customer", doc.customer, company)
	company_currency = frappe.get_cached_value("Company", company, "default_currency")
	in_account_currency = currency != company_currency

	statement = {
		"client": doc.name,
		"company_name": doc.company_name,
		"customer": doc.customer,
		"company": company,
		"statement_type": statement_type,
		"title": _("{0} Statement").format(_(statement_type)),
		"from_date": from_date and str(getdate(from_date)),
		"to_date": to_date and str(getdate(to_date)),
		"statement_date": statement_date,
		"currency": currency,
		"address": address_lines(doc),
		"tax_id": doc.tax_id,
		"vat_number": doc.vat_number,
		"sender": sender(company),
		"letter_head": letter_head(company, doc),
	}
	if statement_type == OPEN_ITEM:
		statement.update(open_items(doc.customer, company, statement_date, in_account_currency))
		statement["period"] = _("as of {0}").format(formatdate(statement_date))
	else:
		statement.update(
			ledger(doc.customer, company, from_date, to_date, in_account_currency, statement_type)
		)
		statement["period"] = _("{0} to {1}").format(formatdate(from_date), formatdate(to_date))
	statement["total_display"] = fmt_money(statement["total"], currency=currency)
	return statement


def validate_request(statement_type: str, from_date, to_date):
	if statement_type not in STATEMENT_TYPES:
		frappe.throw(
			_("Statement type must be one of: {0}").format(", ".join(STATEMENT_TYPES)),
			title=_("Invalid Statement Type"),
		)
	if statement_type == OPEN_ITEM:
		return
	if not (from_date and to_date):
		frappe.throw(_("Enter the start and end date of the period."), title=_("Missing Period"))
	if getdate(to_date) < getdate(from_date):
		frappe.throw(
			_("The end date {0} is before the start date {1}.").format(
				formatdate(to_date), formatdate(from_date)
			),
			title=_("Invalid Period"),
		)


def ledger(
	customer: str, company: str, from_date, to_date, in_account_currency: bool, statement_type: str
) -> dict:
	"""Every transaction of the period, one row a voucher; balance forward adds opening and running balance."""
	rows = gl_rows(customer, company, from_date, to_date, in_account_currency)
	result = {"rows": rows, "empty": not rows}
	if statement_type == TRANSACTION:
		result["total"] = sum(row["debit"] - row["credit"] for row in rows)
		return result

	opening = party_balance(customer, company, add_days(from_date, -1), in_account_currency)
	balance = opening
	for row in rows:
		balance += row["debit"] - row["credit"]
		row["balance"] = balance
	result.update(opening=opening, closing=balance, total=balance)
	return result


def gl_rows(customer: str, company: str, from_date, to_date, in_account_currency: bool) -> list[dict]:
	gle = frappe.qb.DocType("GL Entry")
	debit = gle.debit_in_account_currency if in_account_currency else gle.debit
	credit = gle.credit_in_account_currency if in_account_currency else gle.credit
	query = (
		frappe.qb.from_(gle)
		.select(
			gle.posting_date,
			gle.voucher_type,
			gle.voucher_no,
			Sum(debit).as_("debit"),
			Sum(credit).as_("credit"),
		)
		.where(
			(gle.party_type == "Customer")
			& (gle.party == customer)
			& (gle.company == company)
			& (gle.is_cancelled == 0)
			& (gle.posting_date >= from_date)
			& (gle.posting_date <= to_date)
		)
		.groupby(gle.posting_date, gle.voucher_type, gle.voucher_no)
		.orderby(gle.posting_date)
		.orderby(Min(gle.creation))
	)
	return [
		{
			"posting_date": str(row.posting_date),
			"voucher_type": row.voucher_type,
			"voucher_no": row.voucher_no,
			"debit": flt(row.debit),
			"credit": flt(row.credit),
		}
		for row in query.run(as_dict=True)
	]


def party_balance(customer: str, company: str, date, in_account_currency: bool) -> float:
	return flt(
		get_balance_on(
			party_type="Customer",
			party=customer,
			company=company,
			date=date,
			in_account_currency=in_account_currency,
		)
	)


def open_items(customer: str, company: str, statement_date: str, in_account_currency: bool) -> dict:
	"""Invoices still outstanding and unallocated credits as of the statement date, with ageing."""
	rows = [
		{
			"posting_date": str(row.posting_date),
			"voucher_type": row.voucher_type,
			"voucher_no": row.voucher_no,
			"due_date": str(row.due_date) if row.get("due_date") else "",
			"invoiced": flt(row.invoiced),
			"paid": flt(row.paid) + flt(row.credit_note),
			"outstanding": flt(row.outstanding),
			"ageing": ageing(row, statement_date),
		}
		for row in receivable_rows(customer, company, statement_date, in_party_currency=in_account_currency)
	]
	return {
		"rows": rows,
		"empty": not rows,
		"ageing": {label: sum(row["ageing"][label] for row in rows) for label in AGEING_BUCKETS},
		"total": sum(row["outstanding"] for row in rows),
	}


def address_lines(address) -> list[str]:
	"""A postal address as lines, from a Client or an Address (no Address Template: those render
	user-written Jinja outside a sandbox)."""
	if not address:
		return []
	return [
		line
		for line in (
			address.get("address_line1"),
			address.get("address_line2"),
			" ".join(filter(None, (address.get("pincode"), address.get("city")))),
			address.get("country"),
		)
		if line
	]


def print_language(customer: str | None) -> str:
	"""The language a client's statement is printed in: its customer's Print Language (ERPNext's
	Customer.language, what ERPNext prints the customer's invoices in) when someone chose it, i.e.
	when it is not the site's language, which ERPNext fills into every new customer; else the
	language of whoever prints it: the user's in the desk and the portal, the site's for the
	schedule and bench commands."""
	site_language = frappe.db.get_default("lang") or "en"
	chosen = customer and frappe.db.get_value("Customer", customer, "language")
	if chosen and chosen != site_language:
		return chosen
	return frappe.local.lang or site_language


@contextmanager
def in_language(language: str | None):
	"""Translate in `language` inside the block, and restore the caller's language after it, even
	on an error (as frappe.translate.print_language, which does not restore on an error)."""
	previous_lang, previous_jenv = frappe.local.lang, frappe.local.jenv
	if language and language != previous_lang:
		frappe.local.lang, frappe.local.jenv = language, None
	try:
		yield
	finally:
		frappe.local.lang, frappe.local.jenv = previous_lang, previous_jenv


def sender(company: str) -> dict:
	"""The company as the sender: name, address (its primary company address) and tax id."""
	from erpnext.setup.doctype.company.company import get_default_company_address

	address = get_default_company_address(company)
	return {
		"name": company,
		"address": address_lines(
			address and frappe.db.get_value("Address", address, ADDRESS_PARTS, as_dict=True)
		),
		"tax_id": frappe.get_cached_value("Company", company, "tax_id"),
	}


def letter_head(company: str, client) -> dict:
	"""The company's letter head as Frappe's print shows it: its default letter head (Company >
	Default Letter Head, else the Letter Head marked default), header and footer HTML, an image
	letter head as its <img>. The HTML is written by admins and may hold Jinja, as in Frappe's
	print: it renders in the sandbox of user templates with plain values only, and scripts are
	dropped. Empty when there is none or its header cannot render (the template prints a plain
	header with the company name)."""
	name = frappe.get_cached_value("Company", company, "default_letter_head")
	if not (name and frappe.db.exists("Letter Head", {"name": name, "disabled": 0})):
		name = frappe.db.get_value("Letter Head", {"is_default": 1, "disabled": 0})
	if not name:
		return {}
	values = frappe.db.get_value(
		"Letter Head",
		name,
		["source", "content", "image", "footer_source", "footer", "footer_image"],
		as_dict=True,
	)
	context = {
		"doc": {
			"doctype": "Client",
			"name": client.name,
			"company": company,
			"customer": client.customer,
			"customer_name": client.company_name,
		}
	}
	header = values.content or (values.source == "Image" and image_html(values.image, company))
	content = letter_head_html(header, context)
	if not content:
		return {}
	footer = values.footer or (values.footer_source == "Image" and image_html(values.footer_image, company))
	return {"content": content, "footer": letter_head_html(footer, context)}


def image_html(url: str | None, alt: str) -> str:
	if not url:
		return ""
	return (
		f'<img src="{escape_html(url)}" alt="{escape_html(alt)}" style="max-width: 100%; max-height: 35mm;">'
	)


def letter_head_html(template: str | None, context: dict) -> str:
	if not template:
		return ""
	try:
		html = render_body(template, context)
	except TemplateError:
		return ""
	soup = BeautifulSoup(html, "html.parser")
	for script in soup.find_all("script"):
		script.decompose()
	return str(soup).strip()


def render_statement(statement: dict) -> str:
	"""The statement's HTML (the desk preview, and the PDF's body), in its print language."""
	context = {
		"statement": statement,
		"ageing_labels": AGEING_BUCKETS,
		"current": CURRENT,
		"money": lambda value: fmt_money(value or 0, currency=statement["currency"]),
		"date": formatdate,
	}
	with in_language(statement.get("language")):
		return frappe.render_template("client_management/templates/statements/statement.html", context)


def statement_pdf(statement: dict) -> bytes:
	"""The PDF: the statement's HTML through Frappe's get_pdf, every page numbered."""
	from frappe.utils.pdf import get_pdf

	with in_language(statement.get("language")):
		return number_pages(get_pdf(render_statement(statement)), _("Page {0} of {1}"))


def number_pages(pdf: bytes, label: str) -> bytes:
	"""`label` ("Page {0} of {1}") centred at the foot of every page, drawn into the PDF itself:
	wkhtmltopdf's own footers (--footer-html, --footer-center, what Frappe's print uses) need its
	build with patched Qt, and Debian's is not; this works with either, in the bottom margin that
	get_pdf leaves (15 mm)."""
	from pypdf import PageObject, PdfReader, PdfWriter
	from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

	font = DictionaryObject(
		{
			NameObject("/Type"): NameObject("/Font"),
			NameObject("/Subtype"): NameObject("/Type1"),
			NameObject("/BaseFont"): NameObject("/Helvetica"),
			NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
		}
	)
	writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
	count = len(writer.pages)
	for number, page in enumerate(writer.pages, 1):
		width, height = float(page.mediabox.width), float(page.mediabox.height)
		text = label.format(number, count)
		size = 8
		left = (width - len(text) * size * 0.5) / 2  # Helvetica is about half an em wide a character
		stamp = PageObject.create_blank_page(width=width, height=height)
		stamp[NameObject("/Resources")] = DictionaryObject(
			{NameObject("/Font"): DictionaryObject({NameObject("/StatementPageNo"): font})}
		)
		content = DecodedStreamObject()
		content.set_data(
			b"BT /StatementPageNo %d Tf %.2f %.2f Td (%s) Tj ET" % (size, left, 22, pdf_string(text))
		)
		stamp[NameObject("/Contents")] = content
		page.merge_page(stamp)
	output = io.BytesIO()
	writer.write(output)
	return output.getvalue()


def pdf_string(text: str) -> bytes:
	"""`text` as a PDF literal string in the standard fonts' encoding (WinAnsi, i.e. cp1252)."""
	raw = text.encode("cp1252", "replace")
	return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_filename(statement: dict) -> str:
	"""statement-CLIENT-COMPANY ABBR-TYPE-DATE.pdf: a client's statements from two companies differ."""
	company = statement.get("company")
	abbr = company and frappe.scrub(frappe.get_cached_value("Company", company, "abbr") or company)
	parts = ("statement", statement["client"], abbr, frappe.scrub(statement["statement_type"]))
	return "-".join(filter(None, (*parts, statement["statement_date"]))) + ".pdf"
