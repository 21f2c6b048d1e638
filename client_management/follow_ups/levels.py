"""The follow-up levels of Client Management Settings: per company, by days overdue, numbered from 1."""

from typing import NamedTuple

import frappe
from frappe import _

from client_management.utils.settings import follow_up_level_rows


class Level(NamedTuple):
	number: int  # its rank among the company's levels, by days overdue: what Dunning.follow_up_level keeps
	company: str
	days_overdue: int
	dunning_type: str
	send_email: bool
	attach_statement: bool
	hold: bool

	def title(self) -> str:
		"""The Dunning Type's own title (its name without the company abbreviation)."""
		return frappe.get_cached_value("Dunning Type", self.dunning_type, "dunning_type") or self.dunning_type

	def label(self) -> str:
		return _("level {0} ({1})").format(self.number, _(self.title()))


def levels_by_company() -> dict[str, list[Level]]:
	levels: dict[str, list[Level]] = {}
	for row in follow_up_level_rows():  # ordered by company, then days overdue
		company = levels.setdefault(row.company, [])
		company.append(
			Level(
				len(company) + 1,
				row.company,
				row.days_overdue,
				row.dunning_type,
				bool(row.send_email),
				bool(row.attach_statement),
				bool(row.hold),
			)
		)
	return levels


def level_of(company: str, number: int) -> Level | None:
	levels = levels_by_company().get(company, [])
	return levels[number - 1] if 0 < number <= len(levels) else None


def due_level(levels: list[Level], days_overdue: int, sent: int, now: bool = False) -> Level | None:
	"""The highest level the oldest overdue invoice has passed, when no level as high was sent since the
	client's last resolved state (`sent`: the highest level of its unresolved follow-ups). Levels passed
	at once are not sent one after another: only the highest. `now` (Send Follow-up Now): before the
	first level's days, the first level."""
	passed = [level for level in levels if days_overdue >= level.days_overdue]
	if not passed and now and days_overdue > 0:
		passed = levels[:1]
	if passed and passed[-1].number > sent:
		return passed[-1]
	return None


def check_levels(rows: list) -> None:
	"""The settings' levels: each company's Dunning Types its own, used once, days overdue at least 1 and
	different for each level of a company."""
	seen_days, seen_types = set(), set()
	for row in rows:
		problem = None
		type_company = frappe.db.get_value("Dunning Type", row.dunning_type, "company")
		if (row.days_overdue or 0) < 1:
			problem = _("days overdue must be at least 1")
		elif (row.company, row.days_overdue) in seen_days:
			problem = _("company {0} already has a level at {1} days").format(
				frappe.bold(row.company), row.days_overdue
			)
		elif type_company != row.company:
			problem = _("Dunning Type {0} is not one of company {1}").format(
				frappe.bold(row.dunning_type), frappe.bold(row.company)
			)
		elif row.dunning_type in seen_types:
			problem = _("Dunning Type {0} is used by another level").format(frappe.bold(row.dunning_type))
		if problem:
			frappe.throw(
				_("Follow-up Levels, row {0}: {1}.").format(row.idx, problem),
				title=_("Invalid Follow-up Level"),
			)
		seen_days.add((row.company, row.days_overdue))
		seen_types.add(row.dunning_type)
