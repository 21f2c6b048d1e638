"""The import/export sheet: one row per client, its primary contact, billing address and two more contacts."""

from dataclasses import dataclass

from client_management.utils.i18n import _lt


@dataclass(frozen=True)
class Column:
	key: str  # header in the sheet
	fieldname: str  # Client field, or Client Contact field for contact columns
	contact: int | None = None  # 0 = primary contact, 1 and 2 = extra contacts
	required: bool = False
	kind: str = "text"  # text | date | check
	example: str = ""
	help: str = ""  # _lt: translated when the sheet is written, in the user's language


CLIENT_COLUMNS = [
	Column(
		"client_number",
		"name",
		help=_lt("Leave empty for a new client; the number of an existing client updates it"),
	),
	Column("company_name", "company_name", required=True, example="Dupont Industries SARL"),
	Column("client_type", "client_type", example="Company", help=_lt("Company or Individual")),
	Column(
		"relationship_type",
		"relationship_type",
		example="Customer",
		help=_lt("One of the Relationship Types of Client Management Settings"),
	),
	Column(
		"client_owner",
		"client_owner",
		example="",
		help=_lt("User ID (email) of the account manager; empty = you"),
	),
	Column(
		"assigned_team",
		"assigned_team",
		help=_lt("A User Group: each of its members is assigned the client"),
	),
	Column("lead_source", "lead_source", required=True, example="Advertisement", help=_lt("A Lead Source")),
	Column(
		"inquiry_date",
		"inquiry_date",
		required=True,
		kind="date",
		example="2026-01-15",
		help=_lt("YYYY-MM-DD, DD/MM/YYYY or an Excel date"),
	),
	Column(
		"finalized_date",
		"finalized_date",
		required=True,
		kind="date",
		example="2026-02-01",
		help=_lt("YYYY-MM-DD, DD/MM/YYYY or an Excel date"),
	),
	Column("industry", "industry", help=_lt("An Industry Type")),
	Column(
		"customer_group", "customer_group", help=_lt("A Customer Group; empty = the Selling Settings default")
	),
	Column("territory", "territory", help=_lt("A Territory; empty = the Selling Settings default")),
	Column("website", "website", example="dupont-industries.fr"),
	Column("account_phone", "account_phone", example="01 42 68 53 00", help=_lt("The company's own phone")),
	Column(
		"account_email",
		"account_email",
		example="contact@dupont-industries.fr",
		help=_lt("The company's own email address"),
	),
	Column("im_id", "im_id"),
	Column(
		"tax_id",
		"tax_id",
		help=_lt("Tax ID or VAT number: one is required unless the settings say otherwise"),
	),
	Column("vat_number", "vat_number", example="FR40303265045", help=_lt("Checked for the client's country")),
	Column("siret", "siret", example="73282932000074", help=_lt("14 digits (France)")),
	Column("ean", "ean", help=_lt("13 digits (EAN-13 / GLN)")),
	Column("default_currency", "default_currency", help=_lt("A Currency, e.g. EUR")),
	Column("default_price_list", "default_price_list"),
	Column("payment_terms", "payment_terms", help=_lt("A Payment Terms Template")),
	Column(
		"default_activity_type",
		"default_activity_type",
		help=_lt("An Activity Type: what the client's timesheets are billed as"),
	),
	Column(
		"default_item",
		"default_item",
		help=_lt("An Item (a service): what the client's quotations, orders and invoices bill"),
	),
	Column("address_line1", "address_line1", required=True, example="12 rue de la Paix"),
	Column("address_line2", "address_line2"),
	Column("city", "city", required=True, example="Paris"),
	Column("state", "state", example="Île-de-France", help=_lt("Required unless the settings say otherwise")),
	Column("pincode", "pincode", example="75002", help=_lt("Required unless the settings say otherwise")),
	Column("country", "country", required=True, example="France", help=_lt("A Country, as named in ERPNext")),
	Column(
		"shipping_same_as_billing",
		"shipping_same_as_billing",
		kind="check",
		help=_lt(
			"1: ship to the billing address; 0: to the shipping columns (empty: 0 when they are filled)"
		),
	),
	Column("shipping_address_line1", "shipping_address_line1"),
	Column("shipping_address_line2", "shipping_address_line2"),
	Column("shipping_city", "shipping_city"),
	Column("shipping_state", "shipping_state"),
	Column("shipping_pincode", "shipping_pincode"),
	Column("shipping_country", "shipping_country", help=_lt("A Country, as named in ERPNext")),
	Column("notes", "notes"),
]
SHIPPING_COLUMNS = [
	column.key for column in CLIENT_COLUMNS if column.key.startswith("shipping_") and column.kind != "check"
]
CONTACT_FIELDS = [
	("first_name", "Anne", True),
	("last_name", "Martin", True),
	("email", "anne.martin@dupont-industries.fr", True),
	("phone", "01 42 68 53 00", False),
	("mobile_no", "", False),
	("designation", "Purchasing Manager", False),
	("alternate_email", "", False),
	("im_id", "", False),
]
CONTACT_COLUMNS = [
	Column(
		f"{prefix}_{fieldname}",
		fieldname,
		contact=index,
		required=required and index == 0,
		example=example if index == 0 else "",
		help=_lt("Primary contact, invoice recipient") if index == 0 and fieldname == "first_name" else "",
	)
	for index, prefix in enumerate(("contact", "contact2", "contact3"))
	for fieldname, example, required in CONTACT_FIELDS
]
COLUMNS = CLIENT_COLUMNS + CONTACT_COLUMNS
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
