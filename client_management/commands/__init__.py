"""bench commands: thin wrappers that parse arguments and call the same rules as the desk."""

import click

from frappe.commands import get_site, pass_context


@click.command("backfill-clients")
@click.option("--dry-run", is_flag=True, help="Show what would happen, write nothing.")
@pass_context
def backfill_clients(context, dry_run=False):
	"""Create (or link) clients for opportunities already in a trigger status."""
	import frappe

	from client_management.won_deals.backfill import backfill

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		counts = backfill(report=click.echo)
		if dry_run:
			frappe.db.rollback()
			click.echo("dry run: nothing written")
		else:
			frappe.db.commit()
		click.echo(", ".join(f"{n} {action}" for action, n in counts.items()))
	finally:
		frappe.destroy()


commands = [backfill_clients]
