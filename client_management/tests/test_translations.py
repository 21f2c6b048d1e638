"""French: every translatable string of the app has an entry, and French users see it."""

import frappe
from frappe.translate import get_messages_for_app, read_csv_file

from client_management.statements import BALANCE_FORWARD, build_statement, render_statement
from client_management.tests.factories import (
	TEST_COMPANY,
	ClientTestCase,
	create_client,
	create_sales_invoice,
)

APP = "client_management"


def french_sources() -> set[str]:
	return {row[0] for row in read_csv_file(frappe.get_app_path(APP, "translations", "fr.csv")) if row}


class TestFrench(ClientTestCase):
	def test_every_translatable_string_of_the_app_has_a_french_entry(self):
		messages = {
			message[1] for message in get_messages_for_app(APP) if not str(message[0]).startswith("Navbar")
		}
		self.assertGreater(len(messages), 300)
		self.assertEqual(sorted(messages - french_sources()), [], "add these to translations/fr.csv")

	def test_a_french_user_sees_french_labels_and_statements(self):
		frappe.translate.clear_cache()
		self.assertEqual(frappe._("Invoice Recipient", lang="fr"), "Contact de facturation")
		self.assertEqual(
			frappe._("Client Management Settings", lang="fr"), "Paramètres de gestion des clients"
		)

		client = create_client()
		create_sales_invoice(client.customer, rate=10)
		previous = frappe.local.lang
		frappe.local.lang = "fr"
		try:
			html = render_statement(
				build_statement(
					client.name,
					TEST_COMPANY,
					BALANCE_FORWARD,
					"2020-01-01",
					frappe.utils.today(),
				)
			)
		finally:
			frappe.local.lang = previous
		self.assertIn("Relevé (Solde reporté)", html)
		self.assertIn("Solde de clôture", html)
		self.assertIn("Solde d&#39;ouverture", html)
