"""Who needs a follow-up (the run's `plan`) vs ERPNext's Accounts Receivable report over the same ledger:
N clients with five invoices each, one invoice in ten overdue, the others paid. And no query per
invoice: the plan sends as many queries for a tenth of the clients as for all of them.

The ledger is bulk-seeded (ERPNext's documents would take hours at 50,000 invoices): what both sides
read of it, the submitted invoices with their payment schedules and the Payment Ledger Entries of the
invoices and of their payments, in a throwaway company, rolled back at the end."""

import frappe
from frappe.utils import add_days, now_datetime, today

from client_management.benchmarks import compare, throwaway_company
from client_management.follow_ups.run import plan
from client_management.setup.follow_ups import create_follow_up_levels

GOAL = 1.2
INVOICES_PER_CLIENT = 5
OVERDUE_EVERY = 10  # one invoice in ten is overdue
AMOUNT = 100


def questions() -> int:
	"""MariaDB's own count of statements this connection sent."""
	return int(frappe.db.sql("show session status like 'Questions'")[0][1])


def seed(company: str, clients: int) -> list[str]:
	"""`clients` clients with their customers, INVOICES_PER_CLIENT submitted invoices each, one in
	OVERDUE_EVERY unpaid and 7 to 96 days past due, the others paid. Returns the client names."""
	stamp, tag = now_datetime(), frappe.generate_hash(length=6)
	receivable = frappe.get_cached_value("Company", company, "default_receivable_account")
	currency = frappe.get_cached_value("Company", company, "default_currency")
	group = frappe.db.get_value("Customer Group", {"is_group": 0}) or "All Customer Groups"
	territory = frappe.db.get_value("Territory", {"is_group": 0}) or "All Territories"
	names = [f"BENCH-FU-{tag}-{i:05d}" for i in range(clients)]
	common = {"creation": stamp, "modified": stamp, "owner": "Administrator", "modified_by": "Administrator"}
	insert(
		"Customer",
		[
			{**common, "name": name, "customer_name": name, "customer_type": "Company", "client": name}
			| {"customer_group": group, "territory": territory}
			for name in names
		],
	)
	insert(
		"Client",
		[
			{**common, "name": name, "company_name": name, "customer": name, "status": "Active"}
			| {"client_owner": "Administrator"}
			for name in names
		],
	)
	invoices, schedules, ledger = [], [], []
	for number in range(clients * INVOICES_PER_CLIENT):
		customer, invoice = names[number // INVOICES_PER_CLIENT], f"BENCH-SINV-{tag}-{number:06d}"
		overdue = number % OVERDUE_EVERY == 0
		due = add_days(today(), -(7 + number % 90))
		posted = add_days(due, -30)
		invoices.append(
			{**common, "name": invoice, "customer": customer, "customer_name": customer, "company": company}
			| {"posting_date": posted, "due_date": due, "currency": currency, "conversion_rate": 1}
			| {"debit_to": receivable, "party_account_currency": currency, "docstatus": 1}
			| {"grand_total": AMOUNT, "base_grand_total": AMOUNT, "rounded_total": AMOUNT}
			| {"outstanding_amount": AMOUNT if overdue else 0, "status": "Overdue" if overdue else "Paid"}
		)
		schedules.append(
			{**common, "name": f"{invoice}-PS", "parent": invoice, "parenttype": "Sales Invoice"}
			| {"parentfield": "payment_schedule", "idx": 1, "due_date": due, "invoice_portion": 100}
			| {"payment_amount": AMOUNT, "base_payment_amount": AMOUNT, "outstanding": AMOUNT}
		)
		entry = {**common, "company": company, "account_type": "Receivable", "account": receivable}
		entry |= {"party_type": "Customer", "party": customer, "account_currency": currency, "docstatus": 1}
		entry |= {"against_voucher_type": "Sales Invoice", "against_voucher_no": invoice, "due_date": due}
		ledger.append(
			entry
			| {"name": f"{invoice}-PLE", "posting_date": posted, "voucher_type": "Sales Invoice"}
			| {"voucher_no": invoice, "amount": AMOUNT, "amount_in_account_currency": AMOUNT}
		)
		if not overdue:  # its payment
			ledger.append(
				entry
				| {"name": f"{invoice}-PAY", "posting_date": due, "voucher_type": "Payment Entry"}
				| {"voucher_no": f"BENCH-PE-{tag}-{number:06d}", "amount": -AMOUNT}
				| {"amount_in_account_currency": -AMOUNT}
			)
	insert("Sales Invoice", invoices)
	insert("Payment Schedule", schedules)
	insert("Payment Ledger Entry", ledger)
	return names


def insert(doctype: str, rows: list[dict]):
	fields = list(rows[0])
	frappe.db.bulk_insert(
		doctype, fields, [[row[field] for field in fields] for row in rows], chunk_size=5000
	)


def accounts_receivable(company: str) -> list:
	from erpnext.accounts.report.accounts_receivable.accounts_receivable import execute

	filters = frappe._dict(
		company=company,
		report_date=today(),
		party_type="Customer",
		ageing_based_on="Due Date",
		range="30, 60, 90, 120",
	)
	return execute(filters)[1]


def run(clients: int = 10_000, rounds: int = 3) -> list[dict]:
	frappe.set_user("Administrator")
	try:
		company = throwaway_company()
		create_follow_up_levels()  # the company's three levels
		names = seed(company, clients)
		due = plan(company=company)
		owing = [row for row in accounts_receivable(company) if row.get("voucher_no")]
		overdue = range(0, clients * INVOICES_PER_CLIENT, OVERDUE_EVERY)  # the numbers of the invoices
		clients_due = len({number // INVOICES_PER_CLIENT for number in overdue})
		if (len(owing), len(due)) != (len(overdue), clients_due):  # both sides read the same ledger
			raise RuntimeError(
				f"{len(owing)} overdue invoices in the report and {len(due)} follow-ups due; expected "
				f"{len(overdue)} and {clients_due}"
			)

		counted = []
		for some in (names[: max(len(names) // 10, 1)], names):
			before = questions()
			plan(some, company)
			counted.append(questions() - before - 1)  # the status query itself
		timed = compare(
			f"follow-ups due of {clients} clients ({clients * INVOICES_PER_CLIENT} invoices, {len(overdue)} "
			"overdue) vs Accounts Receivable report",
			lambda: plan(company=company),
			lambda: accounts_receivable(company),
			GOAL,
			rounds,
		)
	finally:
		frappe.db.rollback()
	queries = {
		"operation": f"follow-ups due: queries for {len(names) // 10 or 1} vs {clients} clients",
		"small": counted[0],
		"large": counted[1],
		"met": counted[0] == counted[1],
	}
	print(f"{queries['operation']}: {counted[0]} vs {counted[1]} {'OK' if queries['met'] else 'MISSED'}")
	return [timed, queries]
