"""Importing N clients (contact + address, our import) vs Frappe's Data Import of the same.

Both sides commit per row, as they do for real; the records made are deleted afterwards.
"""

import frappe
from frappe.core.doctype.data_import.importer import Importer
from frappe.utils import random_string
from frappe.utils.file_manager import save_file

from client_management.benchmarks import delete_records, ratio_row, seconds
from client_management.imports.importer import import_rows
from client_management.imports.reader import read_sheet
from client_management.imports.sheets import header, to_csv
from client_management.tests.factories import ensure_lead_source

GOAL = 0.8


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
			"country": "France",
			"contact_first_name": "Anne",
			"contact_last_name": f"Bench{i}",
			"contact_email": f"anne.{i}.{tag.lower()}@bench-import.fr",
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
	return data_import.name


def customers_csv(count: int, tag: str) -> str:
	return "Customer Name,Customer Type\n" + "".join(
		f"Bench Data Import {tag} {i},Company\n" for i in range(count)
	)


def contacts_csv(count: int, tag: str) -> str:
	return (
		"First Name,Last Name,Email ID (Email IDs),Is Primary (Email IDs),Link Document Type (Links),Link Name (Links)\n"
		+ "".join(
			f"Anne,Bench{i},anne.{i}.{tag.lower()}@bench-data-import.fr,1,Customer,Bench Data Import {tag} {i}\n"
			for i in range(count)
		)
	)


def addresses_csv(count: int, tag: str) -> str:
	return (
		"Address Title,Address Type,Address Line 1,City/Town,Country,Link Document Type (Links),Link Name (Links)\n"
		+ "".join(
			f"Bench Data Import {tag} {i},Billing,{i} rue du Port,Nantes,France,Customer,Bench Data Import {tag} {i}\n"
			for i in range(count)
		)
	)


def run(count: int = 10_000) -> list[dict]:
	"""Our import once, against two ERPNext sides: the issue's goal is set against Data Import of bare
	Customers; the like-for-like side imports the same Customers, Contacts and Addresses with three
	Data Imports. Each side first imports 10 rows (caches, imports); one timed round, at this size."""
	frappe.set_user("Administrator")
	tags, data_imports = [], []

	def ours(rows: int):
		tag = random_string(5)
		tags.append(tag)
		sheet, _unknown = read_sheet("clients.csv", client_sheet(rows, tag))
		import_rows(sheet, commit_each=True)

	def theirs(rows: int, *documents):
		tag = random_string(5)
		tags.append(tag)
		for doctype, csv in documents:
			data_imports.append(data_import(doctype, csv(rows, tag), tag))

	customers = (("Customer", customers_csv),)
	everything = (*customers, ("Contact", contacts_csv), ("Address", addresses_csv))
	try:
		ours(10), theirs(10, *everything)
		ours_s = seconds(lambda: ours(count))
		return [
			ratio_row(
				f"import {count} clients vs Data Import of {count} customers",
				ours_s,
				seconds(lambda: theirs(count, *customers)),
				GOAL,
			),
			ratio_row(
				f"import {count} clients vs Data Import of {count} customers, contacts and addresses",
				ours_s,
				seconds(lambda: theirs(count, *everything)),
				GOAL,
			),
		]
	finally:
		cleanup(tags, data_imports)


def cleanup(tags: list[str], data_imports: list[str]):
	frappe.db.rollback()
	for tag in tags:
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
	for name in data_imports:
		frappe.delete_doc("Data Import", name, force=True)
	frappe.db.commit()
