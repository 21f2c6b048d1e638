"""The statement reads like a business document: the company's letter head, address and tax id, the
client's tax id and VAT number, a Current bucket so the ageing adds up to the total due, the total
due at the top and the end, numbered pages, the client's print language."""

import io
import tempfile
from pathlib import Path

import frappe
from frappe.utils import add_days, flt, fmt_money, random_string, today

from client_management.statements import (
	AGEING_BUCKETS,
	CURRENT,
	OPEN_ITEM,
	build_statement,
	render_statement,
	statement_pdf,
)
from client_management.tests.e2e.conftest import CHROMIUM, SCREENSHOTS, missing_tool
from client_management.tests.factories import (
	TEST_COMPANY,
	ClientTestCase,
	create_client,
	create_sales_invoice,
)
from client_management.tests.sample_data import unique_french_vat


def days_from_today(n: int) -> str:
	return add_days(today(), n)


def pdf_pages(pdf: bytes) -> list[str]:
	from pypdf import PdfReader

	return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


class StatementDocumentCase(ClientTestCase):
	def setUp(self):
		self.company = TEST_COMPANY

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Company", self.company)  # what the test set on it is rolled back

	def dress_company(self) -> str:
		"""A letter head (Jinja and a script in it), an address and a tax id for the company."""
		name = f"Statement Test {random_string(6)}"
		letter_head = frappe.get_doc(
			{
				"doctype": "Letter Head",
				"name": name,
				"letter_head_name": name,
				"source": "HTML",
				"footer_source": "HTML",
				"content": (
					'<table style="width: 100%;"><tr><td>'
					'<div class="test-letter-head" style="font-size: 22px; font-weight: bold; color: #1f4e79;">'
					'{{ doc.company }}</div><div style="color: #555;">Conseil &amp; services</div></td>'
					'<td style="text-align: right; color: #555;">+33 1 23 45 67 89<br>compta@example.com</td>'
					"</tr></table><script>document.title = 'pwned'</script>"
				),
				"footer": '<p class="test-letter-foot">IBAN FR76 3000 6000 0112 3456 7890 189</p>',
			}
		)
		letter_head.db_insert()  # as saved by an admin; its on_update would clear the whole site cache
		frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": self.company,
				"address_type": "Billing",
				"address_line1": "8 quai du Commerce",
				"city": "Lyon",
				"pincode": "69009",
				"country": "France",
				"is_your_company_address": 1,
				"is_primary_address": 1,
				"links": [{"link_doctype": "Company", "link_name": self.company}],
			}
		).insert()
		frappe.db.set_value(
			"Company", self.company, {"default_letter_head": letter_head.name, "tax_id": "FR-COMPANY-TAX-42"}
		)
		frappe.clear_document_cache("Company", self.company)
		return letter_head.name

	def english_client(self, **values):
		client = create_client(**values)
		frappe.db.set_value("Customer", client.customer, "language", "en")
		return client


class TestStatementDocument(StatementDocumentCase):
	def test_the_ageing_buckets_add_up_to_the_total_due_with_what_is_not_yet_due_as_current(self):
		client = self.english_client()
		overdue = create_sales_invoice(
			client.customer,
			rate=100,
			posting_date=days_from_today(-50),
			due_date=days_from_today(-45),
			set_posting_time=1,
		)
		recent = create_sales_invoice(
			client.customer,
			rate=70,
			posting_date=days_from_today(-10),
			due_date=days_from_today(-5),
			set_posting_time=1,
		)
		not_yet_due = create_sales_invoice(client.customer, rate=200, due_date=days_from_today(20))

		statement = build_statement(client.name, self.company, OPEN_ITEM)

		self.assertEqual(
			{row["voucher_no"] for row in statement["rows"]}, {overdue.name, recent.name, not_yet_due.name}
		)
		self.assertEqual(flt(statement["total"]), 370)
		self.assertEqual(
			flt(sum(statement["ageing"][label] for label in AGEING_BUCKETS)), flt(statement["total"])
		)
		self.assertEqual(
			{label: flt(statement["ageing"][label]) for label in AGEING_BUCKETS},
			{CURRENT: 200, "1-30": 70, "31-60": 100, "61-90": 0, "90+": 0},
		)

		# a statement dated before the recent invoice fell due ages as of its own date
		earlier = build_statement(client.name, self.company, OPEN_ITEM, statement_date=days_from_today(-7))
		self.assertEqual(flt(earlier["total"]), 170)
		self.assertEqual(flt(earlier["ageing"][CURRENT]), 70)
		self.assertEqual(flt(earlier["ageing"]["31-60"]), 100)
		self.assertEqual(flt(sum(earlier["ageing"][label] for label in AGEING_BUCKETS)), 170)

		html = render_statement(statement)
		self.assertIn("<th>Current</th>", html)

	def test_sender_and_recipient_with_letter_head_address_and_tax_ids(self):
		self.dress_company()
		vat = unique_french_vat()
		client = self.english_client(tax_id=f"TAX{random_string(8).upper()}", vat_number=vat)
		create_sales_invoice(client.customer, rate=120)

		html = render_statement(build_statement(client.name, self.company, OPEN_ITEM))

		self.assertIn(
			f'<div class="test-letter-head" style="font-size: 22px; font-weight: bold; color: #1f4e79;">{self.company}</div>',
			html,
		)
		self.assertIn("test-letter-foot", html)
		self.assertNotIn("pwned", html)  # scripts of the letter head are dropped
		self.assertIn("8 quai du Commerce", html)
		self.assertIn("69009 Lyon", html)
		self.assertIn("Tax ID: FR-COMPANY-TAX-42", html)
		self.assertIn(f"Tax ID: {client.tax_id}", html)
		self.assertIn(f"VAT Number: {vat}", html)
		self.assertIn(f"Client Number: {client.name}", html)

	def test_the_total_due_stands_out_at_the_top_and_at_the_end(self):
		client = self.english_client()
		create_sales_invoice(client.customer, rate=345)
		statement = build_statement(client.name, self.company, OPEN_ITEM)
		html = render_statement(statement)
		total = fmt_money(345, currency=statement["currency"])

		top, end = html.split("statement-total-due")[-2:]  # the box by the addresses, the last line
		self.assertEqual(html.count('class="statement-total-due"'), 1)
		self.assertIn("Total Due", top)
		self.assertIn(total, top)
		self.assertIn(f"Total Due: {total}", end)
		self.assertLess(html.index('class="statement-total-due"'), html.index('statement-lines"'))
		self.assertIn(".statement-total-due { font-size: 16px; font-weight: bold; }", html)

	def test_no_letter_head_prints_the_company_name_as_the_header(self):
		frappe.db.set_value("Company", self.company, "default_letter_head", None)
		frappe.db.set_value("Letter Head", {"is_default": 1}, "is_default", 0)
		frappe.clear_document_cache("Company", self.company)
		client = self.english_client()

		statement = build_statement(client.name, self.company, OPEN_ITEM)

		self.assertEqual(statement["letter_head"], {})
		self.assertIn(
			f'<div style="font-size: 20px; font-weight: bold;">{self.company}</div>',
			render_statement(statement),
		)

	def test_a_letter_head_reaching_outside_its_sandbox_is_not_rendered(self):
		name = self.dress_company()
		frappe.db.set_value("Letter Head", name, "content", "<p>{{ frappe.db.sql('select 1') }}</p>")
		client = self.english_client()

		statement = build_statement(client.name, self.company, OPEN_ITEM)

		self.assertEqual(statement["letter_head"], {})
		self.assertIn(
			f'<div style="font-size: 20px; font-weight: bold;">{self.company}</div>',
			render_statement(statement),
		)


class TestStatementLanguage(StatementDocumentCase):
	def test_a_french_client_gets_a_french_statement_and_an_english_one_an_english_statement(self):
		frappe.translate.clear_cache()
		french = create_client()
		frappe.db.set_value("Customer", french.customer, "language", "fr")
		english = self.english_client()
		for client in (french, english):
			create_sales_invoice(client.customer, rate=50, due_date=days_from_today(10))
		language_before = frappe.local.lang

		french_statement = build_statement(french.name, self.company, OPEN_ITEM)
		french_html = render_statement(french_statement)
		french_pdf = pdf_pages(statement_pdf(french_statement))
		english_statement = build_statement(english.name, self.company, OPEN_ITEM)
		english_html = render_statement(english_statement)
		english_pdf = pdf_pages(statement_pdf(english_statement))

		self.assertEqual(frappe.local.lang, language_before)
		self.assertEqual((french_statement["language"], english_statement["language"]), ("fr", "en"))
		for french_label in ("Relevé (Postes ouverts)", "Date du relevé", "Total dû", "Non échu"):
			self.assertIn(french_label, french_html)
			self.assertNotIn(french_label, english_html)
		for english_label in ("Statement Date", "Total Due", "Current"):
			self.assertIn(english_label, english_html)
		self.assertIn("Page 1 sur 1", french_pdf[0])
		self.assertIn("Date du relevé", french_pdf[0])
		self.assertIn("Page 1 of 1", english_pdf[0])
		self.assertNotIn("Date du relevé", english_pdf[0])

	def test_without_a_chosen_print_language_the_statement_is_in_the_language_of_whoever_prints_it(self):
		client = create_client()
		create_sales_invoice(client.customer, rate=50)
		site_language = frappe.db.get_default("lang") or "en"
		self.assertNotEqual(site_language, "fr")
		previous = frappe.local.lang
		for language in (None, site_language):  # none, or the one ERPNext fills into new customers
			frappe.db.set_value("Customer", client.customer, "language", language)
			frappe.local.lang = "fr"
			try:
				statement = build_statement(client.name, self.company, OPEN_ITEM)
			finally:
				frappe.local.lang = previous
			self.assertEqual(statement["language"], "fr")
			self.assertIn("Date du relevé", render_statement(statement))  # rendered in French all the same
			self.assertEqual(frappe.local.lang, previous)


class TestLongStatement(StatementDocumentCase):
	def test_a_long_statement_has_numbered_pages(self):
		self.dress_company()
		client = self.english_client(tax_id=f"TAX{random_string(8).upper()}", vat_number=unique_french_vat())
		for day in range(60):
			create_sales_invoice(
				client.customer,
				rate=100 + day,
				posting_date=days_from_today(-120 + day),
				due_date=days_from_today(-90 + 2 * day),
				set_posting_time=1,
			)
		statement = build_statement(client.name, self.company, OPEN_ITEM)
		self.assertEqual(len(statement["rows"]), 60)
		self.assertEqual(flt(sum(statement["ageing"].values())), flt(statement["total"]))

		pdf = statement_pdf(statement)
		pages = pdf_pages(pdf)

		self.assertGreaterEqual(len(pages), 2)
		for number, text in enumerate(pages, 1):
			self.assertIn(f"Page {number} of {len(pages)}", text)

		if reason := missing_tool():
			self.skipTest(f"no picture of the PDF: {reason}")
		save_first_page(pdf, SCREENSHOTS / "statement-pdf.png")


def save_first_page(pdf: bytes, path: Path):
	"""The PDF's first page as a PNG, as Chromium's PDF viewer shows it (what the browser tier uses)."""
	from playwright.sync_api import sync_playwright

	path.parent.mkdir(parents=True, exist_ok=True)
	with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
		pdf_path = Path(folder, "statement.pdf")
		pdf_path.write_bytes(pdf)
		browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
		try:
			page = browser.new_page(viewport={"width": 900, "height": 1240})
			page.goto(f"{pdf_path.as_uri()}#toolbar=0&navpanes=0&view=FitH")
			page.wait_for_timeout(2000)
			page.screenshot(path=str(path))
		finally:
			browser.close()
