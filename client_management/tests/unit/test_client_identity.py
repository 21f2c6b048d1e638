"""What counts as the same client: the duplicate check's facts follow each identity field and no other
(the form runs the check again when one of these fields changed), and the import key."""

from client_management.duplicates.identity import IDENTITY_FIELDS, client_facts, import_key, row_import_key

CLIENT = {
	"company_name": "Dupont Industries",
	"tax_id": "X123",
	"vat_number": "FR40303265045",
	"website": "https://dupont.fr",
	"city": "Paris",
}
CONTACT = {
	"email": "anne@dupont.fr",
	"phone": "+33142685300",
	"mobile_no": "+33612345678",
	"first_name": "Anne",
	"designation": "Buyer",
}
OTHER_VALUES = {
	"company_name": "Martin Logistique",
	"tax_id": "Y456",
	"vat_number": "FR83404833048",
	"email": "anne@martin.fr",
	"phone": "+33142685301",
	"mobile_no": "+33612345679",
}


def test_the_checks_facts_change_with_each_identity_field():
	same = client_facts(None, CLIENT, [CONTACT])
	for fieldname in IDENTITY_FIELDS["client"]:
		changed = {**CLIENT, fieldname: OTHER_VALUES[fieldname]}
		assert client_facts(None, changed, [CONTACT]) != same, fieldname
	for fieldname in IDENTITY_FIELDS["contacts"]:
		changed = {**CONTACT, fieldname: OTHER_VALUES[fieldname]}
		assert client_facts(None, CLIENT, [changed]) != same, fieldname


def test_the_checks_facts_ignore_every_other_field():
	others = {**CLIENT, "website": "https://example.org", "city": "Lyon"}
	contact = {**CONTACT, "first_name": "Anna", "designation": "Director"}
	assert client_facts(None, others, [contact]) == client_facts(None, CLIENT, [CONTACT])


def test_the_import_key_is_the_normalised_name_and_the_primary_contacts_email():
	contacts = [{"email": "first@dupont.fr"}, {"email": " Anne@Dupont.FR ", "is_primary": 1}]
	assert import_key("Dupont Industries SARL", contacts) == {
		"normalized_name": "dupont industries",
		"primary_email": "anne@dupont.fr",
	}
	assert import_key("Dupont", [{"email": "First@dupont.fr"}])["primary_email"] == "first@dupont.fr"
	assert import_key("Dupont", []) == {"normalized_name": "dupont", "primary_email": None}


def test_a_row_is_looked_up_by_its_import_key_only_with_a_company_name_and_an_email():
	assert row_import_key("Dupont SARL", [{"email": "Anne@Dupont.fr"}]) == ("dupont", "anne@dupont.fr")
	assert row_import_key("Dupont SARL", [{"first_name": "Anne"}]) is None
	assert row_import_key("", [{"email": "anne@dupont.fr"}]) is None
