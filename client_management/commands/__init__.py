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


@click.command("send-statements")
@click.option(
	"--type",
	"statement_type",
	required=True,
	type=click.Choice(["Balance Forward", "Open Item", "Transaction"]),
)
@click.option("--from", "from_date", help="Start of the period (YYYY-MM-DD); not for Open Item.")
@click.option("--to", "to_date", help="End of the period (YYYY-MM-DD); not for Open Item.")
@click.option("--client", "clients", multiple=True, help="A client number; repeat for several.")
@click.option("--all", "all_clients", is_flag=True, help="Every client with an invoice recipient's email.")
@click.option("--company", help="Defaults to the default company.")
@click.option("--dry-run", is_flag=True, help="Build every statement, send and log nothing.")
@pass_context
def send_statements(context, statement_type, from_date, to_date, clients, all_clients, company, dry_run):
	"""Email account statements to clients (logged in Statement Log)."""
	import frappe

	import erpnext

	from client_management.statements.scheduled import send_to_clients

	if bool(clients) == all_clients:
		raise click.UsageError("Give --client (one or more) or --all.")
	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		names = list(clients) or frappe.get_all("Client", {"customer": ("is", "set")}, pluck="name")
		counts = send_to_clients(
			names,
			company or erpnext.get_default_company(),
			statement_type,
			from_date,
			to_date,
			dry_run,
			click.echo,
		)
		if dry_run:
			frappe.db.rollback()
			click.echo("dry run: nothing sent or logged")
		else:
			frappe.db.commit()
		click.echo(f"{counts['sent']} sent, {counts['failed']} not sent")
	finally:
		frappe.destroy()
	if counts["failed"] and not all_clients:
		raise SystemExit(1)


commands = [backfill_clients, send_statements]
