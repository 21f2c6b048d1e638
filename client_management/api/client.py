"""Whitelisted methods of the Client form: thin, permission first, rules live elsewhere. Read-only
methods are `frappe.read_only()`: a site with a read replica serves them from it."""

import json

import frappe
from frappe import _

from client_management.client_management.doctype.client.client import may_confirm_duplicates
from client_management.clients.billing_defaults import defaults_for_customer, rows_taking_default_item
from client_management.duplicates.finder import find_duplicates as find_duplicate_clients
from client_management.finance import finance_summary, outstanding_invoices
from client_management.finance.payments import make_payment as pay_invoices
from client_management.finance.payments import make_refund as refund_credits
from client_management.finance.payments import popup_result, refundable_credits
from client_management.portal import deny_portal_users


@frappe.whitelist(methods=["POST"])
def find_duplicates(doc: str | dict) -> list[dict]:
	"""Clients that look like the (unsaved) client `doc`, best first, each with its score and reasons."""
	frappe.has_permission("Client", "create", throw=True)
	values = json.loads(doc) if isinstance(doc, str) else doc
	values = {k: v for k, v in values.items() if not k.startswith("__")}
	values["doctype"] = "Client"
	client = frappe.get_doc(values)
	client.flags.update(allow_incomplete=True, problems=[])  # a check, not a save: skip invalid values
	client.normalize_fields()
	may_confirm = may_confirm_duplicates()
	return [
		{
			**candidate.__dict__,
			"url": frappe.utils.get_url_to_form("Client", candidate.client),
			"may_confirm": may_confirm or not candidate.blocking,
		}
		for candidate in find_duplicate_clients(client, as_user=True)
	]


def client_for(name: str, ptype: str = "read"):
	"""The client, for desk users allowed `ptype` on it; portal users have their own page instead."""
	deny_portal_users()
	client = frappe.get_doc("Client", name)
	client.check_permission(ptype)
	if not client.customer:
		frappe.throw(
			_("Client {0} has no ERPNext customer yet: save it first.").format(name), title=_("No Customer")
		)
	return client


def check_accounts_access():
	"""Finance figures are for users who may read invoices and the ledger (Accounts roles)."""
	if not (frappe.has_permission("Sales Invoice", "read") and frappe.has_permission("GL Entry", "read")):
		raise frappe.PermissionError(_("Finance figures need Accounts permissions."))


def may_read_ledger() -> bool:
	"""The ledger's figures (balance, credit, payments) are for users who may read the ledger and the
	payments (Accounts roles)."""
	return frappe.has_permission("GL Entry", "read") and frappe.has_permission("Payment Entry", "read")


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def get_finance_summary(client: str) -> list[dict]:
	"""The finance panel: per company, ERPNext's figures for the client's customer: its invoices' for
	users who may read Sales Invoices, the ledger's too for those who may read it."""
	customer = client_for(client).customer
	if not frappe.has_permission("Sales Invoice", "read"):
		raise frappe.PermissionError(_("Finance figures need read access to Sales Invoices."))
	return finance_summary(customer, with_ledger=may_read_ledger())


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def get_outstanding_invoices(client: str, company: str) -> list[dict]:
	customer = client_for(client).customer
	frappe.has_permission("Payment Entry", "create", throw=True)
	return outstanding_invoices(customer, company)


@frappe.whitelist(methods=["POST"])
def make_payment(
	client: str,
	allocations: str | dict,
	mode_of_payment: str,
	posting_date: str | None = None,
	reference_no: str | None = None,
	reference_date: str | None = None,
) -> dict:
	"""Pay the ticked invoices {invoice: amount} in one step: the Payment Entry is submitted when the
	user may submit Payment Entries, else saved as a draft. Returns its name and docstatus."""
	customer = client_for(client).customer
	frappe.has_permission("Payment Entry", "create", throw=True)
	allocations = json.loads(allocations) if isinstance(allocations, str) else allocations
	payment = pay_invoices(customer, allocations, mode_of_payment, posting_date, reference_no, reference_date)
	return {"name": payment.name, "docstatus": payment.docstatus}


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def get_available_credits(client: str, company: str) -> list[dict]:
	"""The Refund dialog's list: the client's credit notes and unallocated payments in `company`."""
	customer = client_for(client).customer
	frappe.has_permission("Payment Entry", "create", throw=True)
	return refundable_credits(customer, company)


@frappe.whitelist(methods=["POST"])
def make_refund(
	client: str,
	company: str,
	credits: str | dict,
	action: str,
	mode_of_payment: str | None = None,
	posting_date: str | None = None,
	reference_no: str | None = None,
	reference_date: str | None = None,
) -> dict:
	"""The Payment Entry (Pay) refunding the ticked credits {voucher: amount}; `action` as the popup's
	button asks: "form" (unsaved, for ERPNext's form), "draft", or "submit" (a draft when the user may not
	submit Payment Entries)."""
	customer = client_for(client).customer
	frappe.has_permission("Payment Entry", "create", throw=True)
	credits = json.loads(credits) if isinstance(credits, str) else credits
	refund = refund_credits(
		customer, company, credits, mode_of_payment, posting_date, reference_no, reference_date, action
	)
	return popup_result(refund, action)


@frappe.whitelist(methods=["GET"])
@frappe.read_only()
def billing_defaults(customer: str) -> dict:
	"""The default fee type of the customer's client, for a new transaction's form:
	{"activity_type": ..., "item_code": ...}, None where the client has none."""
	frappe.has_permission("Customer", "read", customer, throw=True)
	return defaults_for_customer(customer)


@frappe.whitelist(methods=["POST"])
@frappe.read_only()
def default_item_rows(customer: str, items: str | list) -> dict:
	"""For a new quotation's, order's or invoice's form: the service item of the customer's client and
	the rows (names, of `items` as the form holds them) its save gives it: {"item_code", "rows"}."""
	frappe.has_permission("Customer", "read", customer, throw=True)
	item_code = defaults_for_customer(customer)["item_code"]
	rows = rows_taking_default_item(frappe.parse_json(items)) if item_code else []
	return {"item_code": item_code, "rows": [row.get("name") for row in rows]}
