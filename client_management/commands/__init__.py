"""bench commands: thin wrappers that parse arguments and call the same rules as the desk."""

import click

from frappe.commands import get_site, pass_context

from client_management.constants import STATEMENT_TYPES
from client_management.imports.options import ACTIONS, UPDATE_BY


@click.command("backfill-clients")
@click.option("--dry-run", is_flag=True, help="Show what would happen, write nothing.")
@pass_context
def backfill_clients(context, dry_run=False):
	"""Create (or link) clients for opportunities already won (a trigger status or a won sales stage)."""
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
	if counts["failed"]:
		raise SystemExit(1)


@click.command("send-statements")
@click.option(
	"--type",
	"statement_type",
	required=True,
	type=click.Choice(STATEMENT_TYPES),
)
@click.option("--from", "from_date", help="Start of the period (YYYY-MM-DD); not for Open Item.")
@click.option("--to", "to_date", help="End of the period (YYYY-MM-DD); not for Open Item.")
@click.option("--client", "clients", multiple=True, help="A client number; repeat for several.")
@click.option("--all", "all_clients", is_flag=True, help="Every client with an invoice recipient's email.")
@click.option("--company", help="Only this company; by default one statement per company with transactions.")
@click.option("--dry-run", is_flag=True, help="Build every statement, send and log nothing.")
@pass_context
def send_statements(context, statement_type, from_date, to_date, clients, all_clients, company, dry_run):
	"""Email account statements to clients (logged in Statement Log)."""
	import frappe

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
			company,  # None: one statement per company the client has transactions in
			statement_type,
			from_date,
			to_date,
			dry_run,
			click.echo,
		)
		if dry_run:
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


@click.command("check-portal-access")
@click.option("--repair", is_flag=True, help="Put each finding right: Customer Portal User decides.")
@pass_context
def check_portal_access(context, repair=False):
	"""Find logins that reach a Customer other than through Customer Portal User (exits 1 when any is
	left unrepaired)."""
	frappe = connect(context)
	try:
		from client_management.portal.gate import find_drift
		from client_management.portal.gate import repair as repair_finding

		findings = find_drift()
		for finding in findings:
			click.echo(finding.describe())
			if repair:
				repair_finding(finding)
		if repair:
			frappe.db.commit()
		click.echo(
			f"{len(findings)} finding(s)" + (", repaired" if repair and findings else "")
			if findings
			else "no drift: every portal login reaches only what Customer Portal User gives"
		)
	finally:
		frappe.destroy()
	if findings and not repair:
		raise SystemExit(1)


@click.command("forget-contact")
@click.option("--email", required=True, help="The contact's email address.")
@click.option("--yes", is_flag=True, help="Erase; without it, a dry run that lists what would go.")
@pass_context
def forget_contact(context, email, yes=False):
	"""Erase a client contact without a login wherever the app keeps them (dry run by default)."""
	frappe = connect(context)
	try:
		from client_management.privacy.erasure import check_forgettable, find_person, forget

		person = find_person(email)
		check_forgettable(person)
		for line in person.describe():
			click.echo(line)
		if yes:
			forget(person)
			frappe.db.commit()
			click.echo(f"forgotten: {len(person.clients)} client(s) changed")
		else:
			frappe.db.rollback()
			click.echo("dry run: nothing written (--yes to erase)")
	except frappe.ValidationError as error:
		raise click.ClickException(frappe.utils.strip_html(str(error))) from error
	finally:
		frappe.destroy()


@click.command("export-personal-data")
@click.option("--email", required=True, help="The person's email address.")
@click.option("--output", type=click.Path(dir_okay=False), help="The zip to write (personal-data-EMAIL.zip).")
@pass_context
def export_personal_data(context, email, output=None):
	"""Write a zip of every row the app and ERPNext hold on an email address (subject access)."""
	frappe = connect(context)
	try:
		from client_management.privacy.subject_access import personal_data_archive

		content, data = personal_data_archive(email)
	except frappe.ValidationError as error:
		raise click.ClickException(frappe.utils.strip_html(str(error))) from error
	finally:
		frappe.destroy()
	output = output or f"personal-data-{email.strip().lower()}.zip"
	with open(output, "wb") as f:
		f.write(content)
	click.echo(", ".join(f"{len(rows)} {doctype}" for doctype, rows in data.items()) or "nothing held")
	click.echo(f"written to {output}")


@click.command("import-clients")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check every row, write nothing.")
@click.option("--update-by", type=click.Choice(list(UPDATE_BY.values())), default="number", show_default=True)
@pass_context
def import_clients(context, file, dry_run=False, update_by="number"):
	"""Import clients from the template (.xlsx or .csv); exits 1 when rows were rejected."""
	import os

	from client_management.imports.importer import COMMIT_EVERY, import_rows
	from client_management.imports.reader import read_sheet
	from client_management.validation import InvalidValue

	with open(file, "rb") as f:
		content = f.read()
	try:
		rows, unknown = read_sheet(os.path.basename(file), content)
	except InvalidValue as error:
		raise click.ClickException(f"cannot read {file}: {error}")
	if unknown:
		click.echo(f"ignored columns: {', '.join(unknown)}")
	frappe = connect(context)
	try:
		with click.progressbar(length=len(rows), label="Importing" if not dry_run else "Checking") as bar:
			outcomes = import_rows(
				rows,
				update_by,
				dry_run=dry_run,
				progress=lambda done, total: bar.update(1),
				commit_every=COMMIT_EVERY,
			)
		if dry_run:
			frappe.db.rollback()
		else:
			frappe.db.commit()
		for outcome in outcomes:
			if outcome.action in ("rejected", "skipped"):
				click.echo(f"row {outcome.row}: {outcome.action}: {outcome.message()}")
		counts = {action: sum(o.action == action for o in outcomes) for action in ACTIONS}
		click.echo(
			("dry run: " if dry_run else "") + ", ".join(f"{n} {action}" for action, n in counts.items())
		)
	finally:
		frappe.destroy()
	if counts["rejected"]:
		raise SystemExit(1)


@click.command("export-clients")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_context
def export_clients(context, file):
	"""Export every client (contacts, address) in the import format: .xlsx or .csv by the file's name."""
	from client_management.imports.exporter import export_content

	frappe = connect(context)
	try:
		count = frappe.db.count("Client")
		content = export_content("csv" if file.lower().endswith(".csv") else "xlsx")
	finally:
		frappe.destroy()
	with open(file, "wb") as f:
		f.write(content)
	click.echo(f"exported {count} clients to {file}")


@click.command("create-client-accounts")
@click.option("--company", help="Only this company (one of the settings' parent groups).")
@click.option("--client", "clients", multiple=True, help="Only this client number; repeat for several.")
@click.option("--dry-run", is_flag=True, help="List the accounts that would be made, write nothing.")
@pass_context
def create_client_accounts(context, company=None, clients=(), dry_run=False):
	"""Create the receivable account of every client that has none, from Client Management Settings."""
	frappe = connect(context)
	try:
		from client_management.mirror import create_client_accounts as create_accounts

		counts = create_accounts(company, list(clients), dry_run, click.echo)
		if dry_run:
			frappe.db.rollback()
			click.echo(f"dry run: {counts['created']} accounts to create, nothing written")
		else:
			frappe.db.commit()
			click.echo(f"{counts['created']} accounts created, {counts['failed']} clients failed")
	except frappe.ValidationError as error:
		raise click.ClickException(frappe.utils.strip_html(str(error))) from error
	finally:
		frappe.destroy()
	if counts["failed"]:
		raise SystemExit(1)


@click.command("send-follow-ups")
@click.option("--company", help="Only this company's follow-ups.")
@click.option("--client", "clients", multiple=True, help="A client number; repeat for several.")
@click.option("--dry-run", is_flag=True, help="List what would be sent, write nothing.")
@pass_context
def send_follow_ups(context, company=None, clients=(), dry_run=False):
	"""Make and e-mail the follow-ups due (ERPNext Dunnings), by the levels of Client Management Settings
	(exits 1 when a client failed)."""
	frappe = connect(context)
	try:
		from client_management.follow_ups.run import send_follow_ups as run_follow_ups

		for name in clients:
			if not frappe.db.exists("Client", name):
				raise click.ClickException(f"unknown client: {name}")
		if company and not frappe.db.exists("Company", company):
			raise click.ClickException(f"unknown company: {company}")
		counts = run_follow_ups(list(clients) or None, company, dry_run, click.echo, commit=not dry_run)
		if dry_run:
			frappe.db.rollback()
			click.echo(f"dry run: {counts['sent']} follow-up(s) to send, nothing written")
		else:
			frappe.db.commit()
			click.echo(f"{counts['sent']} follow-up(s) sent, {counts['failed']} client(s) failed")
	finally:
		frappe.destroy()
	if counts["failed"]:
		raise SystemExit(1)


commands = [
	create_client_accounts,
	import_clients,
	export_clients,
	backfill_clients,
	send_statements,
	send_follow_ups,
	invite_portal_user,
	list_portal_users,
	revoke_portal_user,
	check_portal_access,
	forget_contact,
	export_personal_data,
]
