"""Every benchmark in one table, also written as JSON to compare across commits."""

import json

import frappe

from client_management.benchmarks import (
	client_create,
	client_import,
	duplicates,
	portal_queries,
	sales_invoice_hooks,
	statements,
)


def run(output: str = "benchmarks.json", scale: float = 1.0) -> list[dict]:
	"""`scale` shrinks every size (0.01 for a quick look); the goals hold at scale 1."""

	def size(n: int) -> int:
		return max(int(n * scale), 5)

	rows = [
		client_create.run(count=size(500)),
		*client_import.run(count=size(10_000)),
		statements.run(gl_rows=size(10_000)),
		sales_invoice_hooks.run(invoices=size(100)),
		*portal_queries.run(small=5, large=size(500), requests=size(200)),
		duplicates.run(clients=size(100_000)),
	]
	with open(output, "w") as f:
		json.dump({"site": frappe.local.site, "scale": scale, "results": rows}, f, indent=1, default=str)
	print(f"written to {output}")
	return rows
