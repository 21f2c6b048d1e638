"""Install step: three follow-up levels, each with its Dunning Type, for every company that has none."""

import frappe

from client_management.constants import SETTINGS
from client_management.constants.follow_ups import DEFAULT_LETTER_LANGUAGE, DEFAULT_LEVELS


def create_follow_up_levels():
	"""For each company without a level: the Dunning Types of DEFAULT_LEVELS (fee and interest 0, their
	letters in English and French; a type that exists is kept as it is) and the levels using them.
	Levels are written as rows of the settings, not by saving them: a setting someone left invalid
	elsewhere must not stop an install."""
	with_levels = set(
		frappe.get_all(
			"Client Follow-up Level", {"parent": SETTINGS, "parenttype": SETTINGS}, pluck="company"
		)
	)
	idx = frappe.db.count("Client Follow-up Level", {"parent": SETTINGS, "parenttype": SETTINGS})
	for company in frappe.get_all("Company", pluck="name", order_by="creation"):
		if company in with_levels:
			continue
		for level in DEFAULT_LEVELS:
			idx += 1
			row = frappe.get_doc(
				{
					"doctype": "Client Follow-up Level",
					"parent": SETTINGS,
					"parenttype": SETTINGS,
					"parentfield": "follow_up_levels",
					"idx": idx,
					"company": company,
					"days_overdue": level.days_overdue,
					"dunning_type": ensure_dunning_type(company, level),
					"send_email": int(level.send_email),
					"attach_statement": int(level.attach_statement),
					"hold": int(level.hold),
				}
			)
			row.db_insert()
	frappe.clear_document_cache(SETTINGS, SETTINGS)


def ensure_dunning_type(company: str, level) -> str:
	"""The company's Dunning Type of `level`: titled as the level, or with the company's abbreviation
	where another company has that title (ERPNext's titles are unique across companies)."""
	abbr = frappe.get_cached_value("Company", company, "abbr")
	titles = (level.title, f"{level.title} {abbr}")
	if name := frappe.db.get_value("Dunning Type", {"company": company, "dunning_type": ("in", titles)}):
		return name
	title = titles[1] if frappe.db.exists("Dunning Type", {"dunning_type": level.title}) else titles[0]
	letters = [
		{
			"language": language,
			"is_default_language": int(language == DEFAULT_LETTER_LANGUAGE),
			"body_text": body,
			"closing_text": closing,
		}
		for language, (body, closing) in level.letters.items()
		if frappe.db.exists("Language", language)
	]
	return (
		frappe.get_doc(
			{
				"doctype": "Dunning Type",
				"dunning_type": title,
				"company": company,
				"dunning_fee": 0,
				"rate_of_interest": 0,
				"dunning_letter_text": letters,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
