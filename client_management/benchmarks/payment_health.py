"""Payment health: what keeping a client's figures adds to an invoice and a payment submit (goal <= 5%
of ERPNext's own), and the payment health list sorted by overdue against the list sorted by client
with 100,000 clients (goal: as fast, on the overdue index).

The hook is timed on its own right after each submit, on the same client, whose ledger is given
`history` earlier entries first (the figures' query reads them all); the overhead is hook time /
(submit time - hook time). The clients are bare rows, bulk inserted and rolled back."""

import random
import statistics
import time

import frappe
from frappe.utils import add_days, now_datetime, nowdate

from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

from client_management.benchmarks import ratio_row, seconds, throwaway_company
from client_management.payment_health import HEALTH, refresh_customers
from client_management.tests.sample_data import create_client, create_sales_invoice

GOAL = 0.05
SEEDED_CLIENT = "BENCH-H-"  # the names of the list benchmark's clients
OTHER_ENTRIES = 50_000  # the other customers' share of the ledger
LIST_GOAL = 1.2  # the list by overdue within the noise of the list by name
LIST_FIELDS = [
	"name",
	"client",
	"client_name",
	"overdue_amount",
	"days_sales_outstanding",
	"average_days_late",
	"last_payment_date",
]


def seed_ledger(customer: str, company: str, entries: int, years: int = 3):
	"""About `entries` receivable ledger entries of the customer over the last `years`: invoices, nine
	in ten paid (late or not), with their Sales Invoice rows (what the figures' queries read, without
	making each invoice through ERPNext)."""
	account = frappe.get_cached_value("Company", company, "default_receivable_account")
	currency = frappe.get_cached_value("Company", company, "default_currency")
	now = now_datetime()
	common = (company, account, "Receivable", "Customer", customer, currency, "Sales Invoice", 1, now, now)
	ledger, invoices = [], []
	for i in range(entries * 10 // 19):  # invoices, and a payment for nine in ten of them
		posted = add_days(nowdate(), -random.randint(1, 365 * years))  # nosec B311 - benchmark data
		due = add_days(posted, 30)
		paid_on = add_days(due, random.randint(-20, 40))  # nosec B311
		paid = i % 10 and paid_on <= nowdate()
		invoice = f"BENCH-SINV-{i:06d}"
		invoices.append((invoice, customer, company, 1, posted, due, 0 if paid else 100, now, now))
		ledger.append((f"bench-ple-i{i}", posted, due, "Sales Invoice", invoice, 100, 100, invoice, *common))
		if paid:
			payment = f"BENCH-PE-{i:06d}"
			ledger.append(
				(f"bench-ple-p{i}", paid_on, None, "Payment Entry", payment, -100, -100, invoice, *common)
			)
	frappe.db.bulk_insert(
		"Sales Invoice",
		[
			"name",
			"customer",
			"company",
			"docstatus",
			"posting_date",
			"due_date",
			"outstanding_amount",
			"creation",
			"modified",
		],
		invoices,
	)
	fields = [
		"name",
		"posting_date",
		"due_date",
		"voucher_type",
		"voucher_no",
		"amount",
		"amount_in_account_currency",
		"against_voucher_no",
		"company",
		"account",
		"account_type",
		"party_type",
		"party",
		"account_currency",
		"against_voucher_type",
		"docstatus",
		"creation",
		"modified",
	]
	frappe.db.bulk_insert("Payment Ledger Entry", fields, ledger)


def seed_other_parties(company: str, entries: int, per_party: int = 20):
	"""`entries` ledger entries of other customers, `per_party` each: a ledger shared by many parties,
	as on a live site (the figures' queries find the customer's entries by its index)."""
	account = frappe.get_cached_value("Company", company, "default_receivable_account")
	now = now_datetime()
	rows = [
		(
			f"bench-other-{i}",
			add_days(nowdate(), -(i % 1000)),
			"Sales Invoice",
			f"BENCH-OTHER-{i}",
			100,
			f"BENCH-OTHER-{i}",
			company,
			account,
			"Receivable",
			"Customer",
			f"Bench Party {i // per_party}",
			"Sales Invoice",
			now,
			now,
		)
		for i in range(entries)
	]
	fields = [
		"name",
		"posting_date",
		"voucher_type",
		"voucher_no",
		"amount",
		"against_voucher_no",
		"company",
		"account",
		"account_type",
		"party_type",
		"party",
		"against_voucher_type",
		"creation",
		"modified",
	]
	frappe.db.bulk_insert("Payment Ledger Entry", fields, rows)


def hook_overhead(label: str, submits: list[float], hooks: list[float], goal: float | None) -> dict:
	"""Print and return one line; without a goal, a reference figure."""
	hook, submit = statistics.median(hooks), statistics.median(submits)
	overhead = hook / (submit - hook)
	row = {
		"operation": label,
		"hook_ms": round(hook * 1000, 2),
		"submit_ms": round(submit * 1000, 1),
		"overhead": round(overhead, 4),
		"goal": goal,
		"met": None if goal is None else overhead <= goal,
	}
	verdict = "(reference)" if goal is None else f"(goal <= {goal:.0%}) {'OK' if row['met'] else 'MISSED'}"
	print(f"{label}: {row['hook_ms']} ms of {row['submit_ms']} ms, overhead {overhead:.2%} {verdict}")
	return row


def run_hooks(invoices: int = 100, history: int = 500, goal: float | None = GOAL) -> list[dict]:
	"""Insert+submit of `invoices` invoices, then of a payment of each, for a client whose ledger has
	`history` earlier entries (the hook reads them all: its cost grows with them)."""
	frappe.set_user("Administrator")
	try:
		company = throwaway_company()
		customer = create_client().customer
		seed_other_parties(company, OTHER_ENTRIES)
		seed_ledger(customer, company, history)
		create_sales_invoice(customer, company=company)  # warm-up
		made, submits, hooks = [], [], []
		for _ in range(invoices):
			start = time.perf_counter()
			made.append(create_sales_invoice(customer, company=company))
			submits.append(time.perf_counter() - start)
			start = time.perf_counter()
			refresh_customers({customer})
			hooks.append(time.perf_counter() - start)
		invoice_row = hook_overhead(
			f"Sales Invoice insert+submit: payment health ({history} ledger entries)", submits, hooks, goal
		)
		submits, hooks = [], []
		for invoice in made:
			payment = get_payment_entry("Sales Invoice", invoice.name)
			payment.update({"reference_no": "BENCH", "reference_date": nowdate()})
			start = time.perf_counter()
			payment.insert()
			payment.submit()
			submits.append(time.perf_counter() - start)
			start = time.perf_counter()
			refresh_customers({customer})
			hooks.append(time.perf_counter() - start)
		payment_row = hook_overhead(
			f"Payment Entry insert+submit: payment health ({history} ledger entries)", submits, hooks, goal
		)
	finally:
		frappe.db.rollback()
	return [invoice_row, payment_row]


def seed_health_rows(count: int):
	"""Bare Client Payment Health rows: what the list reads and sorts."""
	now = now_datetime()
	rows = [
		(
			f"{SEEDED_CLIENT}{i:06d}",
			f"{SEEDED_CLIENT}{i:06d}",
			f"Health Bench {i:06d}",
			round(random.uniform(0, 50_000), 2) if i % 3 else 0,  # nosec B311 - benchmark data
			round(random.uniform(0, 120), 1),  # nosec B311
			now,
			now,
			"Administrator",
			"Administrator",
		)
		for i in range(count)
	]
	fields = [
		"name",
		"client",
		"client_name",
		"overdue_amount",
		"days_sales_outstanding",
		"creation",
		"modified",
		"owner",
		"modified_by",
	]
	frappe.db.bulk_insert(HEALTH, fields, rows, ignore_duplicates=True)


def first_page(order_by: str, pages: int = 20):
	"""The health list's first page, as the desk asks for it (fields, sort, 20 rows), `pages` times."""
	for _ in range(pages):
		frappe.get_list(HEALTH, fields=LIST_FIELDS, order_by=order_by, limit_page_length=20)


def run_list(clients: int = 100_000, rounds: int = 5) -> dict:
	"""Unlike the others, this benchmark commits its clients, then deletes them: MariaDB chooses the
	overdue index by the table's statistics, which only committed rows and ANALYZE TABLE bring up to
	date (as they are on a live site); on rolled-back rows it sorts the whole table instead."""
	frappe.set_user("Administrator")
	by_overdue, by_name = [], []
	try:
		seed_health_rows(clients)
		frappe.db.commit()
		analyze_health_table()
		for _ in range(rounds + 1):  # the first round warms up
			by_overdue.append(seconds(lambda: first_page(f"`tab{HEALTH}`.`overdue_amount` desc")))
			by_name.append(seconds(lambda: first_page(f"`tab{HEALTH}`.`name` asc")))
	finally:
		frappe.db.rollback()
		frappe.db.delete(HEALTH, {"name": ("like", f"{SEEDED_CLIENT}%")})
		frappe.db.commit()
		analyze_health_table()
	return ratio_row(
		f"Payment health list sorted by overdue vs by client, {clients} clients",
		statistics.median(by_overdue[1:]),
		statistics.median(by_name[1:]),
		LIST_GOAL,
		sides=("by overdue", "by name"),
	)


def analyze_health_table():
	"""Bring the health table's statistics up to date (a statement that commits, hence after ours)."""
	frappe.db.sql("ANALYZE TABLE `tabClient Payment Health`")  # no query builder form for it
