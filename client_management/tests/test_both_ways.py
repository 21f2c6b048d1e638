"""Contacts and addresses both ways: what ERPNext users change on the client's Customer side shows on
the Client and survives its next save; a Client form opened before must be reloaded first."""

import frappe

from client_management.tests.factories import ClientTestCase, create_client


class TestBothWays(ClientTestCase):
	def setUp(self):
		self.client = create_client(
			contacts=[
				{
					"first_name": "Paul",
					"last_name": "Martin",
					"email": f"paul.{frappe.generate_hash(length=6)}@both-ways.example.com",
					"designation": "Buyer",
					"is_primary": 1,
				}
			]
		)

	def test_a_contact_edited_in_erpnext_shows_on_the_client_and_survives_its_save(self):
		contact = frappe.get_doc("Contact", self.client.contacts[0].contact)
		contact.last_name = "Martin-Durand"
		contact.designation = "Head of Purchasing"
		contact.save()

		client = frappe.get_doc("Client", self.client.name)
		self.assertEqual(
			(client.contacts[0].last_name, client.contacts[0].designation),
			("Martin-Durand", "Head of Purchasing"),
		)
		client.notes = "saved after the ERPNext edit"
		client.save()
		contact.reload()
		self.assertEqual((contact.last_name, contact.designation), ("Martin-Durand", "Head of Purchasing"))

	def test_a_client_form_opened_before_the_edit_cannot_overwrite_it(self):
		stale = frappe.get_doc("Client", self.client.name)
		contact = frappe.get_doc("Contact", self.client.contacts[0].contact)
		contact.designation = "Director"
		contact.save()
		stale.notes = "from a form opened before"
		with self.assertRaises(frappe.TimestampMismatchError):
			stale.save()

	def test_a_contact_added_to_the_customer_in_erpnext_becomes_a_client_row(self):
		email = f"new.{frappe.generate_hash(length=6)}@both-ways.example.com"
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Nadia",
				"last_name": "Ben",
				"email_ids": [{"email_id": email, "is_primary": 1}],
				"links": [{"link_doctype": "Customer", "link_name": self.client.customer}],
			}
		).insert()
		client = frappe.get_doc("Client", self.client.name)
		row = next(row for row in client.contacts if row.contact == contact.name)
		self.assertEqual((row.first_name, row.last_name, row.email), ("Nadia", "Ben", email))

		client.save()
		self.assertEqual(frappe.db.count("Contact", {"email_id": email}), 1)  # linked, not copied

	def test_a_contact_with_capitals_in_its_email_keeps_one_primary_email_when_its_row_changes(self):
		email = f"Nadia.{frappe.generate_hash(length=6)}@Both-Ways.example.com"
		home = f"nadia.{frappe.generate_hash(length=6)}@home.example.com"
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Nadia",
				"last_name": "Ben",
				"email_ids": [{"email_id": email, "is_primary": 1}, {"email_id": home}],
				"links": [{"link_doctype": "Customer", "link_name": self.client.customer}],
			}
		).insert()
		client = frappe.get_doc("Client", self.client.name)
		row = next(row for row in client.contacts if row.contact == contact.name)
		row.designation = "Accountant"
		row.phone = "01 42 68 53 00"
		client.save()
		self.assertEqual(row.email, email.lower())  # the client keeps e-mails in lower case

		contact.reload()
		self.assertEqual(
			[(entry.email_id, entry.is_primary) for entry in contact.email_ids], [(email, 1), (home, 0)]
		)
		self.assertEqual((contact.email_id, contact.designation), (email, "Accountant"))
		self.assertEqual(
			[(entry.phone, entry.is_primary_phone) for entry in contact.phone_nos], [("+33142685300", 1)]
		)

	def test_a_contact_without_email_is_refused_on_the_clients_customer(self):
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "No",
				"last_name": "Email",
				"links": [{"link_doctype": "Customer", "link_name": self.client.customer}],
			}
		)
		with self.assertRaises(frappe.ValidationError) as raised:
			contact.insert()
		self.assertIn(self.client.name, str(raised.exception))

	def test_the_billing_address_edited_in_erpnext_shows_on_the_client_and_survives_its_save(self):
		address = frappe.get_doc("Address", self.client.billing_address)
		address.city = "Lyon"
		address.pincode = "69002"
		address.save()

		client = frappe.get_doc("Client", self.client.name)
		self.assertEqual((client.city, client.pincode), ("Lyon", "69002"))
		client.save()
		self.assertEqual(frappe.db.get_value("Address", address.name, "city"), "Lyon")

	def test_the_customers_primary_contact_is_chosen_on_the_client_only(self):
		other = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Other",
				"last_name": "Person",
				"email_ids": [{"email_id": f"other.{frappe.generate_hash(length=6)}@both-ways.example.com"}],
				"links": [{"link_doctype": "Customer", "link_name": self.client.customer}],
			}
		).insert()
		customer = frappe.get_doc("Customer", self.client.customer)
		customer.customer_primary_contact = other.name
		with self.assertRaises(frappe.ValidationError) as raised:
			customer.save()
		self.assertIn("managed by Client", str(raised.exception))
