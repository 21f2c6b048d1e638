import pytest

from client_management.validation import (
	InvalidValue,
	normalize_client_number,
	normalize_ean,
	normalize_email,
	normalize_name,
	normalize_phone,
	normalize_siret,
	normalize_tax_id,
	normalize_vat,
	normalize_website,
)


@pytest.mark.parametrize(
	"number, country, expected",
	[
		("FR 40 303 265 045", "FR", "FR40303265045"),
		("40303265045", "FR", "FR40303265045"),
		("fr40303265045", None, "FR40303265045"),
		("DE 136 695 976", "US", "DE136695976"),
		("27AAPFU0939F1ZV", "IN", "27AAPFU0939F1ZV"),
		("GB 980 7806 84", "GB", "980780684"),
		("", "FR", ""),
		("12-3456789", "US", "123456789"),
	],
)
def test_vat_numbers_are_compacted_and_prefixed(number, country, expected):
	assert normalize_vat(number, country) == expected


@pytest.mark.parametrize(
	"number, country, expected_hint",
	[
		("FR40303265046", "FR", "FR40303265045"),
		("27AAPFU0939F1ZX", "IN", "GSTIN"),
		("123", "DE", "EU VAT"),
		("GB 980 7806 85", "GB", "VAT number of GB"),
		("?", "US", "3 to 20"),
	],
)
def test_invalid_vat_numbers_say_what_is_expected(number, country, expected_hint):
	with pytest.raises(InvalidValue, match=expected_hint):
		normalize_vat(number, country)


def test_siret_needs_a_valid_luhn_check_digit():
	assert normalize_siret("732 829 320 00074") == "73282932000074"
	with pytest.raises(InvalidValue, match="14 digits"):
		normalize_siret("73282932000075")


def test_ean_accepts_ean13_and_gln_only():
	assert normalize_ean("4006381333931") == "4006381333931"
	with pytest.raises(InvalidValue, match="13 digits"):
		normalize_ean("96385074")  # EAN-8
	with pytest.raises(InvalidValue, match="check digit"):
		normalize_ean("4006381333932")


def test_tax_id_is_trimmed_and_upper_cased():
	assert normalize_tax_id(" abc-123 ") == "ABC-123"
	with pytest.raises(InvalidValue):
		normalize_tax_id("a")


@pytest.mark.parametrize(
	"number, country, expected",
	[
		("01 42 68 53 00", "FR", "+33142685300"),
		("+44 20 7946 0958", "FR", "+442079460958"),
		("(202) 555-0182", "US", "+12025550182"),
		("", "FR", ""),
	],
)
def test_phones_are_normalised_to_e164_in_the_client_country(number, country, expected):
	assert normalize_phone(number, country) == expected


def test_invalid_phone_shows_an_example_of_the_country():
	with pytest.raises(InvalidValue, match=r"\+33"):
		normalize_phone("12", "FR")
	with pytest.raises(InvalidValue, match="international form"):
		normalize_phone("not a phone", None)


def test_emails_are_lower_cased_and_checked():
	assert normalize_email(" Anne.Martin@Example.FR ") == "anne.martin@example.fr"
	for bad in ("anne", "anne@", "anne@example", "an ne@example.com"):
		with pytest.raises(InvalidValue, match=r"name@example\.com"):
			normalize_email(bad)


@pytest.mark.parametrize(
	"url, expected",
	[
		("example.com", "https://example.com"),
		("HTTP://WWW.Example.com/", "http://www.example.com"),
		("https://example.com/contact?x=1", "https://example.com/contact?x=1"),
		("shop.example.co.uk:8080/a", "https://shop.example.co.uk:8080/a"),
	],
)
def test_websites_are_normalised(url, expected):
	assert normalize_website(url) == expected


@pytest.mark.parametrize(
	"url", ["localhost", "ftp://example.com", "http://exa mple.com", "https://1.2.3.4", "-a.com"]
)
def test_invalid_websites_are_rejected(url):
	with pytest.raises(InvalidValue, match="web address"):
		normalize_website(url)


def test_names_are_trimmed_and_refuse_angle_brackets():
	assert normalize_name("  Dupont   & Fils  ") == "Dupont & Fils"
	with pytest.raises(InvalidValue, match="without < or >"):
		normalize_name("<script>x</script>")


def test_a_typed_client_number_is_trimmed_and_has_a_sane_format():
	assert normalize_client_number("  CL-2026.042_B ") == "CL-2026.042_B"
	assert normalize_client_number("") == ""
	for number in ("CL 42", "CL--42", "-42", "42-", "CL/42", "<b>42</b>", "X" * 31):
		with pytest.raises(InvalidValue, match="letters and digits"):
			normalize_client_number(number)
