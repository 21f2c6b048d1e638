"""What counts as the same client, written once. Pure Python, like `scoring`.

The duplicate check compares the facts made here from the identity fields; the Client form gets the
fields with the document (`Client.onload`) and runs the check again only when one of them changed; the
Client stores its import key (`normalized_name`, `primary_email`) as made here, and the importer looks a
row up by the same key to know a client it imported before."""

from collections.abc import Iterable, Mapping

from client_management.duplicates.scoring import ClientFacts, company_domains, normalize_company_name

TAX_ID_FIELDS = ("tax_id", "vat_number")
PHONE_FIELDS = ("phone", "mobile_no")
# The Client's fields and its contacts' fields that identify a client
IDENTITY_FIELDS = {"client": ("company_name", *TAX_ID_FIELDS), "contacts": ("email", *PHONE_FIELDS)}


def client_facts(name: str | None, client: Mapping, contacts: Iterable[Mapping]) -> ClientFacts:
	"""What the duplicate check compares, from a client's values and its contacts' (already normalised)."""
	contacts = list(contacts)
	return ClientFacts(
		name=name,
		company_name=client.get("company_name") or "",
		tax_ids={value for field in TAX_ID_FIELDS if (value := client.get(field))},
		email_domains=company_domains(row.get("email") for row in contacts),
		phones={value for row in contacts for field in PHONE_FIELDS if (value := row.get(field))},
	)


def import_key(company_name: str | None, contacts: list[Mapping]) -> dict:
	"""The Client's `normalized_name` and `primary_email`: a row of a file imported again is the client
	with the same company name and primary contact's email (the primary contact, else the first)."""
	primary = next((row for row in contacts if row.get("is_primary")), contacts[0] if contacts else {})
	return {
		"normalized_name": normalize_company_name(company_name or ""),
		"primary_email": (primary.get("email") or "").strip().lower() or None,
	}


def row_import_key(company_name: str | None, contacts: list[Mapping]) -> tuple[str, str] | None:
	"""The import key a row is looked up by, when it has one: a company name and an email."""
	key = import_key(company_name, contacts)
	if company_name and key["primary_email"]:
		return key["normalized_name"], key["primary_email"]
	return None
