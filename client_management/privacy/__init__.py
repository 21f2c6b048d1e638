"""Personal data: where the app keeps a person's data, and the one place that forgets or hands it over.

A person is known by an e-mail address. The app keeps them in Client Contact rows (name, e-mails,
phones, designation, IM id), the Client's primary e-mail, Customer Portal User (e-mail, name, login)
and Statement Log Recipient rows; it writes them onto ERPNext's Contact (with its e-mail and phone
rows), the Customer's e-mail and mobile, the comments and versions of its documents, and the e-mails
it sends. `erasure` forgets all of them, `subject_access` exports them. Frappe's own Personal Data
Deletion and Download Requests reach the app's records through USER_DATA_FIELDS (hooks.py), and the
deletion ends in `erasure` (overrides/personal_data_deletion_request.py).

Pure data here: hooks.py imports it."""

# The app's records in Frappe's `user_data_fields` hook. No `redact_fields`: Frappe's pass only
# replaces the address (and the login's full name) in their text; `erasure` then forgets the rest,
# knowing the row's other values.
USER_DATA_FIELDS = [
	{"doctype": "Client Contact", "filter_by": "email"},
	{"doctype": "Client Contact", "filter_by": "alternate_email"},
	{"doctype": "Customer Portal User", "filter_by": "email"},
	{"doctype": "Statement Log Recipient", "filter_by": "email"},
]

# What Frappe's deletion request writes into a text field, and the domain of the addresses that stand
# in for a forgotten one (reserved: mail to it is never delivered).
REDACTED = "[REDACTED]"
ERASED_EMAIL_PREFIXES = ("deleted-user-", "deleted-contact-")
ERASED_EMAIL_DOMAIN = "example.invalid"


def is_erased_email(email: str | None) -> bool:
	"""An address that stands in for a forgotten person: Frappe's deletion request's or ours."""
	return bool(email) and email.lower().startswith(ERASED_EMAIL_PREFIXES)
