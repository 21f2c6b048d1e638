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


def connect(context):
	import frappe

	frappe.init(site=get_site(context))
	frappe.connect()
	frappe.set_user("Administrator")
	return frappe


@click.command("invite-portal-user")
@click.option("--client", required=True, help="Client number")
@click.option("--email", required=True)
@click.option("--contact", help="One of the client's Contacts")
@click.option("--full-name")
@pass_context
def invite_portal_user(context, client, email, contact=None, full_name=None):
	"""Give a client's contact access to the customer portal and email the invitation."""
	frappe = connect(context)
	try:
		doc = frappe.get_doc(
			{
				"doctype": "Customer Portal User",
				"client": client,
				"email": email,
				"contact": contact,
				"full_name": full_name,
			}
		).insert()
		frappe.db.commit()
		click.echo(f"invited {doc.email} ({doc.user}) to the portal of {client}")
	finally:
		frappe.destroy()


@click.command("list-portal-users")
@click.option("--client", help="Only this client")
@pass_context
def list_portal_users(context, client=None):
	"""Portal users: client, email, active, invited on, last login."""
	frappe = connect(context)
	try:
		for row in frappe.get_all(
			"Customer Portal User",
			filters={"client": client} if client else {},
			fields=["name", "client", "email", "enabled", "invited_on", "user"],
			order_by="client, email",
		):
			last_login = frappe.db.get_value("User", row.user, "last_login") if row.user else None
			state = "active" if row.enabled else "inactive"
			click.echo(
				f"{row.client}\t{row.email}\t{state}\tinvited {row.invited_on or '-'}\tlast login {last_login or '-'}"
			)
	finally:
		frappe.destroy()


@click.command("revoke-portal-user")
@click.option("--email", required=True)
@pass_context
def revoke_portal_user(context, email):
	"""Revoke a portal user's access (their documents stay)."""
	frappe = connect(context)
	try:
		name = frappe.db.get_value("Customer Portal User", {"email": email.strip().lower()})
		if not name:
			raise click.ClickException(f"no portal user with email {email}")
		frappe.delete_doc("Customer Portal User", name)
		frappe.db.commit()
		click.echo(f"revoked {email}")
	finally:
		frappe.destroy()


commands = [backfill_clients, send_statements, invite_portal_user, list_portal_users, revoke_portal_user]
