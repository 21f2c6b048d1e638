"""The client's own receivable account per company (French practice: an auxiliary account 411…).

The Client's `accounts` rows are the master; the mirror copies them onto the Customer's party
accounts (`Customer.accounts`), so ERPNext's invoices, payments, Accounts Receivable and statements
post to them with no code of ours. With the setting on, each company the client has no account for
gets one, created from the number pattern under the company's parent group in the settings, else
under the group of the company's default receivable account.
"""

import re

import frappe
from frappe import _
from frappe.model.rename_doc import rename_doc
from frappe.utils import get_link_to_form

from erpnext.accounts.doctype.account.account import get_account_autoname

from client_management.utils import settings


def validate_accounts(client):
	"""Client.validate: one account per company, each a Receivable ledger of that company no one else has."""
	if not client.accounts and client.customer and client.has_value_changed("customer"):
		adopt_party_accounts(client)
	companies = set()
	for row in client.accounts:
		if row.company in companies:
			frappe.throw(
				_("Row {0}: company {1} already has a receivable account on this client.").format(
					row.idx, frappe.bold(row.company)
				),
				title=_("Duplicate Company"),
			)
		companies.add(row.company)
		if row.account:
			check_receivable_account(client, row)
	add_generated_accounts(client)


def adopt_party_accounts(client):
	"""A client taking over an existing customer keeps the customer's party accounts."""
	for account in frappe.get_all(
		"Party Account",
		{"parenttype": "Customer", "parent": client.customer, "account": ("is", "set")},
		["company", "account"],
		order_by="idx",
	):
		client.append("accounts", account)


def check_receivable_account(client, row):
	account = frappe.db.get_value(
		"Account", row.account, ["company", "is_group", "account_type"], as_dict=True
	)
	problem = None
	if not account:
		problem = _("account {0} does not exist").format(frappe.bold(row.account))
	elif account.company != row.company:
		problem = _("account {0} belongs to company {1}").format(
			frappe.bold(row.account), frappe.bold(account.company)
		)
	elif account.is_group:
		problem = _("{0} is a group account; choose a ledger under it").format(frappe.bold(row.account))
	elif account.account_type != "Receivable":
		problem = _("{0} is not a Receivable account").format(frappe.bold(row.account))
	else:
		holder = account_holder(row.account, client)
		if holder:
			problem = _("account {0} is already the receivable account of {1}").format(
				frappe.bold(row.account), holder
			)
	if problem:
		frappe.throw(
			_("Receivable Accounts, row {0}: {1}.").format(row.idx, problem),
			title=_("Invalid Receivable Account"),
		)


def account_holder(account: str, client) -> str | None:
	"""The other client (or customer without a client) whose own account this is."""
	other_client = frappe.db.get_value(
		"Client Account",
		{"parenttype": "Client", "account": account, "parent": ("!=", client.name)},
		"parent",
	)
	if other_client:
		return _("client {0}").format(get_link_to_form("Client", other_client))
	other_customer = frappe.db.get_value(
		"Party Account",
		{"parenttype": "Customer", "account": account, "parent": ("!=", client.customer or "")},
		"parent",
	)
	if other_customer:
		return _("customer {0}").format(get_link_to_form("Customer", other_customer))
	return None


# --- generated accounts


# What ERPNext's account names ("number - name - abbreviation") can carry as a number.
ACCOUNT_NUMBER = re.compile(r"^[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*$")


def account_number(client_name: str, pattern: str | None = None) -> str:
	"""The account number the settings' pattern gives a client number (separators dropped)."""
	client_number = re.sub(r"[^0-9A-Za-z]", "", client_name)
	pattern = pattern or settings.client_account_number_pattern()
	return pattern.replace("{client_number}", client_number)


def pattern_problem(pattern: str, client_number: str) -> str | None:
	"""Why the number pattern cannot number client accounts, tried on `client_number`; None: it can."""
	example = settings.default("client_account_number_pattern")
	if "{client_number}" not in (pattern or ""):
		return _("The account number pattern needs {0}, e.g. {1}.").format("{client_number}", example)
	number = account_number(client_number, pattern)
	if not ACCOUNT_NUMBER.match(number):
		return _(
			"The account number pattern gives {0} for client {1}: an account number is letters and digits, with . or - between them, e.g. {2}."
		).format(frappe.bold(number), frappe.bold(client_number), example)
	return None


def account_parents(groups: list | None = None) -> dict[str, str | None]:
	"""Company -> the group its client accounts go under: its parent group in the settings (or in
	`groups`, rows being saved), else the group of its default receivable account; None: neither."""
	rows = settings.client_account_groups() if groups is None else groups
	chosen = {row.company: row.parent_account for row in rows}
	return {
		company: chosen.get(company) or default_receivable_group(company)
		for company in frappe.get_all("Company", pluck="name", order_by="name")
	}


def default_receivable_group(company: str) -> str | None:
	debtors = frappe.get_cached_value("Company", company, "default_receivable_account")
	return frappe.db.get_value("Account", debtors, "parent_account") if debtors else None


def no_parent_group(company: str) -> str:
	return _(
		"Company {0} has no default receivable account, whose group would hold its client accounts: set one on the company, or give the company a parent group in Client Management Settings."
	).format(frappe.bold(company))


def missing_accounts(client, company: str | None = None) -> list[tuple[str, str | None]]:
	"""(company, parent group) of each company that the client has no account for."""
	if not settings.create_client_accounts():
		return []
	have = {row.company for row in client.accounts if row.account}
	return [
		(company_name, parent_account)
		for company_name, parent_account in account_parents().items()
		if company_name not in have and company in (None, company_name)
	]


def add_generated_accounts(client, company: str | None = None) -> list[str]:
	"""Create (or find again) the client's account in each company that lacks one; link it."""
	made = []
	for company_name, parent_account in missing_accounts(client, company):
		if not parent_account:  # a company made since the settings were saved
			frappe.throw(no_parent_group(company_name), title=_("No Parent Group"))
		account = generated_account(client, company_name, parent_account)
		row = next((r for r in client.accounts if r.company == company_name), None)
		if not row:
			row = client.append("accounts", {"company": company_name})
		row.account = account
		made.append(account)
	return made


def generated_account(client, company: str, parent_account: str) -> str:
	"""The client's account in `company`: the one already bearing its number, else a new one."""
	number = account_number(client.name)
	existing = frappe.db.get_value(
		"Account", {"company": company, "account_number": number}, ["name", "is_group", "account_type"]
	)
	if existing:
		name, is_group, account_type = existing
		holder = account_holder(name, client)
		if is_group or account_type != "Receivable" or holder:
			frappe.throw(
				_(
					"Account number {0} is already used in company {1} by {2}: change the account number pattern in Client Management Settings."
				).format(
					frappe.bold(number), frappe.bold(company), holder or get_link_to_form("Account", name)
				),
				title=_("Account Number Taken"),
			)
		return name
	account = frappe.get_doc(
		{
			"doctype": "Account",
			"account_name": client.company_name,
			"account_number": number,
			"parent_account": parent_account,
			"company": company,
			"is_group": 0,
			"account_type": "Receivable",
			"account_currency": client.default_currency
			or frappe.get_cached_value("Company", company, "default_currency"),
		}
	)
	# Made by the settings' rule, named from the client: not a choice of the user saving the client,
	# who may sell without the right to edit the chart of accounts.
	account.flags.ignore_permissions = True
	account.insert()
	return account.name


def rename_generated_accounts(client, old_client_name: str | None = None):
	"""After a rename of the client (number or company name), its generated accounts follow."""
	old_number = account_number(old_client_name or client.name)
	new_number = account_number(client.name)
	for row in client.accounts:
		account = frappe.db.get_value(
			"Account", row.account, ["name", "account_number", "account_name", "company"], as_dict=True
		)
		if not account or account.account_number != old_number:
			continue  # chosen by hand: the user's account keeps its name
		if (account.account_number, account.account_name) == (new_number, client.company_name):
			continue
		frappe.db.set_value(
			"Account", account.name, {"account_number": new_number, "account_name": client.company_name}
		)
		new_name = get_account_autoname(new_number, client.company_name, account.company)
		if new_name != account.name:
			rename_doc("Account", account.name, new_name, force=True, ignore_permissions=True)
			row.account = new_name


def delete_unused_generated_accounts(client):
	"""Client.on_trash: a generated account nothing was posted to goes with its client; others stay."""
	number = account_number(client.name)
	for row in client.accounts:
		if (
			row.account
			and frappe.db.get_value("Account", row.account, "account_number") == number
			and not frappe.db.exists("GL Entry", {"account": row.account})
		):
			frappe.delete_doc("Account", row.account, ignore_permissions=True)


# --- mirror


def party_accounts(doc) -> list[tuple[str, str]]:
	return sorted((row.company, row.account) for row in doc.get("accounts") or [] if row.account)


def sync_party_accounts(client, customer) -> bool:
	"""Copy the client's accounts onto the customer; True when the customer changed."""
	if party_accounts(customer) == party_accounts(client):
		return False
	advance = {row.company: row.advance_account for row in customer.accounts}
	customer.set(
		"accounts",
		[
			{"company": row.company, "account": row.account, "advance_account": advance.get(row.company)}
			for row in client.accounts
			if row.account
		],
	)
	return True
