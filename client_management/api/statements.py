"""Whitelisted methods of the statement dialog on the Client form."""

import frappe

from client_management.api.client import check_accounts_access, client_for
from client_management.statements import (
	build_statement,
	pdf_filename,
	preferred_company,
	render_statement,
	statement_companies,
	statement_pdf,
)
from client_management.statements.delivery import (
	discard_prepared_statement,
	logged_statement,
	prepare_statement_email,
)


def check_statement_access(client: str):
	"""Statements are finance figures: a desk user who may read the client and has Accounts access."""
	client_for(client)
	check_accounts_access()


def allowed_statement(
	client: str, company: str, statement_type: str, from_date, to_date, statement_date
) -> dict:
	check_statement_access(client)
	return build_statement(client, company, statement_type, from_date, to_date, statement_date)


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def get_statement_companies(client: str) -> dict:
	"""The dialog's company choice: the companies the client has transactions in, and the one to
	offer first (the user's default company when it is one of them)."""
	check_statement_access(client)
	companies = statement_companies(frappe.db.get_value("Client", client, "customer"))
	return {
		"companies": companies,
		"default": preferred_company(companies, frappe.defaults.get_user_default("Company")),
	}


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def preview(
	client: str,
	company: str,
	statement_type: str,
	from_date: str | None = None,
	to_date: str | None = None,
	statement_date: str | None = None,
) -> str:
	return render_statement(
		allowed_statement(client, company, statement_type, from_date, to_date, statement_date)
	)


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def download(
	client: str,
	company: str,
	statement_type: str,
	from_date: str | None = None,
	to_date: str | None = None,
	statement_date: str | None = None,
) -> None:
	statement = allowed_statement(client, company, statement_type, from_date, to_date, statement_date)
	respond_with_pdf(statement)


@frappe.whitelist(methods=["POST"])
def prepare_send(
	client: str,
	company: str,
	statement_type: str,
	from_date: str | None = None,
	to_date: str | None = None,
	statement_date: str | None = None,
) -> dict:
	"""Frappe's e-mail composer prefilled with the statement e-mail and its PDF; the Statement Log is
	written when the composer's mail is sent."""
	check_statement_access(client)
	frappe.has_permission("Client", "email", client, throw=True)
	return prepare_statement_email(client, company, statement_type, from_date, to_date, statement_date)


@frappe.whitelist(methods=["POST"])
def discard_prepared(client: str, file: str) -> None:
	"""The composer was closed unsent: its statement PDF goes."""
	check_statement_access(client)
	discard_prepared_statement(client, file)


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def reprint(log: str) -> None:
	"""The PDF of a logged statement, from the figures it was sent with."""
	frappe.get_doc("Statement Log", log).check_permission("read")
	respond_with_pdf(logged_statement(log))


def respond_with_pdf(statement: dict):
	frappe.local.response.filename = pdf_filename(statement)
	frappe.local.response.filecontent = statement_pdf(statement)
	frappe.local.response.type = "pdf"
