"""Credit memos and customer returns from a client, built with ERPNext's own return mapper.

A return against an invoice or a delivery is ERPNext's `make_sales_return` keeping only the chosen
lines, each with the quantity given. Without a source document, ERPNext's return is a return Sales
Invoice (`is_return`, no `return_against`): a Delivery Note return is only ever mapped from its
delivery (both fields are read-only on its form), so a return of services without a delivery is a
credit memo, and goods come back against their delivery note."""

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as invoice_return
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_return as delivery_return

from client_management.finance.payments import DRAFT, FORM, finish

RETURN_MAPPERS = {"Sales Invoice": invoice_return, "Delivery Note": delivery_return}
# the field of a return's row naming the row of its source document it returns
SOURCE_ROW = {"Sales Invoice": "sales_invoice_item", "Delivery Note": "dn_detail"}


def make_credit_memo(
	customer: str,
	lines: list[dict],
	invoice: str | None = None,
	company: str | None = None,
	posting_date: str | None = None,
	action: str = DRAFT,
):
	"""A credit memo (return Sales Invoice) of the customer, finished as `action` asks (see `finish`):
	against `invoice`, lines [{"row": invoice row, "qty": to credit}]; without one, lines
	[{"item_code", "description", "qty", "rate"}] in `company`."""
	if invoice:
		return finish(source_return(customer, "Sales Invoice", invoice, lines, posting_date, action), action)
	return finish(standalone_credit_memo(customer, company, lines, posting_date, action), action)


def make_customer_return(
	customer: str,
	lines: list[dict],
	delivery_note: str | None = None,
	company: str | None = None,
	posting_date: str | None = None,
	action: str = DRAFT,
):
	"""A return of the customer, finished as `action` asks: against `delivery_note` a return Delivery
	Note of the chosen lines [{"row", "qty"}]; without one, services only, a credit memo of the lines
	[{"item_code", "description", "qty", "rate"}] in `company`."""
	if delivery_note:
		doc = source_return(customer, "Delivery Note", delivery_note, lines, posting_date, action)
	else:
		doc = standalone_credit_memo(customer, company, lines, posting_date, action, services_only=True)
	return finish(doc, action)


def returnable_lines(customer: str, doctype: str, source: str) -> list[dict]:
	"""The lines of a submitted invoice or delivery of the customer that can still be returned, with the
	quantity left, as ERPNext's return mapper counts it (what was returned already is taken off)."""
	return [
		{
			"row": row.get(SOURCE_ROW[doctype]),
			"item_code": row.item_code,
			"item_name": row.item_name,
			"uom": row.uom,
			"rate": flt(row.rate),
			"qty": -flt(row.qty),
		}
		for row in mapped_return(customer, doctype, source).items
		if flt(row.qty) < 0
	]


def source_return(customer: str, doctype: str, source: str, lines: list[dict], posting_date, action: str):
	"""ERPNext's return of `source` with only the chosen lines, each returning the quantity given; all
	its lines for ERPNext's form when none was chosen. ERPNext refuses more than is left to return."""
	quantities = {line.get("row"): flt(line.get("qty")) for line in lines}
	if not quantities and action != FORM:
		frappe.throw(_("Tick at least one line to return."), title=_("Nothing to Return"))
	returnable = {line["row"]: line for line in returnable_lines(customer, doctype, source)}
	for row, qty in quantities.items():
		if row not in returnable:
			frappe.throw(
				_("A chosen line is not on {0} or has nothing left to return.").format(source),
				title=_("Wrong Line"),
			)
		if qty <= 0:
			frappe.throw(
				_("The quantity to return of {0} must be more than 0.").format(returnable[row]["item_code"]),
				title=_("Invalid Quantity"),
			)
	doc = mapped_return(customer, doctype, source, list(quantities))
	if quantities:
		for row in doc.items:
			row.qty = -quantities[row.get(SOURCE_ROW[doctype])]
			row.stock_qty = row.qty * flt(row.conversion_factor)
	set_posting_date(doc, posting_date)
	doc.run_method("calculate_taxes_and_totals")
	return doc


def mapped_return(customer: str, doctype: str, source: str, rows: list[str] | None = None):
	"""ERPNext's unsaved return of a submitted `source` of the customer; with `rows`, of those rows only
	(the mapper's own selection of rows, which the desk's item picker sets too)."""
	check_source(customer, doctype, source)
	selected = frappe.flags.selected_children
	frappe.flags.selected_children = {"items": rows} if rows else None
	try:
		return RETURN_MAPPERS[doctype](source)
	finally:
		frappe.flags.selected_children = selected


def check_source(customer: str, doctype: str, source: str):
	if doctype not in RETURN_MAPPERS:
		frappe.throw(_("Only invoices and deliveries are returned here."), title=_("Wrong Document"))
	row = frappe.db.get_value(doctype, source, ["customer", "docstatus", "is_return"], as_dict=True)
	if row and row.customer == customer and row.docstatus == 1 and not row.is_return:
		return
	if doctype == "Sales Invoice":
		message = _("Invoice {0} is not a submitted invoice of this client.")
	else:
		message = _("Delivery Note {0} is not a submitted delivery of this client.")
	frappe.throw(message.format(source), title=_("Wrong Document"))


def standalone_credit_memo(
	customer: str,
	company: str | None,
	lines: list[dict],
	posting_date,
	action: str,
	services_only: bool = False,
):
	"""A return Sales Invoice with no source invoice: each line credits its quantity (typed positive)
	at its rate, ERPNext's price where none is typed. `services_only`: stock items are refused."""
	if action != FORM:
		if not company:
			frappe.throw(_("Choose the company."), title=_("Missing Value"))
		if not lines:
			frappe.throw(_("Enter at least one line to credit."), title=_("Nothing to Credit"))
	memo = frappe.new_doc("Sales Invoice")
	memo.update({"customer": customer, "company": company, "is_return": 1})
	set_posting_date(memo, posting_date)
	for line in lines:
		if action != FORM:  # ERPNext's form checks what it is given
			check_line(line, services_only)
		memo.append(
			"items",
			{
				"item_code": line.get("item_code"),
				"description": line.get("description") or None,
				"qty": -flt(line.get("qty")),
				"rate": None if line.get("rate") in (None, "") else flt(line["rate"]),
			},
		)
	memo.run_method("set_missing_values")
	memo.run_method("calculate_taxes_and_totals")
	return memo


def check_line(line: dict, services_only: bool):
	"""A line entered without a source: an item (ERPNext takes its income account from it), a quantity;
	`services_only`: no stock item."""
	item = line.get("item_code")
	if not item:
		frappe.throw(_("Choose the item of each line."), title=_("Missing Value"))
	if flt(line.get("qty")) <= 0:
		frappe.throw(
			_("The quantity to credit of {0} must be more than 0.").format(item), title=_("Invalid Quantity")
		)
	if services_only and frappe.get_cached_value("Item", item, "is_stock_item"):
		frappe.throw(
			_(
				"{0} is a stock item: return it against its delivery note, so that it goes back into stock."
			).format(item),
			title=_("Stock Item"),
		)


def set_posting_date(doc, posting_date: str | None):
	"""The date typed in the dialog; today's is ERPNext's default (posted at the current time)."""
	if posting_date and getdate(posting_date) != getdate(nowdate()):
		doc.update({"posting_date": posting_date, "set_posting_time": 1})
