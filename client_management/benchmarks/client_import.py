"""Importing N clients (contact + address, our import) vs Frappe's Data Import of the same.

Every side commits per row, as real imports do; what a side made is deleted before the next one runs.
"""

import statistics
from collections.abc import Callable

import frappe
from frappe import _
from frappe.core.doctype.data_import.importer import Importer
from frappe.utils import random_string
from frappe.utils.file_manager import save_file

from client_management.benchmarks import delete_records, ratio_row, seconds, seconds_row
from client_management.benchmarks.workers import timed
from client_management.imports.importer import COMMIT_EVERY, import_rows
from client_management.imports.reader import read_sheet
from client_management.imports.sheets import header, to_csv
from client_management.mirror.customer import as_data_import
from client_management.tests.sample_data import ensure_lead_source

GOAL = 1.0  # against Data Import of the same Customers, Contacts and Addresses
GOAL_OVER_INSERTS = 1.25  # against ERPNext's bare inserts of them


def client_sheet(count: int, tag: str) -> bytes:
	source = ensure_lead_source()
	rows = [header()]
	for i in range(count):
		values = {
			"company_name": f"Bench Import {tag} {i}",
			"lead_source": source,
			"inquiry_date": "2026-01-15",
			"finalized_date": "2026-01-31",
			"address_line1": f"{i} rue du Port",
			"city": "Nantes",
			"state": "Pays de la Loire",
			"pincode": "44000",
			"country": "France",
			"tax_id": f"BENCH{tag.upper()}{i}",
			"contact_first_name": "Anne",
			"contact_last_name": f"Bench{i}",
			"contact_email": f"anne.{i}.{tag.lower()}@bench-import.fr",
			"contact_phone": f"+33 2 40 {i // 10000 % 100:02d} {i // 100 % 100:02d} {i % 100:02d}",  # = phone(i)
			"contact_designation": "Gérante",
		}
		rows.append([values.get(key, "") for key in header()])
	return to_csv(rows)


def data_import(doctype: str, content: str, tag: str) -> str:
	"""Frappe's Data Import, as the desk runs it: a Data Import document with the CSV attached."""
	data_import = frappe.get_doc(
		{"doctype": "Data Import", "reference_doctype": doctype, "import_type": "Insert New Records"}
	).insert()
	file = save_file(
		f"{frappe.scrub(doctype)}-{tag}.csv", content.encode(), "Data Import", data_import.name, is_private=1
	)
	data_import.db_set("import_file", file.file_url)
	Importer(doctype, data_import=data_import).import_data()
	if failed := frappe.get_all(
		"Data Import Log", {"data_import": data_import.name, "success": 0}, pluck="messages"
	):
		raise AssertionError(f"Data Import of {doctype}: {len(failed)} rows failed, e.g. {failed[0]}")
	return data_import.name


# The other sides make the same Customers, Contacts and Addresses as the import's mirror: the same
# fields filled (what a client's mirror has beyond them is written by our layer: the Customer's
# primary contact and address).
def phone(i: int) -> str:
	"""Row i's phone number, as the import stores what the sheet has."""
	return f"+33240{i // 10000 % 100:02d}{i // 100 % 100:02d}{i % 100:02d}"


def customers_csv(count: int, tag: str) -> str:
	return "Customer Name,Customer Type,Tax ID,Account Manager\n" + "".join(
		f"Bench Data Import {tag} {i},Company,BENCH{tag.upper()}{i},Administrator\n" for i in range(count)
	)


def contacts_csv(count: int, tag: str) -> str:
	return (
		"First Name,Last Name,Designation,Is Primary Contact,Is Billing Contact,"
		"Email ID (Email IDs),Is Primary (Email IDs),Number (Contact Numbers),Is Primary Phone (Contact Numbers),"
		"Link Document Type (Links),Link Name (Links)\n"
		+ "".join(
			f"Anne,Bench{i},Gérante,1,1,anne.{i}.{tag.lower()}@bench-data-import.fr,1,{phone(i)},1,"
			f"Customer,Bench Data Import {tag} {i}\n"
			for i in range(count)
		)
	)


def addresses_csv(count: int, tag: str) -> str:
	return (
		"Address Title,Address Type,Address Line 1,City/Town,State/Province,Postal Code,Country,"
		"Preferred Billing Address,Preferred Shipping Address,Link Document Type (Links),Link Name (Links)\n"
		+ "".join(
			f"Bench Data Import {tag} {i},Billing,{i} rue du Port,Nantes,Pays de la Loire,44000,France,1,1,"
			f"Customer,Bench Data Import {tag} {i}\n"
			for i in range(count)
		)
	)


def insert_records(count: int, tag: str):
	"""What a client's mirror needs, and nothing else: ERPNext's own inserts of a Customer, its Contact
	and its Address, committed per row, flagged as an import as Data Import does (no gravatar.com lookup
	per Contact). What a row costs with ERPNext's document lifecycle and nothing of ours (Frappe's
	`set_link_title` loads the Customer again for the Contact and for the Address; our mirror gives it
	from memory)."""
	with as_data_import():
		for i in range(count):
			insert_row(i, tag)


def insert_row(i: int, tag: str):
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": f"Bench Data Import {tag} {i}",
			"customer_type": "Company",
			"tax_id": f"BENCH{tag.upper()}{i}",
			"account_manager": "Administrator",
		}
	).insert()
	link = {"link_doctype": "Customer", "link_name": customer.name}
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Anne",
			"last_name": f"Bench{i}",
			"designation": "Gérante",
			"is_primary_contact": 1,
			"is_billing_contact": 1,
			"links": [link],
		}
	)
	contact.add_email(f"anne.{i}.{tag.lower()}@bench-data-import.fr", is_primary=True)
	contact.add_phone(phone(i), is_primary_phone=True)
	contact.insert()
	frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": customer.name,
			"address_type": "Billing",
			"address_line1": f"{i} rue du Port",
			"city": "Nantes",
			"state": "Pays de la Loire",
			"pincode": "44000",
			"country": "France",
			"is_primary_address": 1,
			"is_shipping_address": 1,
			"links": [link],
		}
	).insert()
	frappe.db.commit()


GOAL_SECONDS_AT_10K = 300  # the whole import of 10,000 rows, one process
ROUNDS = 3
GOAL_FLAT = 1.2  # cost per row at N rows over the cost per row at N/10


def import_clients(rows: int, tag: str):
	"""Our import as the job runs it: every row must be created (a benchmark of rejections is none)."""
	sheet, _unknown = read_sheet("clients.csv", client_sheet(rows, tag))
	outcomes = import_rows(sheet, commit_every=COMMIT_EVERY)
	if refused := [o for o in outcomes if o.action != "created"]:
		raise AssertionError(f"{len(refused)} rows not created, e.g. {refused[0]}")


def data_imports(*documents):
	def run_data_imports(rows: int, tag: str):
		for doctype, csv in documents:
			data_import(doctype, csv(rows, tag), tag)

	return run_data_imports


def run(count: int = 10_000, rounds: int = ROUNDS) -> list[dict]:
	"""Our import of N rows: its time against the goal (300 s at 10,000 rows), its cost per row against
	the cost per row at N/10 (flat: what grows with the tables is removed), against Data Import of
	the same Customers, Contacts and Addresses (three Data Imports) in one process and on two workers,
	and against `insert_records` (the mirror's Customer, Contact and Address, without the Client or any
	import machinery): what ERPNext's document lifecycle alone costs.

	Each side first imports 10 rows (caches, imports); then `rounds` rounds of N rows in which the three
	sides take turns, each side's median compared (one run of N rows varies by 5% or more on a shared
	2-CPU machine). What a side made is deleted before the next one runs: at 10k rows ERPNext's own
	inserts slow down as their tables grow, so every side starts from the same tables."""
	frappe.set_user("Administrator")
	everything = data_imports(
		("Customer", customers_csv), ("Contact", contacts_csv), ("Address", addresses_csv)
	)
	sides = (import_clients, everything, insert_records)
	for side in sides:
		timed_then_removed(side, 10)
	small = max(count // 10, 5)
	small_s = timed_then_removed(import_clients, small)
	runs = [[timed_then_removed(side, count) for side in sides] for _round in range(rounds)]
	ours_s, data_import_s, inserts_s = (statistics.median(times) for times in zip(*runs, strict=True))
	return [
		seconds_row(f"import {count} clients", ours_s, GOAL_SECONDS_AT_10K * count / 10_000),
		ratio_row(
			f"import: cost per row at {count} vs at {small} rows",
			ours_s / count,
			small_s / small,
			GOAL_FLAT,
			sides=(f"per row at {count}", f"at {small}"),
		),
		ratio_row(
			f"import {count} clients vs Data Import of {count} customers, contacts and addresses",
			ours_s,
			data_import_s,
			GOAL,
		),
		ratio_row(
			f"import {count} clients on two workers vs Data Import of the same",
			on_two_workers(count),
			data_import_s,
			GOAL,
		),
		ratio_row(
			f"import {count} clients vs ERPNext's own {count} Customer+Contact+Address inserts (no Client)",
			ours_s,
			inserts_s,
			GOAL_OVER_INSERTS,
		),
	]


def on_two_workers(count: int) -> float:
	"""Our import as its jobs run on a bench with two `long` workers: the rows in two chunks, imported
	side by side by two processes, each with its own connection (`workers.timed`)."""
	tag = random_string(5)
	try:
		sheet, _unknown = read_sheet("clients.csv", client_sheet(count, tag))
		half = len(sheet) // 2
		return timed([[sheet[:half]], [sheet[half:]]], [])
	finally:
		cleanup(tag)


def timed_then_removed(side: Callable[[int, str], None], rows: int) -> float:
	"""Seconds `side` takes to make `rows` records under a fresh tag; then what it made goes."""
	tag = random_string(5)
	try:
		return seconds(lambda: side(rows, tag))
	finally:
		cleanup(tag)


def cleanup(tag: str):
	"""Delete what the side tagged `tag` made, committed: clients, customers, contacts, addresses and
	the Data Imports whose file carries the tag (with their logs and files)."""
	frappe.db.rollback()
	clients = frappe.get_all("Client", {"company_name": ("like", f"Bench Import {tag} %")}, pluck="name")
	customers = frappe.get_all("Customer", {"client": ("in", clients)}, pluck="name") if clients else []
	customers += frappe.get_all(
		"Customer", {"customer_name": ("like", f"Bench Data Import {tag} %")}, pluck="name"
	)
	for doctype in ("Contact", "Address"):
		linked = (
			frappe.get_all(
				"Dynamic Link",
				{"parenttype": doctype, "link_doctype": "Customer", "link_name": ("in", customers)},
				pluck="parent",
			)
			if customers
			else []
		)
		delete_records(doctype, linked)
	delete_records("Client", clients)
	delete_records("Customer", customers)
	for name in frappe.get_all("Data Import", {"import_file": ("like", f"%-{tag}%")}, pluck="name"):
		frappe.delete_doc("Data Import", name, force=True, delete_permanently=True)
		# and the "deleted" line Frappe's activity feed adds for it
		frappe.db.delete("Comment", {"comment_type": "Deleted", "subject": f"{_('Data Import')} {name}"})
	frappe.db.commit()
