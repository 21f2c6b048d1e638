"""What counts as the same client is one rule (`duplicates.identity`): the form is sent the fields the
duplicate check compares, the check reads them alike from the form's document and from the database,
and a file imported again finds the client that the check finds for its row."""

import frappe
from frappe.desk.form.load import run_onload
from frappe.utils import random_string

from client_management.api.client import find_duplicates
from client_management.duplicates.finder import facts_of, load_facts
from client_management.duplicates.identity import IDENTITY_FIELDS, import_key
from client_management.imports.importer import parse_client_values, parse_contacts, row_document
from client_management.tests.factories import ClientTestCase, create_client
from client_management.tests.sample_data import unique_french_vat
from client_management.tests.test_imports import run, sheet_row


class TestSameClient(ClientTestCase):
	def test_the_form_is_sent_the_fields_that_the_check_compares(self):
		client = create_client(
			vat_number=unique_french_vat(),
			contacts=[
				{
					"first_name": "Anne",
					"last_name": "Martin",
					"email": f"anne@same-{random_string(6).lower()}.fr",
					"mobile_no": "06 12 34 56 78",
				}
			],
		)
		run_onload(client)
		self.assertEqual(client.get_onload().identity_fields, IDENTITY_FIELDS)
		for doctype, fieldnames in (
			("Client", IDENTITY_FIELDS["client"]),
			("Client Contact", IDENTITY_FIELDS["contacts"]),
		):
			meta = frappe.get_meta(doctype)
			self.assertEqual([f for f in fieldnames if not meta.has_field(f)], [], doctype)
		# the check reads them alike from the form's document and from the database
		facts = facts_of(client)
		self.assertEqual(load_facts({client.name}), [facts])
		self.assertEqual(len(facts.tax_ids) + len(facts.phones), 4)  # tax id, VAT, phone and mobile

	def test_a_file_imported_again_finds_the_client_that_the_check_finds_for_its_row(self):
		suffix = random_string(6).lower()
		row = sheet_row(
			company_name=f"Same Client {suffix} SARL",
			contact_email=f"anne@same-{suffix}.fr",
			vat_number=unique_french_vat(),
		)
		created = run([row])[0]
		self.assertEqual(created.action, "created", created.errors)
		again = run([row])[0]
		self.assertEqual((again.action, again.client), ("skipped", created.client))

		client = frappe.get_doc("Client", created.client)
		self.assertEqual(  # the key the client stored is the one the importer looks a row up by
			{key: client.get(key) for key in ("normalized_name", "primary_email")},
			import_key(row["company_name"], [{"email": row["contact_email"]}]),
		)
		doc, _before = row_document(
			None, parse_client_values(row, []), [c for c in parse_contacts(row) if any(c.values())]
		)
		match = next(c for c in find_duplicates(doc.as_dict()) if c["client"] == client.name)
		self.assertTrue(match["blocking"])
		self.assertEqual(len(match["reasons"]), 4, match["reasons"])  # tax id, phone, email domain, name
