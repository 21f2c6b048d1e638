"""Normalisers for client data. Pure Python: no site needed, so the rules are unit-tested directly.

Each `normalize_*` returns the canonical form or raises `InvalidValue` with a message that says
what was expected. The Client controller turns that into a field-level error.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import phonenumbers
from stdnum import ean, get_cc_module
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.fr import siret as fr_siret
from stdnum.in_ import gstin

from client_management.utils.i18n import _


@dataclass(frozen=True)
class Problem:
	"""A field a save refused, left empty or cleared: where it is (a contact row's idx, or None for the
	client itself), its label in the user's language, and why."""

	fieldname: str
	row: int | None
	label: str
	message: str


class InvalidValue(ValueError):
	pass


EU_VAT_COUNTRIES = {cc.upper() for cc in eu_vat.MEMBER_STATES} | {"EL"}
EMAIL_PATTERN = re.compile(
	r"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$"
)
HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
GENERIC_TAX_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9./-]{2,19}$")
CLIENT_NUMBER = re.compile(r"^[A-Za-z0-9]+(?:[-._][A-Za-z0-9]+)*$")
CLIENT_NUMBER_MAX_LENGTH = 30  # the length of Client.client_number


def compact(value: str) -> str:
	return re.sub(r"[\s.\-/]", "", value or "").upper()


def normalize_vat(number: str, country_code: str | None) -> str:
	"""VAT number in its compact form; EU numbers carry their country prefix, Indian ones are GSTINs."""
	country = (country_code or "").upper()
	value = compact(number)
	if not value:
		return ""

	if country == "IN":
		return check(gstin, value, _("a 15-character GSTIN, e.g. 27AAPFU0939F1ZV"))
	if value[:2] in EU_VAT_COUNTRIES or country in EU_VAT_COUNTRIES:
		if value[:2] not in EU_VAT_COUNTRIES:
			value = ("EL" if country == "GR" else country) + value
		return check(eu_vat, value, _("an EU VAT number with its country prefix, e.g. FR40303265045"))

	module = get_cc_module(country.lower(), "vat") if country else None
	if module:
		if value[:2] == country:
			value = value[2:]
		return check(module, value, _("a VAT number of {0}").format(country))
	if not GENERIC_TAX_NUMBER.match(value):
		raise InvalidValue(_("expected 3 to 20 letters and digits"))
	return value


def normalize_name(name: str) -> str:
	"""A company or person name: single spaces, and none of < > (ERPNext refuses them in names)."""
	value = " ".join((name or "").split())
	if re.search(r"[<>]", value):
		raise InvalidValue(_("expected a name without < or >"))
	return value


def normalize_tax_id(number: str) -> str:
	value = (number or "").strip().upper()
	if value and not GENERIC_TAX_NUMBER.match(compact(value)):
		raise InvalidValue(_("expected 3 to 20 letters and digits"))
	return value


def normalize_client_number(number: str) -> str:
	"""A client number typed by hand: letters and digits, a single - . or _ between them."""
	value = (number or "").strip()
	if value and (len(value) > CLIENT_NUMBER_MAX_LENGTH or not CLIENT_NUMBER.match(value)):
		raise InvalidValue(
			_(
				"expected letters and digits, with - . or _ between them, up to {0} characters, e.g. CL-00042"
			).format(CLIENT_NUMBER_MAX_LENGTH)
		)
	return value


def normalize_siret(number: str) -> str:
	value = compact(number)
	return (
		check(fr_siret, value, _("14 digits with a valid check digit, e.g. 73282932000074")) if value else ""
	)


def normalize_ean(number: str) -> str:
	value = compact(number)
	if not value:
		return ""
	if len(value) != 13:
		raise InvalidValue(_("expected 13 digits (EAN-13 / GLN)"))
	return check(ean, value, _("13 digits with a valid check digit (EAN-13 / GLN), e.g. 4006381333931"))


def check(module, value: str, expected: str) -> str:
	try:
		return module.validate(value)
	except ValidationError:
		raise InvalidValue(_("expected {0}").format(expected))


def normalize_phone(number: str, country_code: str | None) -> str:
	"""E.164 form (+33142685300), reading national numbers in the client's country."""
	raw = (number or "").strip()
	if not raw:
		return ""
	region = (country_code or "").upper() or None
	try:
		parsed = phonenumbers.parse(raw, region)
	except phonenumbers.NumberParseException:
		parsed = None
	if not parsed or not phonenumbers.is_valid_number(parsed):
		raise InvalidValue(
			_("expected a phone number in international form, e.g. {0}").format(example_phone(region))
		)
	return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def example_phone(region: str | None) -> str:
	example = phonenumbers.example_number(region) if region else None
	if not example:
		return "+33 1 42 68 53 00"
	return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalize_email(email: str) -> str:
	value = (email or "").strip().lower()
	if value and not EMAIL_PATTERN.match(value):
		raise InvalidValue(_("expected an email address such as name@example.com"))
	return value


def email_domain(email: str) -> str:
	return email.rpartition("@")[2].lower() if email and "@" in email else ""


def normalize_website(url: str) -> str:
	"""Absolute http(s) URL with a lower-case host and no bare trailing slash."""
	value = (url or "").strip()
	if not value:
		return ""
	if "://" not in value:
		value = "https://" + value
	expected = _("expected a web address such as https://example.com")
	try:
		parts = urlsplit(value)
		host = (parts.hostname or "").rstrip(".")
		port = parts.port
	except ValueError:
		raise InvalidValue(expected)
	labels = host.split(".")
	if (
		parts.scheme.lower() not in ("http", "https")
		or len(labels) < 2
		or not all(HOST_LABEL.match(label) for label in labels)
		or labels[-1].isdigit()
	):
		raise InvalidValue(expected)
	netloc = host + (f":{port}" if port else "")
	path = "" if parts.path == "/" else parts.path
	return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, parts.fragment))
