"""The follow-up run: the daily schedule, `bench send-follow-ups` and Send Follow-up Now are this one
rule. Who needs a reminder is read for all clients at once (follow_ups.overdue); each follow-up is then
made and mailed in its own savepoint, a client's failure logged while the others go on. Runs may meet
(the daily job, the command, Send Follow-up Now): each follow-up is made under the client's row lock
after reading again what is due, and mailed under its Dunning's, so none is made or mailed twice."""

from dataclasses import dataclass
from itertools import groupby

import frappe
from frappe import _
from frappe.utils import fmt_money, getdate, nowdate, strip_html

from client_management.constants.follow_ups import TO_SEND
from client_management.follow_ups.dunning import build_dunning, mail_dunning, make_dunning, note_on_client
from client_management.follow_ups.hold import lift_settled_holds, put_on_hold
from client_management.follow_ups.levels import Level, due_level, level_of, levels_by_company
from client_management.follow_ups.overdue import overdue_parties, pending_dunnings, sent_levels
from client_management.statements.delivery import statement_recipients
from client_management.utils.settings import send_follow_ups_daily

CLIENTS_PER_JOB = 50


@dataclass
class FollowUp:
	"""One reminder to a client from a company: a new Dunning at `level`, or `dunning`, made by an
	earlier run that stopped before its e-mail."""

	client: str
	customer: str
	company: str
	level: Level | None
	dunning: str | None = None
	days_overdue: int = 0
	invoices: int = 0
	overdue: float = 0
	currency: str | None = None

	def label(self) -> str:
		return f"{self.client} ({self.company})"

	def describe(self) -> str:
		if self.dunning:
			return _("{0}, made earlier, to e-mail").format(self.dunning)
		return _("{0}: {1} invoice(s), {2} overdue, the oldest {3} days").format(
			self.level.label(),
			self.invoices,
			fmt_money(self.overdue, currency=self.currency),
			self.days_overdue,
		)


def is_paused(paused_until) -> bool:
	return bool(paused_until) and getdate(paused_until) >= getdate(nowdate())


def plan(clients: list[str] | None = None, company: str | None = None, now: bool = False) -> list[FollowUp]:
	"""What is due, by client and company: the follow-ups a run stopped before e-mailing, then for each
	client and company with an overdue invoice the level due (levels.due_level) when it was not sent.
	Paused clients get nothing, unless `now` (a user sends it from the client)."""
	pending = [row for row in pending_dunnings(clients, company) if now or not is_paused(row.paused_until)]
	due = [
		FollowUp(row.client, row.customer, row.company, level_of(row.company, row.follow_up_level), row.name)
		for row in pending
	]
	waiting = {(row.customer, row.company) for row in pending}  # nothing new until that one is mailed
	overdue = [
		row
		for row in overdue_parties(clients, company)
		if (now or not is_paused(row.paused_until)) and (row.customer, row.company) not in waiting
	]
	levels = levels_by_company()
	sent = sent_levels(list({row.customer for row in overdue}))
	for row in overdue:
		level = due_level(
			levels.get(row.company, []), row.days_overdue, sent.get((row.customer, row.company), 0), now
		)
		if level:
			due.append(
				FollowUp(
					row.client,
					row.customer,
					row.company,
					level,
					days_overdue=row.days_overdue,
					invoices=row.invoices,
					overdue=row.overdue,
					currency=row.currency,
				)
			)
	return sorted(due, key=lambda follow_up: (follow_up.client, follow_up.company))


def send_follow_ups(
	clients: list[str] | None = None,
	company: str | None = None,
	dry_run: bool = False,
	report=print,
	commit: bool = True,
	now: bool = False,
) -> dict:
	"""Send what `plan` finds due, client after client; with `commit`, each step is committed as it is
	done (a background job or a command: what was sent stays sent). A dry run builds each Dunning and
	finds its recipients, and writes nothing. Holds of clients with nothing overdue any more are lifted."""
	counts = {"sent": 0, "failed": 0}
	for client in lift_settled_holds(clients, dry_run):
		report(f"{client}: " + (_("hold would be lifted") if dry_run else _("hold lifted")))
	if commit and not dry_run:
		frappe.db.commit()
	for _client, follow_ups in groupby(plan(clients, company, now), key=lambda follow_up: follow_up.client):
		failed = False
		for follow_up in follow_ups:
			outcome = send_one(follow_up, dry_run, report, commit, now)
			if outcome:
				counts["sent"] += 1
			elif outcome is False:
				failed = True
		counts["failed"] += failed
	return counts


def send_one(follow_up: FollowUp, dry_run: bool, report, commit: bool, now: bool = False) -> bool | None:
	"""Make the Dunning (committed before its e-mail: a run stopped in between mails it next time, and
	never makes it again), then e-mail it. A failing step is undone, logged and reported. True when
	sent, False when failed, None when another run did it meanwhile."""
	label = follow_up.label()
	client = frappe.get_doc("Client", follow_up.client)
	if dry_run:
		return guarded(follow_up, report, lambda: dry_run_one(follow_up, client, report), log=False)
	dunning = None
	done_meanwhile = _("nothing to send: another run followed it up meanwhile")

	def make():
		nonlocal dunning, follow_up
		follow_up = still_due(follow_up, now)
		if not follow_up:
			return
		if follow_up.dunning:
			dunning = frappe.get_doc("Dunning", follow_up.dunning)
			return
		dunning = make_dunning(follow_up.customer, follow_up.company, follow_up.level)
		if follow_up.level.hold:
			put_on_hold(client, dunning)
		if dunning.follow_up_email != TO_SEND:
			note_on_client(client, dunning, follow_up.level)
			report(f"{label}: {follow_up.level.label()} {dunning.name} " + _("made, not e-mailed"))

	def mail():
		nonlocal dunning
		if frappe.db.get_value("Dunning", dunning.name, "follow_up_email", for_update=True) != TO_SEND:
			dunning = None  # mailed by another run since this one read it
			return
		to, cc = mail_dunning(dunning, client, follow_up.level)
		note_on_client(client, dunning, follow_up.level, to)
		report(f"{label}: {dunning.name} " + _("sent to {0}").format(", ".join(to + cc)))

	if not guarded(follow_up, report, make, commit):
		return False
	if dunning and dunning.follow_up_email == TO_SEND and not guarded(follow_up, report, mail, commit):
		return False
	if not dunning:
		report(f"{label}: {done_meanwhile}")
		return None
	return True


def still_due(follow_up: FollowUp, now: bool) -> FollowUp | None:
	"""The client's follow-up from this company as it stands once the client's row is locked: what
	another run made or mailed since the plan was read is no longer due."""
	frappe.db.get_value("Client", follow_up.client, "name", for_update=True)
	return next(
		(
			current
			for current in plan([follow_up.client], follow_up.company, now)
			if current.company == follow_up.company
		),
		None,
	)


def dry_run_one(follow_up: FollowUp, client, report):
	to, cc = statement_recipients(client)
	if not follow_up.dunning:
		build_dunning(follow_up.customer, follow_up.company, follow_up.level)  # it can be made: nothing saved
	report(
		f"{follow_up.label()}: " + _("would send {0} to {1}").format(follow_up.describe(), ", ".join(to + cc))
	)


def guarded(follow_up: FollowUp, report, step, commit: bool = False, log: bool = True) -> bool:
	frappe.db.savepoint("follow_up")
	try:
		step()
	except Exception as error:
		frappe.db.rollback(save_point="follow_up")
		frappe.clear_messages()
		if log:
			frappe.log_error(title=_("Follow-up of client {0} not sent").format(follow_up.client))
		report(f"{follow_up.label()}: " + _("not sent: {0}").format(strip_html(str(error))))
		return False
	frappe.db.release_savepoint("follow_up")
	if commit:
		frappe.db.commit()
	return True


def enqueue_follow_ups() -> list[list[str]]:
	"""Daily scheduler event, when the settings' switch is on: one deduplicated job per chunk of the
	clients something is due to (or whose hold may lift). Returns the chunks."""
	if not send_follow_ups_daily():
		return []
	clients = sorted(
		{follow_up.client for follow_up in plan()}
		| set(frappe.get_all("Client", {"follow_up_hold": 1}, pluck="name"))
	)
	chunks = [clients[start : start + CLIENTS_PER_JOB] for start in range(0, len(clients), CLIENTS_PER_JOB)]
	for number, chunk in enumerate(chunks):
		frappe.enqueue(
			send_scheduled_follow_ups,
			queue="long",
			clients=chunk,
			job_id=f"client_management:follow_ups:{nowdate()}:{number}",
			deduplicate=True,
			enqueue_after_commit=True,
		)
	return chunks


def send_scheduled_follow_ups(clients: list[str]) -> dict:
	"""A job of the daily run: these clients' follow-ups, committed one by one."""
	return send_follow_ups(clients, report=frappe.logger("client_management").info)
