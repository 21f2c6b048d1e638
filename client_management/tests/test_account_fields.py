"""The account fields of the Client: its own phone and email, its Relationship Type among those of
the settings, and a client number typed at creation."""

import frappe
from frappe.tests.utils import change_settings
from frappe.utils import cint, random_string

from client_management.constants import SETTINGS
from client_management.imports.exporter import export_rows
from client_management.imports.sheets import header
from client_management.tests.factories import ClientTestCase, create_client, create_team
from client_management.tests.test_imports import run, sheet_row


class TestAccountPhoneAndEmail(ClientTestCase):
	def test_the_clients_phone_and_email_are_normalised(self):
		client = create_client(account_phone="01 42 68 53 00", account_email=" Contact@Dupont-Industries.FR ")
		self.assertEqual(
			(client.account_phone, client.account_email), ("+33142685300", "contact@dupont-industries.fr")
		)

	def test_a_bad_phone_or_email_is_refused_with_what_was_expected(self):
		for values, message in (
			({"account_phone": "12"}, "Account Phone .*12.* is not valid: expected a phone number"),
			({"account_email": "contact@"}, "Account Email .*contact@.* is not valid: expected an email"),
		):
			with self.subTest(values), self.assertRaisesRegex(frappe.ValidationError, message):
				create_client(**values)


class TestRelationshipType(ClientTestCase):
	def test_the_type_is_one_of_the_settings(self):
		self.assertEqual(create_client(relationship_type="Reseller").relationship_type, "Reseller")
		with self.assertRaisesRegex(
			frappe.ValidationError,
			"Relationship Type .*Friend.* is not one of the types .*Prospect, Customer",
		):
			create_client(relationship_type="Friend")

	def test_the_settings_types_are_the_choice(self):
		with change_settings(SETTINGS, relationship_types="Prospect\nDistributor"):
			self.assertEqual(create_client(relationship_type="Distributor").relationship_type, "Distributor")
			client = create_client(relationship_type="Prospect")
			with self.assertRaisesRegex(frappe.ValidationError, "Reseller"):
				create_client(relationship_type="Reseller")
		with change_settings(SETTINGS, relationship_types="Customer"):
			client.reload()
			client.notes = "a type taken off the list does not block other edits"
			client.save()
			client.relationship_type = "Partner"
			with self.assertRaisesRegex(frappe.ValidationError, "Partner"):
				client.save()

	def test_the_settings_refuse_a_type_listed_twice(self):
		settings = frappe.get_single(SETTINGS)
		settings.relationship_types = "Customer\nPartner\nCustomer"
		with self.assertRaisesRegex(frappe.ValidationError, "Customer is listed twice"):
			settings.save()


class TestAccountFieldsInTheSheet(ClientTestCase):
	def test_the_sheet_carries_the_account_fields_both_ways(self):
		team = create_team(f"Sheet Team {random_string(5)}", ["Administrator"])
		suffix = random_string(6).lower()
		row = sheet_row(
			company_name=f"Account Fields {suffix} SARL",
			contact_email=f"jean.{suffix}@import-test.fr",
			relationship_type="Partner",
			assigned_team=team,
			account_phone="01 42 68 53 00",
			account_email=f"Contact@{suffix}.fr",
		)
		outcome = run([row])[0]
		self.assertEqual(outcome.action, "created", outcome.errors)
		exported = dict(zip(header(), export_rows({"name": outcome.client})[1], strict=True))
		self.assertEqual(
			[
				exported[key]
				for key in ("relationship_type", "assigned_team", "account_phone", "account_email")
			],
			["Partner", team, "+33142685300", f"contact@{suffix}.fr"],
		)

	def test_a_row_with_an_unknown_type_or_a_bad_email_is_rejected_in_its_columns(self):
		rejected = run([sheet_row(relationship_type="Friend", account_email="contact@")])[0]
		self.assertEqual(rejected.action, "rejected", rejected)
		self.assertEqual(
			sorted(column for column, _message in rejected.errors), ["account_email", "relationship_type"]
		)


class TestTypedClientNumber(ClientTestCase):
	def test_a_typed_number_names_the_client_and_is_set_once(self):
		number = f"ACME-{random_string(6).upper()}"
		client = create_client(client_number=f" {number} ")
		self.assertEqual((client.name, client.client_number), (number, number))
		client.client_number = f"{number}-2"
		with self.assertRaises(frappe.ValidationError):
			client.save()

	def test_a_taken_number_or_a_bad_format_is_refused_with_a_message(self):
		taken = create_client().name
		for number, message in (
			(taken, f"Client number .*{taken}.* is already another client's"),
			("CL 42", "Client Number .*CL 42.* is not valid: expected letters and digits"),
			("CL--42", "is not valid"),
			("<b>42</b>", "is not valid"),
			("X" * 31, "up to 30 characters"),
		):
			with self.subTest(number), self.assertRaisesRegex(frappe.ValidationError, message):
				create_client(client_number=number)

	@change_settings(SETTINGS, client_number_series="TKN-.####")
	def test_without_a_typed_number_the_series_numbers_the_client_past_typed_ones(self):
		current = cint(frappe.db.get_value("Series", "TKN-", "current", order_by="name"))
		typed = create_client(client_number=f"TKN-{current + 1:04d}")
		self.assertEqual(typed.name, f"TKN-{current + 1:04d}")
		self.assertEqual(create_client().name, f"TKN-{current + 2:04d}")  # the series skips the typed one
