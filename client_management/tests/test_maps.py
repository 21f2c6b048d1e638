"""One map per rule, on the site: the maps name fields that exist on both sides, the desk gets them at
boot and through onload, and an empty setting falls back to its DocType's default."""

import frappe
from frappe.desk.form.load import getdoc
from frappe.utils.file_manager import save_file

from client_management.constants import (
	ADDRESS_PARTS,
	CLIENT_STATUS,
	CLIENT_STATUS_COLOURS,
	CONTACT_FIELDS,
	REQUIRED_ADDRESS_PARTS,
	SETTINGS,
)
from client_management.imports.options import BUSY, CHECKABLE, STARTABLE
from client_management.mirror.accounts import account_number, pattern_problem
from client_management.setup.boot import extend_bootinfo
from client_management.tests.factories import ClientTestCase
from client_management.utils.settings import client_account_number_pattern, client_number_series


class TestMaps(ClientTestCase):
	def test_the_contact_map_pairs_fields_of_the_row_and_of_erpnexts_contact(self):
		row, contact = frappe.get_meta("Client Contact"), frappe.get_meta("Contact")
		self.assertEqual(
			[
				(field, contact_field)
				for field, contact_field in CONTACT_FIELDS.items()
				if not (row.has_field(field) and contact.has_field(contact_field))
			],
			[],
		)

	def test_the_address_parts_are_erpnexts_address_fields_and_its_required_ones(self):
		address = frappe.get_meta("Address")
		self.assertEqual([part for part in ADDRESS_PARTS if not address.has_field(part)], [])
		self.assertEqual(
			[part for part in ADDRESS_PARTS if address.get_field(part).reqd], list(REQUIRED_ADDRESS_PARTS)
		)

	def test_the_desk_gets_the_maps_at_boot(self):
		bootinfo = frappe._dict()
		extend_bootinfo(bootinfo)
		boot = bootinfo.client_management
		self.assertEqual(boot["client_status"]["incomplete"], "Incomplete")
		self.assertEqual(boot["client_status_colours"], CLIENT_STATUS_COLOURS)
		self.assertEqual(boot["client_status_colours"][CLIENT_STATUS.incomplete], "orange")
		self.assertEqual(boot["address_parts"], ADDRESS_PARTS)

	def test_the_import_form_gets_the_statuses_of_its_buttons_on_load(self):
		file = save_file("clients.csv", b"company_name\n", None, None, is_private=1)
		doc = frappe.get_doc({"doctype": "Client Import", "import_file": file.file_url}).insert()
		getdoc("Client Import", doc.name)
		statuses = frappe.response.docs[-1].get_onload()["statuses"]
		self.assertEqual(statuses, {"checkable": CHECKABLE, "startable": STARTABLE, "busy": BUSY})
		self.assertIn(doc.status, statuses["checkable"])  # a new import's file can be checked

	def test_an_empty_setting_is_its_doctypes_default(self):
		frappe.db.set_single_value(
			SETTINGS, {"client_number_series": "", "client_account_number_pattern": ""}
		)
		self.assertEqual(client_number_series(), "CL-.#####")
		self.assertEqual(client_account_number_pattern(), "411{client_number}")
		self.assertEqual(account_number("CL-00042"), "411CL00042")
		self.assertIn("e.g. 411{client_number}.", pattern_problem("411", "CL00042"))
		self.assertIn("e.g. 411{client_number}.", pattern_problem("{client_number}/", "CL00042"))

		settings = frappe.get_doc(SETTINGS)
		settings.client_number_series = "CL-"
		with self.assertRaisesRegex(frappe.ValidationError, r"e\.g\. CL-\.#####"):
			settings.save()
