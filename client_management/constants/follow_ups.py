"""Follow-ups of overdue invoices, as plain data: the levels install makes, who may send one from the
client, what a client on hold cannot have, the states of a follow-up's e-mail."""

from typing import NamedTuple

from client_management.constants import CLIENT_MANAGER

# Who may preview and send a client's follow-up from its form (Send Follow-up Now).
FOLLOW_UP_ROLES = ("Accounts User", "Accounts Manager", CLIENT_MANAGER)

# New documents of these doctypes are refused for a client on hold (returns are not).
HOLD_DOCTYPES = ("Sales Order", "Sales Invoice")

# Dunning.follow_up_email: a level that e-mails makes its Dunning "To Send", and "Sent" once its mail is
# queued; empty for a level that does not e-mail.
TO_SEND, SENT = "To Send", "Sent"

# The print format ERPNext ships for Dunning: the letter's PDF, unless Dunning has another default.
DUNNING_PRINT_FORMAT = "Dunning Letter"


class DefaultLevel(NamedTuple):
	"""A follow-up level install makes for each company that has none, with its Dunning Type."""

	title: str  # the Dunning Type's title; ERPNext names it "<title> - <company abbreviation>"
	days_overdue: int
	send_email: bool
	attach_statement: bool
	hold: bool
	letters: dict[
		str, tuple[str, str]
	]  # language -> (body, closing): Jinja over the Dunning, as ERPNext renders it


AMOUNT_DUE = "{{ frappe.utils.fmt_money(grand_total, currency=currency) }}"

DEFAULT_LEVELS = (
	DefaultLevel(
		"Friendly Reminder",
		7,
		send_email=True,
		attach_statement=False,
		hold=False,
		letters={
			"en": (
				"<p>Dear {{ customer_name | e }},</p><p>According to our records, the invoices listed below are "
				"past their due date. Perhaps this has simply been overlooked: we would be grateful if you could "
				"settle them at your earliest convenience.</p>",
				f"<p>Amount due: {AMOUNT_DUE}. If your payment has crossed this letter, please disregard it.</p>"
				"<p>Kind regards,</p>",
			),
			"fr": (
				"<p>Bonjour {{ customer_name | e }},</p><p>Sauf erreur de notre part, les factures ci-dessous ont "
				"dépassé leur date d'échéance. Il s'agit sans doute d'un simple oubli : nous vous remercions de "
				"bien vouloir les régler dans les meilleurs délais.</p>",
				f"<p>Montant dû : {AMOUNT_DUE}. Si votre règlement a croisé ce courrier, merci de ne pas en tenir "
				"compte.</p><p>Cordialement,</p>",
			),
		},
	),
	DefaultLevel(
		"Second Notice",
		30,
		send_email=True,
		attach_statement=True,
		hold=False,
		letters={
			"en": (
				"<p>Dear {{ customer_name | e }},</p><p>Despite our reminder, the invoices listed below are still "
				"unpaid. Please settle them within 8 days, or contact us if there is a problem with them. Your "
				"statement of account is attached.</p>",
				f"<p>Amount due: {AMOUNT_DUE}.</p><p>Kind regards,</p>",
			),
			"fr": (
				"<p>Bonjour {{ customer_name | e }},</p><p>Malgré notre relance, les factures ci-dessous restent "
				"impayées. Nous vous prions de les régler sous 8 jours, ou de nous contacter si elles posent un "
				"problème. Votre relevé de compte est joint.</p>",
				f"<p>Montant dû : {AMOUNT_DUE}.</p><p>Cordialement,</p>",
			),
		},
	),
	DefaultLevel(
		"Final Notice",
		60,
		send_email=True,
		attach_statement=True,
		hold=True,
		letters={
			"en": (
				"<p>Dear {{ customer_name | e }},</p><p>Despite our previous reminders, the invoices listed below "
				"are still unpaid. This is our final notice: until they are paid, your account is on hold and we "
				"cannot accept new orders.</p>",
				f"<p>Amount due: {AMOUNT_DUE}. Please pay it within 8 days to avoid further recovery action.</p>"
				"<p>Kind regards,</p>",
			),
			"fr": (
				"<p>Bonjour {{ customer_name | e }},</p><p>Malgré nos relances, les factures ci-dessous restent "
				"impayées. Ceci est notre dernière relance : jusqu'à leur règlement, votre compte est suspendu et "
				"nous ne pouvons plus accepter de nouvelles commandes.</p>",
				f"<p>Montant dû : {AMOUNT_DUE}. Merci de le régler sous 8 jours pour éviter toute procédure de "
				"recouvrement.</p><p>Cordialement,</p>",
			),
		},
	),
)
# The language whose letter ERPNext uses when the customer's has none (Dunning Letter Text's default).
DEFAULT_LETTER_LANGUAGE = "en"
