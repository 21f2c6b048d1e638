"""Statement Log: the recipients and cc text fields become one row per address (Sent To), so that a
person's address is a row of its own for Frappe's personal data requests. The old columns stay in
the table (Frappe keeps removed fields' columns) and are read once here."""

import frappe


def execute():
	if not frappe.db.has_column("Statement Log", "recipients"):
		return
	logged = set(frappe.get_all("Statement Log Recipient", {"parenttype": "Statement Log"}, pluck="parent"))
	log = frappe.qb.DocType("Statement Log")
	for name, to, cc in frappe.qb.from_(log).select(log.name, log.recipients, log.cc).run():
		if name in logged:
			continue
		addresses = [("To", email) for email in split(to)] + [("CC", email) for email in split(cc)]
		for idx, (recipient_type, email) in enumerate(addresses, start=1):
			row = frappe.get_doc(
				{
					"doctype": "Statement Log Recipient",
					"parent": name,
					"parenttype": "Statement Log",
					"parentfield": "sent_to",
					"idx": idx,
					"email": email,
					"recipient_type": recipient_type,
				}
			)
			row.db_insert()


def split(text: str | None) -> list[str]:
	return [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]
