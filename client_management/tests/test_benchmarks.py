"""`scripts/bench` at its smallest: every row of the table, written as JSON, and the site left as it was.

The import benchmark commits per row as real imports do, and deletes what it made: this test commits."""

import json
import tempfile
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase

from client_management.benchmarks import run_all

# What the benchmarks make; each count must be the same after the run.
MADE = (
	"Client",
	"Client Payment Health",
	"Customer",
	"Contact",
	"Address",
	"Company",
	"Account",
	"Sales Invoice",
	"Journal Entry",
	"GL Entry",
	"Payment Ledger Entry",
	"Payment Entry",
	"Dunning Type",
	"Client Follow-up Level",
	"Customer Portal User",
	"User",
	"Data Import",
	"File",
	"Version",
	"Deleted Document",
	"ToDo",
	"Comment",
)


def counts() -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in MADE}


class TestBenchmarks(FrappeTestCase):
	def test_the_smallest_run_gives_every_figure_and_leaves_the_site_as_it_was(self):
		before = counts()
		with tempfile.TemporaryDirectory() as folder:
			output = Path(folder, "benchmarks.json")
			run_all.run(output=str(output), scale=0.0001)
			written = json.loads(output.read_text())

		operations = [row["operation"] for row in written["results"]]
		for expected in (
			"create 5 clients",
			"import 5 clients",
			"import: cost per row at 5 vs at 5 rows",
			"export ",
			"import 5 clients vs ERPNext's own 5 Customer+Contact+Address inserts",
			"import 5 clients vs Data Import of 5 customers, contacts and addresses",
			"import 5 clients on two workers vs Data Import of the same",
			"balance-forward statement vs General Ledger, 5 GL rows",
			"Sales Invoice insert+submit: our hooks",
			"portal client home (/client-portal)",
			"portal invoice list (ERPNext) (/invoices)",
			"duplicate check",
			"follow-ups due of 5 clients",
			"follow-ups due: queries for",
			"Sales Invoice insert+submit: payment health",
			"Payment Entry insert+submit: payment health",
			"Payment health list sorted by overdue vs by client",
			"import 100 rows in two chunks: two workers vs one",
		):
			self.assertTrue(any(op.startswith(expected) for op in operations), (expected, operations))
		for row in written["results"]:
			if "ratio" in row:  # each side timed, the ratio and verdict computed from those times
				self.assertTrue(row["ours_s"] > 0 and row["erpnext_s"] > 0, row)
				ratio = row["ours_s"] / row["erpnext_s"]
				self.assertAlmostEqual(row["ratio"], ratio, delta=0.01, msg=row)
		portal_home = next(r for r in written["results"] if "/client-portal" in r["operation"])
		self.assertEqual(portal_home["small"], portal_home["large"])

		frappe.db.rollback()
		self.assertEqual(counts(), before)

	def test_a_benchmark_left_out_must_exist(self):
		with self.assertRaisesRegex(ValueError, "no benchmark named client_imports"):
			run_all.run(skip="client_imports")
