"""The Client's refusals carry where they are (the field, the contact row), as the `Problem`s of the
app's exceptions, which stay the Frappe errors they were: same class of HTTP error, same message."""

import frappe
from frappe.tests.utils import change_settings

from client_management.constants import SETTINGS
from client_management.tests.factories import ClientTestCase, client_values, create_client
from client_management.tests.sample_data import unique_french_vat
from client_management.utils.exceptions import (
	ClientFieldError,
	DuplicateClientError,
	MissingClientFieldsError,
)
from client_management.utils.settings import REQUIRED_FIELD_SWITCHES


def contact(name: str, **values) -> dict:
	return {
		"first_name": name,
		"last_name": "Erreur",
		"email": f"{name.lower()}@erreurs.example.com",
		**values,
	}


class TestClientErrors(ClientTestCase):
	def refused(self, exc: type[Exception], **values) -> ClientFieldError:
		with self.assertRaises(exc) as raised:
			create_client(**values)
		return raised.exception

	def places(self, error: ClientFieldError) -> list[tuple[str, int | None]]:
		return [(problem.fieldname, problem.row) for problem in error.problems]

	def test_an_invalid_value_names_its_field_and_contact_row(self):
		error = self.refused(ClientFieldError, vat_number="FR123")
		self.assertEqual(self.places(error), [("vat_number", None)])
		self.assertRegex(str(error), "^VAT Number <strong>FR123</strong> is not valid: expected an EU VAT")

		error = self.refused(
			ClientFieldError, contacts=[contact("Anne"), contact("Marc", email="pas-un-email")]
		)
		self.assertEqual(self.places(error), [("email", 2)])
		self.assertRegex(str(error), "^Contact row 2: Email <strong>pas-un-email</strong> is not valid")
		self.assertIsInstance(error, frappe.ValidationError)
		self.assertEqual(error.http_status_code, 417)

	def test_a_repeated_email_names_the_row_that_repeats_it(self):
		anne = contact("Anne")
		error = self.refused(
			ClientFieldError, contacts=[anne, contact("Marc"), contact("Eve", email=anne["email"])]
		)
		self.assertEqual(self.places(error), [("email", 3)])
		self.assertEqual(str(error), f"Each contact needs its own email: {anne['email']} is used twice.")

	def test_two_primary_contacts_name_both_rows(self):
		error = self.refused(
			ClientFieldError, contacts=[contact("Anne", is_primary=1), contact("Marc", is_primary=1)]
		)
		self.assertEqual(self.places(error), [("is_primary", 1), ("is_primary", 2)])
		self.assertEqual(str(error), "Only one contact can be the primary contact: rows 1, 2 are marked.")

	def test_a_typed_client_number_refused_names_its_field(self):
		error = self.refused(ClientFieldError, client_number="CL 42!")
		self.assertEqual(self.places(error), [("client_number", None)])

	@change_settings(SETTINGS, dict.fromkeys(REQUIRED_FIELD_SWITCHES, 1))
	def test_fields_the_settings_require_are_named_and_the_error_stays_a_mandatory_error(self):
		error = self.refused(
			MissingClientFieldsError, state=None, contacts=[contact("Anne"), contact("Marc", phone=None)]
		)
		self.assertIsInstance(error, frappe.MandatoryError)
		self.assertEqual(self.places(error), [("state", None), ("phone", 2)])
		self.assertIn("Contact row 2: Phone or Mobile No", str(error))

	def test_a_tax_id_another_client_has_names_the_field_that_has_it(self):
		vat = unique_french_vat()
		create_client(vat_number=vat)
		error = self.refused(DuplicateClientError, tax_id=vat)  # another's VAT number as its tax id
		self.assertEqual(self.places(error), [("tax_id", None)])
		self.assertIn("already has this tax ID / VAT number", str(error))

	def test_an_auto_created_client_still_collects_its_problems_without_raising(self):
		client = frappe.get_doc(client_values(vat_number="FR123", contacts=[contact("Anne", email="x")]))
		client.flags.allow_incomplete = True
		client.insert()
		self.assertEqual(
			[(p.fieldname, p.row) for p in client.flags.problems], [("vat_number", None), ("email", 1)]
		)
