"""The app's names and maps, as plain data: hooks.py, the setup and the rules read them here."""

from typing import NamedTuple

CLIENT_MANAGER = "Client Manager"
SETTINGS = "Client Management Settings"

BALANCE_FORWARD, OPEN_ITEM, TRANSACTION = "Balance Forward", "Open Item", "Transaction"
STATEMENT_TYPES = (BALANCE_FORWARD, OPEN_ITEM, TRANSACTION)

# The Sales Stage this app adds (ERPNext has none for a won deal); the settings' default won stage.
WON_SALES_STAGE = "Won"

# Roles this app creates and removes on uninstall.
ROLES = (CLIENT_MANAGER,)


class ClientDocType(NamedTuple):
	"""An ERPNext document that carries the client of its customer."""

	party_type: str | None  # the field naming its party's doctype, when the party may be no Customer
	party: str  # the field naming its customer
	insert_after: str  # where its `client` field stands on the form
	group: str  # its group in the Client's Connections


# The one map of them: their `client` field, its rule (clients.links), their doc events (hooks.py),
# the client's Connections and its history read it. Task (a project's, not a customer's) and
# Customer (the client's own) carry the field too, with rules of their own.
CLIENT_DOCTYPES = {
	"Opportunity": ClientDocType("opportunity_from", "party_name", "party_name", "Pre Sales"),
	"Quotation": ClientDocType("quotation_to", "party_name", "party_name", "Pre Sales"),
	"Sales Order": ClientDocType(None, "customer", "customer_name", "Orders and Delivery"),
	"Delivery Note": ClientDocType(None, "customer", "customer_name", "Orders and Delivery"),
	"Sales Invoice": ClientDocType(None, "customer", "customer_name", "Billing"),
	"Payment Entry": ClientDocType("party_type", "party", "party_name", "Billing"),
	"Project": ClientDocType(None, "customer", "customer", "Projects"),
}
# Of those, the sales documents: addressed to the client's invoice recipient, given its default items.
SALES_DOCTYPES = ("Quotation", "Sales Order", "Sales Invoice")


class ClientStatuses(NamedTuple):
	"""The Client's statuses: its Select field's options, in this order (tests/unit/test_maps.py)."""

	active: str
	incomplete: str  # lacks what the settings require (its `missing_fields` say what)
	inactive: str  # closed: its customer takes no new transactions, its portal is shut


CLIENT_STATUS = ClientStatuses("Active", "Incomplete", "Inactive")
# Each status's indicator colour in the desk (boot)
CLIENT_STATUS_COLOURS = dict(zip(CLIENT_STATUS, ("green", "orange", "gray"), strict=True))

# Client Contact field -> ERPNext Contact field: what a contact row writes onto its Contact
# (mirror.contacts). The Contact's e-mail, phone and mobile are those of its rows marked primary.
CONTACT_FIELDS = {
	"first_name": "first_name",
	"last_name": "last_name",
	"designation": "designation",
	"email": "email_id",
	"phone": "phone",
	"mobile_no": "mobile_no",
	"is_primary": "is_primary_contact",
	"is_billing_contact": "is_billing_contact",
}
# The row's flags, the client's choice of who speaks for it: written onto the Contact, never read back.
CONTACT_FLAGS = ("is_primary", "is_billing_contact")
# The person's details: an edit of the Contact comes back onto its rows (mirror.pull), a won deal's
# Contact fills a new client's row (won_deals.prefill).
CONTACT_DETAILS = {row: contact for row, contact in CONTACT_FIELDS.items() if row not in CONTACT_FLAGS}
# The person's own data on a row (erased, exported, kept by a merge): its details, and what only the
# row keeps as a field.
CONTACT_ROW_PERSONAL_FIELDS = (*CONTACT_DETAILS, "alternate_email", "im_id")

# A postal address: the Client's billing fields (its shipping ones have "shipping_" before them) and
# the Address fields the mirror writes them to.
ADDRESS_PARTS = ("address_line1", "address_line2", "city", "state", "pincode", "country")
# Without these (ERPNext requires them) no Address is written.
REQUIRED_ADDRESS_PARTS = ("address_line1", "city", "country")
