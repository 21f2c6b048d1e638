"""Every benchmark in one table, also written as JSON to compare across commits."""

import json

import frappe

from client_management.benchmarks import (
	client_create,
	client_export,
	client_import,
	duplicates,
	follow_ups,
	import_workers,
	payment_health,
	portal_queries,
	sales_invoice_hooks,
	statements,
)


def run(output: str = "benchmarks.json", scale: float = 1.0, skip: str = "") -> list[dict]:
	"""`scale` shrinks every size (0.01 for a quick look); the goals hold at scale 1. `skip`: names of
	benchmarks left out, comma-separated (at scale 1 `client_import` takes most of an hour on 2 CPUs)."""

	def size(n: int) -> int:
		return max(int(n * scale), 5)

	benchmarks = {
		"client_create": lambda: [client_create.run(count=size(500))],
		"client_import": lambda: client_import.run(count=size(10_000)),
		"import_workers": lambda: import_workers.run(count=max(size(600), 100)),
		"client_export": lambda: [client_export.run(count=size(10_000))],
		"statements": lambda: [statements.run(gl_rows=size(10_000))],
		"sales_invoice_hooks": lambda: [sales_invoice_hooks.run(invoices=size(100))],
		"portal_queries": lambda: portal_queries.run(small=5, large=size(500), requests=size(200)),
		"duplicates": lambda: [duplicates.run(clients=size(100_000))],
		"follow_ups": lambda: follow_ups.run(clients=size(10_000)),
		"payment_health_hooks": lambda: [
			*payment_health.run_hooks(invoices=size(100), history=size(500)),
			*payment_health.run_hooks(invoices=size(30), history=size(2000), goal=None),  # how it grows
		],
		"client_list_sort": lambda: [payment_health.run_list(clients=size(100_000))],
	}
	left_out = {name.strip() for name in skip.split(",") if name.strip()}
	if unknown := left_out - set(benchmarks):
		raise ValueError(f"no benchmark named {', '.join(sorted(unknown))}: {', '.join(benchmarks)}")
	rows = []
	for name, benchmark in benchmarks.items():
		if name in left_out:
			continue
		try:
			rows.extend(benchmark())
		except Exception as error:
			raise RuntimeError(f"benchmark {name} failed: {error}") from error
	with open(output, "w") as f:
		json.dump(
			{"site": frappe.local.site, "scale": scale, "skipped": sorted(left_out), "results": rows},
			f,
			indent=1,
			default=str,
		)
	print(f"written to {output}")
	return rows
