"""The fields Client Management Settings require of a client made by hand (seed 000), each switchable."""

import frappe
from frappe.tests.utils import change_settings

from client_management.constants import SETTINGS
from client_management.imports.importer import import_rows
from client_management.imports.reader import read_sheet
from client_management.tests.factories import ClientTestCase, client_values, create_client
from client_management.tests.test_imports import as_file, sheet_row
from client_management.utils.settings import REQUIRED_FIELD_SWITCHES

ALL_ON = dict.fromkeys(REQUIRED_FIELD_SWITCHES, 1)
ALL_OFF = dict.fromkeys(REQUIRED_FIELD_SWITCHES, 0)
CONTACT = {"first_name": "Rita", "last_name": "Requise", "email": "rita@requise.fr"}

# switch -> (what the client lacks, the label the message names)
CASES = {
	"require_state": ({"state": None}, "State/Province"),
	"require_pincode": ({"pincode": None}, "Postal Code"),
	"require_tax_id": ({"tax_id": None, "vat_number": None}, "Tax ID or VAT Number"),
	"require_contact_phone": ({"contacts": [{**CONTACT, "phone": None}]}, "Phone or Mobile No"),
	"require_contact_designation": ({"contacts": [{**CONTACT, "designation": None}]}, "Designation"),
}


class TestRequiredFields(ClientTestCase):
	def test_every_switch_is_on_by_default(self):
		self.assertEqual(
			{switch: frappe.db.get_single_value(SETTINGS, switch) for switch in REQUIRED_FIELD_SWITCHES},
			ALL_ON,
		)

	@change_settings(SETTINGS, ALL_ON)
	def test_a_client_made_by_hand_without_a_required_field_is_refused_naming_it(self):
		for switch, (missing, label) in CASES.items():
			with self.subTest(switch), self.assertRaisesRegex(frappe.MandatoryError, label):
				create_client(**missing)
		self.assertFalse(frappe.db.exists("Client", {"company_name": ("like", "Test Client %")}))

	def test_each_switch_turned_off_lets_its_field_be_empty(self):
		for switch, (missing, _label) in CASES.items():
			with self.subTest(switch), change_settings(SETTINGS, {**ALL_ON, switch: 0}):
				client = create_client(**missing)
				self.assertEqual(client.status, "Active")

	@change_settings(SETTINGS, ALL_ON)
	def test_a_mobile_number_or_a_vat_number_is_enough(self):
		client = create_client(
			tax_id=None,
			vat_number="FR40303265045",
			contacts=[{**CONTACT, "phone": None, "mobile_no": "06 12 34 56 78"}],
		)
		self.assertEqual((client.status, client.contacts[0].mobile_no), ("Active", "+33612345678"))

	@change_settings(SETTINGS, ALL_ON)
	def test_an_edit_by_hand_that_empties_a_required_field_is_refused(self):
		client = create_client()
		client.pincode = None
		with self.assertRaisesRegex(frappe.MandatoryError, "Postal Code"):
			client.save()

	def test_what_an_edit_leaves_untouched_does_not_block_it(self):
		with change_settings(SETTINGS, ALL_OFF):  # made before the switches were turned on
			client = create_client(state=None, contacts=[{**CONTACT, "designation": None}])
		with change_settings(SETTINGS, ALL_ON):
			client.reload()
			client.notes = "Edited by hand"
			client.save()
			client.append(
				"contacts", {"first_name": "Nouveau", "last_name": "Contact", "email": "n@requise.fr"}
			)
			with self.assertRaisesRegex(frappe.MandatoryError, "Contact row 2: Phone or Mobile No"):
				client.save()

	@change_settings(SETTINGS, ALL_ON)
	def test_an_auto_created_client_is_saved_incomplete_listing_them(self):
		client = frappe.get_doc(client_values(state=None, tax_id=None, contacts=[{**CONTACT, "phone": None}]))
		client.flags.allow_incomplete = True
		client.insert()
		self.assertEqual(client.status, "Incomplete")
		for label in ("State/Province", "Tax ID or VAT Number", "Contact row 1: Phone or Mobile No"):
			self.assertIn(label, client.missing_fields)

	def test_an_imported_row_without_them_is_rejected_naming_its_column_unless_switched_off(self):
		row = sheet_row(company_name="Sans Code Postal", contact_email="cp@requise.fr", pincode="")
		for switches, expected in ((ALL_ON, "rejected"), ({**ALL_ON, "require_pincode": 0}, "created")):
			with self.subTest(expected), change_settings(SETTINGS, switches):
				parsed, _unknown = read_sheet("clients.csv", as_file([row]))
				outcome = import_rows(parsed)[0]
				self.assertEqual(outcome.action, expected)
				if expected == "rejected":
					self.assertEqual([column for column, _message in outcome.errors], ["pincode"])
