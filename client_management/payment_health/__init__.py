"""A client's payment health: what it owes, what is overdue, how fast it pays, read from ERPNext's
Payment Ledger Entry (the ledger behind its Accounts Receivable report) in one set-based query for the
one client, and stored in its Client Payment Health by the events that change it (overrides/) and a
daily refresh for what the calendar moves, so that no list or form computes it. A DocType of its own,
read by Accounts roles and Client Managers: Frappe v15 lets a reader filter and sort by a field of a
permission level it cannot read, so the figures cannot be fields of the Client that Sales Users read.

Amounts are in the currency of the site's default company; a company of the client in another
currency counts at the latest exchange rate stored on the site (Currency Exchange), or not at all
without one (nothing is fetched from outside in a doc event)."""

import functools

from pypika.terms import Values

import frappe
from frappe import _
from frappe.query_builder import Case, CustomFunction, DocType, Parameter
from frappe.query_builder.functions import Abs, Coalesce, Count, DateFormat, Max, Sum
from frappe.utils import add_months, flt, get_first_day, getdate, now_datetime, nowdate

from erpnext import get_default_currency

from client_management.follow_ups.overdue import sent_levels

HEALTH = "Client Payment Health"  # one per client that has had a ledger, named as the client
# Its figures, written here only.
HEALTH_FIELDS = (
	"outstanding_amount",
	"overdue_amount",
	"days_sales_outstanding",
	"average_days_late",
	"last_payment_date",
	"follow_up_level",
	"currency",
	"updated_on",
)
WINDOW_MONTHS = 12  # DSO and days paid late look back this far
DAYS_PER_YEAR = 365
PAYMENT_VOUCHERS = ("Payment Entry", "Journal Entry")
CLIENTS_PER_JOB = 500
SETTLED = 0.005  # an open item with less than this left is settled (the ledger sums amounts)

LEDGER = DocType("Payment Ledger Entry")
DateDiff = CustomFunction("DATEDIFF", ["end", "start"])


def may_read_payment_health(user: str | None = None) -> bool:
	"""Whether the user's roles read the clients' payment health."""
	return frappe.has_permission(HEALTH, "read", user=user)


def require_payment_health_access():
	if not may_read_payment_health():
		raise frappe.PermissionError(_("Payment health figures need Accounts or Client Manager rights."))


def ledger_of(customer: str, until):
	"""The customer's receivable ledger entries in force (not cancelled, not undone) up to `until`."""
	return frappe.qb.from_(LEDGER).where(
		(LEDGER.party_type == "Customer")
		& (LEDGER.party == customer)
		& (LEDGER.account_type == "Receivable")
		& (LEDGER.delinked == 0)
		& (LEDGER.posting_date <= until)
	)


def health_figures(customer: str | None, today: str | None = None) -> dict:
	"""The figures of HEALTH_FIELDS for the customer, as of today.

	Per open item (an invoice with its payments, returns and journal entries; an unallocated payment or
	credit note), as ERPNext's Accounts Receivable report groups the ledger: outstanding is the sum of
	all items (credits count), overdue the sum of the items left to pay whose due date (else posting
	date) is before today. DSO: outstanding / credit sales of the last 12 months (invoices less returns
	posted to the receivable) x 365, 0 without such sales or with nothing owed. Average days paid late:
	over the invoices settled in the last 12 months with at least one payment, the days from their due
	date to the last entry that settled them, 0 for one settled on time. Last payment: the latest
	Payment Entry received. Follow-up level: the highest of its follow-ups still open (the run's own
	rule, follow_ups.overdue.sent_levels), 0 for none."""
	today = getdate(today or nowdate())
	currency = get_default_currency()
	figures = dict.fromkeys(HEALTH_FIELDS[:-2], 0.0)
	figures.update(last_payment_date=None, follow_up_level=0, currency=currency, updated_on=now_datetime())
	if not customer:
		return figures
	figures["follow_up_level"] = max(sent_levels([customer]).values(), default=0)
	by_company = frappe.db.sql(
		figures_query(),
		{"customer": customer, "today": today, "since": add_months(today, -WINDOW_MONTHS)},
		as_dict=True,
	)
	sales = settled_invoices = days_late = 0.0
	for row in by_company:
		rate = rate_to(company_currency(row.company), currency, today)
		if rate is None:
			continue
		figures["outstanding_amount"] += flt(row.outstanding) * rate
		figures["overdue_amount"] += flt(row.overdue) * rate
		sales += flt(row.sales) * rate
		settled_invoices += row.settled
		days_late += flt(row.days_late)
		if row.last_payment and (
			not figures["last_payment_date"] or row.last_payment > figures["last_payment_date"]
		):
			figures["last_payment_date"] = row.last_payment
	precision = frappe.get_precision(HEALTH, "outstanding_amount") or 2
	figures["outstanding_amount"] = flt(figures["outstanding_amount"], precision)
	figures["overdue_amount"] = flt(figures["overdue_amount"], precision)
	figures["days_sales_outstanding"] = days_sales_outstanding(figures["outstanding_amount"], sales)
	figures["average_days_late"] = flt(days_late / settled_invoices, 1) if settled_invoices else 0.0
	return figures


@functools.cache
def figures_query() -> str:
	"""The SQL of health_figures, per company, built once (its building costs as much as a third of
	running it): parameters %(customer)s, %(today)s and %(since)s (the window's start)."""
	own = (LEDGER.voucher_type == LEDGER.against_voucher_type) & (
		LEDGER.voucher_no == LEDGER.against_voucher_no
	)
	items = (
		ledger_of(Parameter("%(customer)s"), Parameter("%(today)s"))
		.select(
			LEDGER.company,
			Sum(LEDGER.amount).as_("outstanding"),
			Max(Case().when(own, Coalesce(LEDGER.due_date, LEDGER.posting_date))).as_("due_date"),
			Max(Case().when(own & (LEDGER.voucher_type == "Sales Invoice") & (LEDGER.amount > 0), 1)).as_(
				"invoice"
			),
			Max(Case().when(~own & LEDGER.voucher_type.isin(PAYMENT_VOUCHERS), 1)).as_("paid"),
			Max(Case().when(~own, LEDGER.posting_date)).as_("settled_on"),
			Max(
				Case().when(
					(LEDGER.voucher_type == "Payment Entry") & (LEDGER.amount < 0), LEDGER.posting_date
				)
			).as_("last_payment"),
			Sum(
				Case()
				.when(
					(LEDGER.voucher_type == "Sales Invoice") & (LEDGER.posting_date > Parameter("%(since)s")),
					LEDGER.amount,
				)
				.else_(0)
			).as_("sales"),
		)
		.groupby(LEDGER.company, LEDGER.against_voucher_type, LEDGER.against_voucher_no)
	)
	settled = (
		(items.invoice == 1)
		& (items.paid == 1)
		& (Abs(items.outstanding) < SETTLED)
		& (items.settled_on > Parameter("%(since)s"))
	)
	late = DateDiff(items.settled_on, items.due_date)
	return (
		frappe.qb.from_(items)
		.select(
			items.company,
			Sum(items.outstanding).as_("outstanding"),
			Sum(
				Case()
				.when((items.outstanding > 0) & (items.due_date < Parameter("%(today)s")), items.outstanding)
				.else_(0)
			).as_("overdue"),
			Sum(items.sales).as_("sales"),
			Count(Case().when(settled, 1)).as_("settled"),
			Sum(Case().when(settled & (late > 0), late).else_(0)).as_("days_late"),
			Max(items.last_payment).as_("last_payment"),
		)
		.groupby(items.company)
	).get_sql()


def days_sales_outstanding(outstanding: float, sales: float) -> float:
	"""Receivable / credit sales of the period x its days; 0 without sales or with nothing owed."""
	if outstanding <= 0 or sales <= 0:
		return 0.0
	return flt(outstanding / sales * DAYS_PER_YEAR, 1)


def company_currency(company: str) -> str:
	return frappe.get_cached_value("Company", company, "default_currency")


def rate_to(from_currency: str, to_currency: str, on) -> float | None:
	"""1 for the same currency, else the latest Currency Exchange rate stored on or before `on`."""
	if from_currency == to_currency:
		return 1.0
	rate = frappe.get_all(
		"Currency Exchange",
		filters={"from_currency": from_currency, "to_currency": to_currency, "date": ("<=", on)},
		pluck="exchange_rate",
		order_by="date desc",
		limit=1,
	)
	return flt(rate[0]) if rate else None


# --- keeping the figures


def refresh_client(client: str, customer: str | None = None, client_name: str | None = None):
	"""Write the client's figures from the ledger: its Client Payment Health, made the first time (one
	statement; the app's own record, no controller to run, whoever's event moved the ledger)."""
	if customer is None:
		customer, client_name = frappe.db.get_value("Client", client, ["customer", "company_name"])
	now, user = now_datetime(), frappe.session.user
	frappe.db.sql(
		upsert_query(),
		{
			"name": client,
			"client": client,
			"client_name": client_name,
			"customer": customer,
			**health_figures(customer),
			"creation": now,
			"modified": now,
			"owner": user,
			"modified_by": user,
		},
	)


@functools.cache
def upsert_query() -> str:
	"""INSERT … ON DUPLICATE KEY UPDATE of a Client Payment Health, built once, parameters by column."""
	table = DocType(HEALTH)
	columns = ("name", "client", "client_name", "customer", *HEALTH_FIELDS, "creation", "modified", "owner")
	query = (
		frappe.qb.into(table)
		.columns(*columns, "modified_by")
		.insert(*(Parameter(f"%({column})s") for column in (*columns, "modified_by")))
	)
	for column in ("client_name", "customer", *HEALTH_FIELDS, "modified", "modified_by"):
		query = query.on_duplicate_key_update(table[column], Values(table[column]))
	return query.get_sql()


def refresh_customers(customers) -> None:
	"""The doc events' entry: the clients of these customers (None, or customers of no client, skipped)."""
	for client, customer, client_name in frappe.get_all(
		"Client",
		filters={"customer": ("in", [c for c in set(customers) if c] or [""])},
		fields=["name", "customer", "company_name"],
		as_list=True,
	):
		refresh_client(client, customer, client_name)


def refresh_client_with_ledger(client):
	"""A new or renamed client: figures when its customer has a ledger (a won deal's customer may
	have invoices); a new customer gets them with its first invoice."""
	if (
		client.customer
		and not client.flags.customer_made
		and frappe.db.exists("Payment Ledger Entry", {"party_type": "Customer", "party": client.customer})
	):
		refresh_client(client.name, client.customer, client.company_name)


def rename_payment_health(client):
	"""Client.on_update: a new company name shows in the health list and chart."""
	frappe.db.set_value(HEALTH, {"client": client.name}, "client_name", client.company_name)


def payment_health_of(client: str) -> dict:
	"""The stored figures, zero for a client with no ledger yet, for the form of a reader."""
	stored = frappe.db.get_value(HEALTH, client, HEALTH_FIELDS, as_dict=True)
	return stored or {**health_figures(None), "updated_on": None}


def forget_payment_health(client: str):
	"""Client.on_trash and before_rename: the figures go with the name (a renamed or merged client gets
	them again after the rename)."""
	frappe.db.delete(HEALTH, {"client": client})


def clients_with_ledger() -> list[str]:
	"""The clients whose customer has receivable ledger entries: those with figures to keep."""
	parties = frappe.qb.from_(LEDGER).select(LEDGER.party).distinct().where(LEDGER.party_type == "Customer")
	return frappe.get_all("Client", {"customer": ("in", parties.run(pluck=True) or [""])}, pluck="name")


def refresh_clients(clients: list[str], report=None, commit_each: bool = False) -> dict:
	"""Refresh each client in its own savepoint: one that fails is reported and logged, the others go
	on. `commit_each`: a background job, a commit per client."""
	counts = {"refreshed": 0, "failed": 0}
	for client in clients:
		frappe.db.savepoint("payment_health")
		try:
			refresh_client(client)
		except Exception as error:
			frappe.db.rollback(save_point="payment_health")
			frappe.log_error(title=_("Payment health of client {0} not refreshed").format(client))
			if report:
				report(f"{client}: not refreshed: {error}")
			counts["failed"] += 1
			continue
		frappe.db.release_savepoint("payment_health")
		if commit_each:
			frappe.db.commit()  # a background job: what was refreshed stays
		counts["refreshed"] += 1
	return counts


def clients_moved_by_the_calendar(today: str | None = None) -> list[str]:
	"""The clients whose figures a new day may change: those owing or owed something (overdue, DSO),
	paid late in the window (it slides), at a follow-up level (a Dunning resolved by hand), or with a
	ledger entry dated today (posted in advance)."""
	today = getdate(today or nowdate())
	moving = frappe.get_all(
		HEALTH,
		or_filters={
			"outstanding_amount": ("!=", 0),
			"overdue_amount": ("!=", 0),
			"average_days_late": ("!=", 0),
			"follow_up_level": ("!=", 0),
		},
		pluck="client",
		order_by="client",
	)
	arriving = (
		frappe.qb.from_(LEDGER)
		.select(LEDGER.party)
		.distinct()
		.where((LEDGER.party_type == "Customer") & (LEDGER.posting_date == today) & (LEDGER.delinked == 0))
	).run(pluck=True)
	if arriving:
		moving += frappe.get_all("Client", {"customer": ("in", arriving)}, pluck="name", order_by="name")
	return sorted(set(moving))


def enqueue_daily_refresh():
	"""Daily scheduler event: one deduplicated job per chunk of the clients a new day moves."""
	clients = clients_moved_by_the_calendar()
	for start in range(0, len(clients), CLIENTS_PER_JOB):
		frappe.enqueue(
			refresh_clients,
			queue="long",
			clients=clients[start : start + CLIENTS_PER_JOB],
			commit_each=True,
			job_id=f"client_management:payment_health:{nowdate()}:{start // CLIENTS_PER_JOB}",
			deduplicate=True,
			enqueue_after_commit=True,
		)


# --- the DSO trend of the finance tab, computed on request for one client


def dso_trend(customer: str, months: int = WINDOW_MONTHS, today: str | None = None) -> dict:
	"""DSO at the end of each of the last `months` calendar months (the current one to date): the
	receivable then / credit sales of the 12 calendar months ending then x 365."""
	today = getdate(today or nowdate())
	currency = get_default_currency()
	first = add_months(get_first_day(today), 1 - months)
	labels = [add_months(first, i).strftime("%Y-%m") for i in range(months)]
	month = DateFormat(LEDGER.posting_date, "%Y-%m")
	rows = (
		ledger_of(customer, today)
		.select(
			LEDGER.company,
			month.as_("month"),
			Sum(LEDGER.amount).as_("change"),
			Sum(Case().when(LEDGER.voucher_type == "Sales Invoice", LEDGER.amount).else_(0)).as_("sales"),
		)
		.groupby(LEDGER.company, month)
	).run(as_dict=True)
	change, sales = {}, {}
	for row in rows:
		rate = rate_to(company_currency(row.company), currency, today)
		if rate is not None:
			change[row.month] = change.get(row.month, 0.0) + flt(row.change) * rate
			sales[row.month] = sales.get(row.month, 0.0) + flt(row.sales) * rate
	points = []
	for label in labels:
		receivable = sum(amount for m, amount in change.items() if m <= label)
		window = {add_months(getdate(f"{label}-01"), -i).strftime("%Y-%m") for i in range(WINDOW_MONTHS)}
		points.append(days_sales_outstanding(receivable, sum(sales.get(m, 0.0) for m in window)))
	return {"months": labels, "dso": points, "currency": currency}
