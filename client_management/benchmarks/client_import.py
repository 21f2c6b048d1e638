"""Importing N clients (contact + address, our import) vs N Customers with Frappe's Data Import.

Both sides commit per row, as they do for real; the records made are deleted afterwards.
"""

import frappe
from frappe.core.doctype.data_import.importer import Importer
from frappe.utils import random_string
from frappe.utils.file_manager import save_file

from client_management.benchmarks import compare
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


def data_import_customers(count: int, tag: str) -> str:
	"""Frappe's Data Import, as the desk runs it: a Data Import document with the CSV attached."""
	content = "Customer Name,Customer Type\n" + "".join(
		f"Bench Data Import {tag} {i},Company\n" for i in range(count)
	)
	data_import = frappe.get_doc(
		{"doctype": "Data Import", "reference_doctype": "Customer", "import_type": "Insert New Records"}
	).insert()
	file = save_file(f"customers-{tag}.csv", content.encode(), "Data Import", data_import.name, is_private=1)
	data_import.db_set("import_file", file.file_url)
	Importer("Customer", data_import=data_import).import_data()
	return data_import.name


def run(count: int = 10_000, rounds: int = 1) -> dict:
	frappe.set_user("Administrator")
	tags, data_imports = [], []

	def ours():
		tag = random_string(5)
		tags.append(tag)
		rows, _unknown = read_sheet("clients.csv", client_sheet(count, tag))
		import_rows(rows, commit_each=True)

	def theirs():
		tag = random_string(5)
		tags.append(tag)
		data_imports.append(data_import_customers(count, tag))

	try:
		return compare(
			f"import {count} clients vs Data Import of {count} customers", ours, theirs, GOAL, rounds
		)
	finally:
		for tag in tags:
			for name in frappe.get_all(
				"Client", {"company_name": ("like", f"Bench Import {tag} %")}, pluck="name"
			):
				frappe.delete_doc("Client", name)
			for name in frappe.get_all(
				"Customer", {"customer_name": ("like", f"Bench Data Import {tag} %")}, pluck="name"
			):
				frappe.delete_doc("Customer", name)
		for name in data_imports:
			frappe.delete_doc("Data Import", name, force=True)
		frappe.db.commit()
