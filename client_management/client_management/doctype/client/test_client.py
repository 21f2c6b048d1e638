# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

from contextlib import contextmanager

import frappe
from frappe.tests.utils import change_settings
from frappe.utils import random_string
from frappe.utils.file_manager import save_file

from client_management.api.client import find_duplicates
from client_management.constants import SETTINGS
from client_management.duplicates.finder import NAME_INDEX_VERSION, all_normalized_names
from client_management.mirror.customer import customer_at_hand
from client_management.overrides.customer import ClientCustomer
from client_management.tests.factories import (
	ClientTestCase,
	client_values,
	create_client,
	create_sales_invoice,
	ensure_user,
	required_contact_values,
	use_test_outgoing_email,
)
from client_management.tests.sample_data import unique_french_vat
from client_management.utils.exceptions import DuplicateClientError

VALID_VAT = unique_french_vat()  # this run's own: no committed client of another test has it


class TestClientMirror(ClientTestCase):
	def test_saving_a_client_creates_its_customer_contact_and_address(self):
		client = create_client(tax_id="TAX-1", website="example.com", client_type="Company")
		customer = frappe.get_doc("Customer", client.customer)

		self.assertEqual(customer.client, client.name)
		self.assertEqual(customer.customer_name, client.company_name)
		self.assertEqual(customer.tax_id, "TAX-1")
		self.assertEqual(customer.website, "https://example.com")
		self.assertEqual(customer.account_manager, "Administrator")
		self.assertEqual(
			customer.customer_group, frappe.db.get_single_value("Selling Settings", "customer_group")
		)

		row = client.contacts[0]
		contact = frappe.get_doc("Contact", row.contact)
		self.assertTrue(contact.has_link("Customer", customer.name))
		self.assertEqual(
			(contact.email_id, contact.is_primary_contact, contact.is_billing_contact), (row.email, 1, 1)
		)
		self.assertEqual(customer.customer_primary_contact, contact.name)
		self.assertEqual(customer.email_id, row.email)

		address = frappe.get_doc("Address", client.billing_address)
		self.assertEqual(
			(address.address_line1, address.city, address.country), ("12 rue de la Paix", "Paris", "France")
		)
		self.assertTrue(address.has_link("Customer", customer.name))
		self.assertTrue(address.is_primary_address and address.is_shipping_address)
		self.assertEqual(customer.customer_primary_address, address.name)
		self.assertIsNone(client.shipping_address)

	def test_editing_a_client_updates_the_mirror_in_place(self):
		client = create_client(tax_id=None, vat_number=unique_french_vat())  # Customer tax id = VAT
		customer_name = client.customer
		client.company_name = "Renamed Trading"
		client.vat_number = VALID_VAT
		client.contacts[0].phone = "01 42 68 53 00"
		client.append(
			"contacts",
			{
				**required_contact_values(),
				"first_name": "Paul",
				"last_name": "Durand",
				"email": "paul@example.com",
				"is_billing_contact": 1,
			},
		)
		client.contacts[0].is_billing_contact = 0
		client.save()

		customer = frappe.get_doc("Customer", customer_name)
		self.assertEqual((customer.customer_name, customer.tax_id), ("Renamed Trading", VALID_VAT))
		first = frappe.get_doc("Contact", client.contacts[0].contact)
		second = frappe.get_doc("Contact", client.contacts[1].contact)
		self.assertEqual(first.phone, "+33142685300")
		self.assertEqual((first.is_primary_contact, first.is_billing_contact), (1, 0))
		self.assertEqual((second.is_primary_contact, second.is_billing_contact), (0, 1))
		self.assertEqual(frappe.db.count("Customer", {"client": client.name}), 1)

	def test_removing_a_contact_row_unlinks_its_contact(self):
		client = create_client()
		client.append(
			"contacts",
			{
				**required_contact_values(),
				"first_name": "Paul",
				"last_name": "Durand",
				"email": "paul.d@example.com",
			},
		)
		client.save()
		removed = client.contacts[1].contact
		client.contacts = client.contacts[:1]
		client.save()

		contact = frappe.get_doc("Contact", removed)
		self.assertFalse(contact.has_link("Customer", client.customer))

	def test_separate_shipping_address_is_created_and_dropped(self):
		client = create_client(
			shipping_same_as_billing=0,
			shipping_address_line1="1 quai du Port",
			shipping_city="Marseille",
			shipping_country="France",
		)
		shipping = frappe.get_doc("Address", client.shipping_address)
		self.assertEqual(
			(shipping.address_type, shipping.city, shipping.is_shipping_address), ("Shipping", "Marseille", 1)
		)
		self.assertFalse(frappe.db.get_value("Address", client.billing_address, "is_shipping_address"))

		client.shipping_same_as_billing = 1
		client.save()
		self.assertIsNone(client.shipping_address)
		self.assertFalse(frappe.db.exists("Address", shipping.name))
		self.assertTrue(frappe.db.get_value("Address", client.billing_address, "is_shipping_address"))

	def test_mirrored_customer_fields_cannot_drift(self):
		client = create_client()
		customer = frappe.get_doc("Customer", client.customer)
		customer.customer_name = "Edited Behind The Client"
		with self.assertRaisesRegex(frappe.ValidationError, client.name):
			customer.save()

		customer.reload()
		customer.customer_details = "Free notes stay editable"
		customer.save()

	@change_settings(SETTINGS, client_number_series="TCL-.####")
	def test_client_number_follows_the_settings_series(self):
		client = create_client()
		self.assertTrue(client.name.startswith("TCL-"), client.name)

	def test_rename_keeps_customer_link(self):
		client = create_client()
		new_name = f"CL-RENAMED-{random_string(4)}"
		frappe.rename_doc("Client", client.name, new_name)
		self.assertEqual(frappe.db.get_value("Customer", client.customer, "client"), new_name)

	def test_merging_a_client_moves_its_history_to_the_survivor(self):
		use_test_outgoing_email()
		merged = create_client(notes="<p>Met at the Lyon fair</p>")
		survivor = create_client(notes="<p>Key account</p>")
		invoice = create_sales_invoice(merged.customer)
		frappe.get_doc(
			{"doctype": "Project", "project_name": f"P {random_string(5)}", "customer": merged.customer}
		).insert()
		portal = frappe.get_doc(
			{
				"doctype": "Customer Portal User",
				"client": merged.name,
				"email": f"merge-{random_string(5).lower()}@example.com",
			}
		).insert()
		attachment = save_file("brief.txt", b"brief", "Client", merged.name, is_private=1)

		survivor_email = survivor.contacts[0].email

		frappe.rename_doc("Client", merged.name, survivor.name, merge=True)

		survivor.reload()
		self.assertFalse(frappe.db.exists("Client", merged.name))
		self.assertFalse(frappe.db.exists("Customer", merged.customer))
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", invoice.name, ["customer", "client"]),
			(survivor.customer, survivor.name),
		)
		self.assertEqual({row.email for row in survivor.contacts}, {merged.contacts[0].email, survivor_email})
		merged_row = next(row for row in survivor.contacts if row.email == merged.contacts[0].email)
		self.assertEqual(merged_row.contact, merged.contacts[0].contact)
		self.assertTrue(frappe.get_doc("Contact", merged_row.contact).has_link("Customer", survivor.customer))
		self.assertIn("Key account", survivor.notes)
		self.assertIn("Met at the Lyon fair", survivor.notes)
		self.assertEqual(survivor.project_count, 1)
		self.assertEqual(frappe.db.get_value("Customer Portal User", portal.name, "client"), survivor.name)
		self.assertIn(
			portal.user,
			[row.user for row in frappe.get_doc("Customer", survivor.customer).portal_users],
		)
		self.assertEqual(frappe.db.get_value("File", attachment.name, "attached_to_name"), survivor.name)

	def test_project_count_follows_projects(self):
		client = create_client()
		other = create_client()
		project = frappe.get_doc(
			{"doctype": "Project", "project_name": f"P {random_string(5)}", "customer": client.customer}
		).insert()
		self.assertEqual(frappe.db.get_value("Client", client.name, "project_count"), 1)

		project.customer = other.customer
		project.save()
		self.assertEqual(frappe.db.get_value("Client", client.name, "project_count"), 0)
		self.assertEqual(frappe.db.get_value("Client", other.name, "project_count"), 1)

		project.delete()
		self.assertEqual(frappe.db.get_value("Client", other.name, "project_count"), 0)


class TestClientDelete(ClientTestCase):
	def test_delete_removes_what_the_client_created(self):
		client = create_client(
			shipping_same_as_billing=0,
			shipping_address_line1="1 quai",
			shipping_city="Lyon",
			shipping_country="France",
		)
		mirror = [
			("Customer", client.customer),
			("Contact", client.contacts[0].contact),
			("Address", client.billing_address),
			("Address", client.shipping_address),
		]
		client.delete()
		for doctype, name in mirror:
			self.assertFalse(frappe.db.exists(doctype, name), f"{doctype} {name} left behind")

	def test_delete_is_refused_when_the_customer_has_transactions(self):
		client = create_client()
		invoice = create_sales_invoice(client.customer)
		with self.assertRaisesRegex(frappe.LinkExistsError, invoice.name):
			client.delete()
		self.assertTrue(frappe.db.exists("Customer", client.customer))


class TestClientValidation(ClientTestCase):
	def assert_rejected(self, message_part: str, **values):
		with self.assertRaisesRegex(frappe.ValidationError, message_part):
			create_client(**values)

	def test_invalid_identifiers_are_rejected_with_the_field_and_expected_form(self):
		self.assert_rejected("VAT Number.*expected an EU VAT number", vat_number="FR40303265046")
		self.assert_rejected("SIRET.*14 digits", siret="12345678901234")
		self.assert_rejected("EAN / GLN.*13 digits", ean="123")
		self.assert_rejected("Website.*web address", website="not a site")
		self.assert_rejected("Company Name.*without < or >", company_name="<script>alert(1)</script>")

	def test_gstin_is_required_for_indian_vat_numbers(self):
		self.assert_rejected(
			"VAT Number.*GSTIN", vat_number="ABC123", country="India", city="Pune", pincode="411001"
		)
		client = create_client(vat_number="27AAPFU0939F1ZV", country="India", city="Pune", pincode="411001")
		self.assertEqual(client.vat_number, "27AAPFU0939F1ZV")

	def test_contact_details_are_checked_and_normalised(self):
		self.assert_rejected(
			"Contact row 1: Email", contacts=[{"first_name": "A", "last_name": "B", "email": "nope"}]
		)
		self.assert_rejected(
			"Contact row 1: Phone.*international form",
			contacts=[{"first_name": "A", "last_name": "B", "email": "a@example.com", "phone": "12"}],
		)
		client = create_client(
			vat_number=VALID_VAT[2:],  # without the country prefix
			contacts=[
				{
					"first_name": "A",
					"last_name": "B",
					"email": " A.B@Example.COM ",
					"mobile_no": "06 12 34 56 78",
				}
			],
		)
		self.assertEqual(client.vat_number, VALID_VAT)
		self.assertEqual(
			(client.contacts[0].email, client.contacts[0].mobile_no), ("a.b@example.com", "+33612345678")
		)

	def test_exactly_one_primary_and_one_billing_contact(self):
		two_primaries = [
			{"first_name": "A", "last_name": "B", "email": "a@example.com", "is_primary": 1},
			{"first_name": "C", "last_name": "D", "email": "c@example.com", "is_primary": 1},
		]
		self.assert_rejected("primary contact.*rows 1, 2", contacts=two_primaries)
		self.assert_rejected("Add at least one contact", contacts=[])

		unmarked = [dict(row, is_primary=0) for row in two_primaries]
		client = create_client(contacts=unmarked)
		self.assertEqual([(r.is_primary, r.is_billing_contact) for r in client.contacts], [(1, 1), (0, 0)])

	def test_mandatory_fields_are_enforced_on_manual_creation(self):
		for fieldname in ("lead_source", "inquiry_date", "finalized_date", "address_line1", "city"):
			with self.assertRaisesRegex(frappe.MandatoryError, fieldname):
				create_client(**{fieldname: None})

	def test_incomplete_client_from_automation_lists_what_is_missing_and_writes_no_address(self):
		client = frappe.get_doc(client_values(address_line1=None, city=None, vat_number="bad"))
		client.flags.allow_incomplete = True
		client.insert()
		self.assertEqual(client.status, "Incomplete")
		for label in ("Address Line 1", "City/Town", "VAT Number"):
			self.assertIn(label, client.missing_fields)
		self.assertIsNone(client.billing_address)
		self.assertFalse(
			frappe.get_all(
				"Dynamic Link",
				{"link_doctype": "Customer", "link_name": client.customer, "parenttype": "Address"},
			)
		)

		client.flags.allow_incomplete = False
		client.update({"address_line1": "1 rue", "city": "Paris"})
		client.save()
		self.assertEqual((client.status, client.missing_fields), ("Active", None))
		self.assertTrue(client.billing_address)


class TestDuplicates(ClientTestCase):
	def test_same_vat_number_blocks_unless_a_client_manager_confirms(self):
		create_client(vat_number=VALID_VAT)
		with self.assertRaises(DuplicateClientError):
			create_client(vat_number=VALID_VAT)

		sales_user = ensure_user("cm-sales@example.com", ["Sales User"])
		frappe.set_user(sales_user)
		with self.assertRaises(DuplicateClientError):
			create_client(vat_number=VALID_VAT, duplicate_confirmed=1)

		frappe.set_user(ensure_user("cm-manager@example.com", ["Client Manager", "Sales User"]))
		confirmed = create_client(vat_number=VALID_VAT, duplicate_confirmed=1)
		self.assertEqual(confirmed.duplicate_confirmed, 0)

	def test_duplicate_candidates_name_their_reasons(self):
		original = create_client(
			company_name="Dupont Industries SARL",
			contacts=[
				{
					"first_name": "A",
					"last_name": "B",
					"email": "a@dupont-industries.fr",
					"phone": "+33142685300",
				}
			],
		)
		candidates = find_duplicates(
			client_values(
				company_name="Dupont Industires Ltd",
				contacts=[
					{
						"first_name": "C",
						"last_name": "D",
						"email": "c@dupont-industries.fr",
						"phone": "01 42 68 53 00",
					}
				],
			)
		)
		match = next(c for c in candidates if c["client"] == original.name)
		self.assertFalse(match["blocking"])
		reasons = " ".join(match["reasons"])
		for reason in ("same phone number", "same email domain", "similar company name"):
			self.assertIn(reason, reasons)

	def test_free_mail_domains_and_unrelated_names_are_not_candidates(self):
		original = create_client(
			company_name="Zebra Lighting",
			contacts=[{"first_name": "A", "last_name": "B", "email": "zebra@gmail.com"}],
		)
		candidates = find_duplicates(
			client_values(
				company_name="Orchid Bakery",
				contacts=[{"first_name": "C", "last_name": "D", "email": "orchid@gmail.com"}],
			)
		)
		self.assertNotIn(original.name, [c["client"] for c in candidates])


class TestClientPermissions(ClientTestCase):
	def test_roles(self):
		client = create_client()
		expectations = {
			"Client Manager": {"read": True, "create": True, "write": True, "delete": True},
			"Sales User": {"read": True, "create": True, "write": True, "delete": False},
			"Accounts User": {"read": True, "create": False, "write": False, "delete": False},
			"Website Manager": {"read": False, "create": False, "write": False, "delete": False},
		}
		for role, rights in expectations.items():
			user = ensure_user(f"cm-{frappe.scrub(role)}@example.com", [role])
			for ptype, allowed in rights.items():
				self.assertEqual(
					bool(frappe.has_permission("Client", ptype, client, user=user)),
					allowed,
					f"{role} {ptype}",
				)


class TestNameIndex(ClientTestCase):
	"""Each worker keeps the clients' names in memory for the duplicate check; the version in Redis that
	makes every worker reload them moves when the transaction that wrote a client commits."""

	def test_a_new_name_is_checked_here_at_once_and_forgotten_on_rollback(self):
		version = frappe.cache.get_value(NAME_INDEX_VERSION)
		all_normalized_names()  # this worker's copy, loaded
		client = create_client(company_name=f"Quetzal Optics {random_string(5)}")
		self.assertIn(client.name, all_normalized_names())
		self.assertEqual(frappe.cache.get_value(NAME_INDEX_VERSION), version)  # not committed: not told
		frappe.db.rollback()
		self.assertNotIn(client.name, all_normalized_names())
		self.assertEqual(frappe.cache.get_value(NAME_INDEX_VERSION), version)

	def test_a_committed_name_makes_every_worker_reload(self):
		version = frappe.cache.get_value(NAME_INDEX_VERSION)
		client = create_client(company_name=f"Quetzal Optics {random_string(5)}")
		self.addCleanup(self.remove, client.name)
		frappe.db.commit()
		self.assertNotEqual(frappe.cache.get_value(NAME_INDEX_VERSION), version)
		renewed = frappe.cache.get_value(NAME_INDEX_VERSION)
		client.save()  # its name unchanged: nothing to tell
		frappe.db.commit()
		self.assertEqual(frappe.cache.get_value(NAME_INDEX_VERSION), renewed)

	def remove(self, name: str):
		frappe.db.rollback()
		frappe.delete_doc("Client", name, force=True)
		frappe.db.commit()


class TestCustomerAtHand(ClientTestCase):
	"""While a client's save writes its Contacts and Addresses, their Customer, just synced, is not read
	again from the database: Frappe's set_link_title gets it from memory (ClientCustomer)."""

	def test_a_client_save_titles_its_mirror_links_without_loading_the_customer(self):
		company_name = f"Linkwell Titles {random_string(5)}"
		with customer_loads() as loads:
			client = create_client(company_name=company_name)
		self.assertEqual(loads, [])

		client.contacts[0].phone = "01 42 68 53 00"  # the Contact is saved again
		client.append(
			"contacts",
			{
				**required_contact_values(),
				"first_name": "Léa",
				"last_name": "Roux",
				"email": "lea@linkwell.fr",
			},
		)
		client.shipping_same_as_billing = 0
		client.update({"shipping_address_line1": "2 quai Sud", "shipping_city": "Lyon"})
		client.shipping_country = "France"
		with customer_loads() as loads:
			client.save()
		self.assertEqual(len(loads), 1)  # by the sync, to compare; not by the two Contacts nor Addresses

		for doctype, name in (
			*(("Contact", row.contact) for row in client.contacts),
			("Address", client.billing_address),
			("Address", client.shipping_address),
		):
			links = frappe.get_doc(doctype, name).links
			self.assertEqual(
				[(link.link_name, link.link_title) for link in links], [(client.customer, company_name)]
			)

	def test_the_customer_held_is_given_as_a_copy_and_only_while_held(self):
		client = create_client()
		customer = frappe.get_doc("Customer", client.customer)
		self.assertIsInstance(customer, ClientCustomer)
		frappe.db.set_value("Customer", customer.name, "customer_details", "written behind its back")

		with customer_at_hand(customer):
			held = frappe.get_doc("Customer", customer.name)
			self.assertIsNot(held, customer)
			self.assertEqual(held.as_dict(), customer.as_dict())
			locked = frappe.get_doc("Customer", customer.name, for_update=True)
		read_after = frappe.get_doc("Customer", customer.name)

		self.assertIsNone(held.customer_details)
		self.assertEqual(locked.customer_details, "written behind its back")
		self.assertEqual(read_after.customer_details, "written behind its back")


@contextmanager
def customer_loads():
	"""The Customers loaded from the database within (their `SELECT *`), as Frappe's assertQueryCount
	records queries: each still runs."""
	loads = []
	run = frappe.db.__class__.sql

	def recorded(db, query, *args, **kwargs):
		if str(query).lstrip().startswith("SELECT *") and "FROM `tabCustomer`" in str(query):
			loads.append(query)
		return run(db, query, *args, **kwargs)

	frappe.db.__class__.sql = recorded
	try:
		yield loads
	finally:
		frappe.db.__class__.sql = run
