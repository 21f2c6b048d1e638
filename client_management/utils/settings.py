"""Client Management Settings, read in one place: a typed getter for each setting a rule needs."""

import frappe

from client_management.constants import SETTINGS


def value(fieldname: str, cache: bool = True):
	return frappe.db.get_single_value(SETTINGS, fieldname, cache=cache)


def default(fieldname: str) -> str | None:
	"""A setting's default: the one in the DocType's JSON (what a new site stores; setup)."""
	return frappe.get_meta(SETTINGS).get_field(fieldname).default


def client_number_series() -> str:
	return value("client_number_series") or default("client_number_series")


def relationship_types() -> list[str]:
	"""The Relationship Types a client may have, in the settings' order."""
	return parse_statuses(value("relationship_types", cache=False))


def parse_statuses(text: str | None) -> list[str]:
	return [line.strip() for line in (text or "").splitlines() if line.strip()]


def configured_trigger_statuses() -> list[str]:
	"""The Opportunity statuses listed in the settings, whether the automation is on or off."""
	return parse_statuses(value("client_trigger_statuses", cache=False))


def trigger_statuses() -> set[str]:
	"""Opportunity statuses that create a client; empty when the automation is off."""
	if not value("auto_create_clients", cache=False):
		return set()
	return set(configured_trigger_statuses())


def configured_won_sales_stages() -> list[str]:
	"""The Opportunity sales stages the settings count as won, whether the automation is on or off."""
	return parse_statuses(value("won_sales_stages", cache=False))


def won_sales_stages() -> set[str]:
	"""Sales stages that create a client; empty when the automation is off."""
	if not value("auto_create_clients", cache=False):
		return set()
	return set(configured_won_sales_stages())


REQUIRED_FIELD_SWITCHES = (
	"require_contact_phone",
	"require_contact_designation",
	"require_tax_id",
	"require_state",
	"require_pincode",
)


def required_field_switches() -> set[str]:
	"""The switches of Client Management Settings that are on: fields a client made by hand needs."""
	settings = frappe.get_cached_doc(SETTINGS)  # read per client saved; cleared when the settings are saved
	return {switch for switch in REQUIRED_FIELD_SWITCHES if settings.get(switch)}


def statement_email_templates() -> tuple[str | None, str | None]:
	"""(subject, body) templates of the statement e-mail."""
	return value("statement_email_subject"), value("statement_email_body")


def scheduled_statement_type() -> str:
	return value("scheduled_statement_type")


def create_client_accounts() -> bool:
	# read per client saved (and imported); the cached document is cleared when the settings are saved
	return bool(frappe.get_cached_doc(SETTINGS).create_client_accounts)


def client_account_number_pattern() -> str:
	return value("client_account_number_pattern", cache=False) or default("client_account_number_pattern")


def client_account_groups() -> list:
	"""(company, parent_account) rows: where each company's client accounts are created."""
	return frappe.get_all(
		"Client Account Group",
		{"parent": SETTINGS, "parenttype": SETTINGS},
		["company", "parent_account"],
		order_by="idx",
	)


def portal_login_expiry_months() -> int:
	"""Months unused after which a portal login is turned off; 0: never."""
	return int(value("portal_login_expiry_months", cache=False) or 0)


def send_follow_ups_daily() -> bool:
	return bool(value("send_follow_ups_daily", cache=False))


def follow_up_level_rows() -> list:
	"""The follow-up levels, by company and days overdue."""
	return frappe.get_all(
		"Client Follow-up Level",
		{"parent": SETTINGS, "parenttype": SETTINGS, "parentfield": "follow_up_levels"},
		["idx", "company", "days_overdue", "dunning_type", "send_email", "attach_statement", "hold"],
		order_by="company, days_overdue",
	)
