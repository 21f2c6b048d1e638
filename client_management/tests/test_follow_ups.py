"""Follow-ups of overdue invoices: `bench send-follow-ups` run as an admin runs it (a new process, against
committed data, removed afterwards), Send Follow-up Now as each role calls it, the hold, the install's
levels."""

import json

import frappe
from frappe.tests.utils import change_settings
from frappe.utils import add_days, fmt_money, random_string, today

from client_management.api.client import make_payment
from client_management.api.follow_ups import preview_follow_up, send_follow_up_now
from client_management.constants import CLIENT_MANAGER, SETTINGS
from client_management.constants.follow_ups import DEFAULT_LEVELS, SENT, TO_SEND
from client_management.follow_ups.dunning import make_dunning
from client_management.follow_ups.hold import hold_notice
from client_management.follow_ups.levels import levels_by_company
from client_management.follow_ups.run import enqueue_follow_ups, plan, send_follow_ups, send_one
from client_management.setup.follow_ups import create_follow_up_levels
from client_management.tests.factories import (
	TEST_COMPANY,
	ClientTestCase,
	bench,
	create_client,
	create_company,
	create_overdue_invoice,
	create_sales_invoice,
	ensure_user,
	remove_committed,
	remove_mails_and_files,
	use_test_outgoing_email,
)
from client_management.tests.sample_data import own_email
from client_management.utils.exceptions import ClientOnHoldError

TAG = random_string(6).lower()


def company_levels():
	"""The tests' company's levels, as install makes them (make_test_records runs its step)."""
	levels = levels_by_company()[TEST_COMPANY]
	assert len(levels) >= 3 and levels[-1].hold, levels
	return levels


def follow_up_client(name: str, **values):
	"""A client with an invoice recipient and a second contact, who is copied."""
	return create_client(
		company_name=f"Follow-up {TAG} {name}",
		contacts=[
			{"first_name": "Anne", "last_name": name, "email": own_email("anne"), "is_billing_contact": 1},
			{"first_name": "Paul", "last_name": name, "email": own_email("paul")},
		],
		**values,
	)


def follow_ups_of(customer: str) -> list:
	return frappe.get_all(
		"Dunning",
		{"customer": customer, "docstatus": 1},
		["name", "follow_up_level", "follow_up_email", "status", "dunning_type"],
		order_by="creation",
	)


def invoices_of(dunning: str) -> list[str]:
	return sorted(frappe.get_all("Overdue Payment", {"parent": dunning}, pluck="sales_invoice"))


def mails_of(dunning: str) -> list:
	return frappe.get_all(
		"Email Queue",
		{"reference_doctype": "Dunning", "reference_name": dunning},
		["name", "attachments", "message"],
	)


def recipients_of(mail: str) -> set[str]:
	return set(frappe.get_all("Email Queue Recipient", {"parent": mail}, pluck="recipient"))


def attached_files(mail) -> list:
	"""The mail's attachments: the File rows its Communication holds."""
	ids = [attachment["fid"] for attachment in json.loads(mail.attachments) if attachment.get("fid")]
	return frappe.get_all("File", {"name": ("in", ids)}, ["name", "file_name"])


def remove_follow_up_records(customers: list[str]):
	"""Everything a follow-up test committed for these customers: Dunnings and their mails, payments,
	invoices and their ledger, statement logs, the clients."""
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for dunning in frappe.get_all("Dunning", {"customer": ("in", customers)}, pluck="name"):
		remove_mails_and_files("Dunning", dunning)
		frappe.db.delete("Overdue Payment", {"parent": dunning})
		frappe.db.delete("Dunning", {"name": dunning})
	for doctype, party in (("Payment Entry", "party"), ("Sales Invoice", "customer")):
		for doc in frappe.get_all(
			doctype, {party: ("in", customers)}, ["name", "docstatus"], order_by="creation desc"
		):
			remove_committed(doctype, doc.name)
	clients = frappe.get_all("Client", {"customer": ("in", customers)}, pluck="name")
	for log in frappe.get_all("Statement Log", {"client": ("in", clients)}, pluck="name"):
		frappe.delete_doc("Statement Log", log, force=True, ignore_permissions=True)
	for client in clients:
		frappe.db.delete("Error Log", {"method": ("like", f"%{client}%")})
		frappe.delete_doc("Client", client, force=True)
	frappe.db.commit()


class TestSendFollowUps(ClientTestCase):
	"""`bench send-follow-ups` in a new process, always limited to the test's own clients."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		use_test_outgoing_email()
		frappe.db.commit()
		cls.levels = company_levels()

	def setUp(self):
		self.customers = []
		self.addCleanup(lambda: remove_follow_up_records(self.customers))

	def client_owing(self, name: str, *days_overdue: int, **values):
		"""A committed client with one invoice of 100 per `days_overdue`."""
		client = follow_up_client(name, **values)
		self.customers.append(client.customer)
		invoices = [create_overdue_invoice(client.customer, days) for days in days_overdue]
		frappe.db.commit()
		return client, invoices

	def run_bench(self, *clients, dry_run: bool = False, exit_code: int = 0) -> str:
		args = [arg for client in clients for arg in ("--client", client.name)]
		result = bench(
			"send-follow-ups", "--company", TEST_COMPANY, *args, *(["--dry-run"] if dry_run else [])
		)
		self.assertEqual(result.returncode, exit_code, f"{result.stdout[-2000:]}{result.stderr[-3000:]}")
		return result.stdout

	def test_a_dry_run_writes_nothing_a_run_sends_one_dunning_per_client_and_level_a_second_run_nothing(self):
		first, second, *_ = self.levels
		# one invoice past the first level; two invoices past the first level, the oldest past the second
		one, (invoice,) = self.client_owing("One", first.days_overdue + 3)
		both, invoices = self.client_owing("Both", second.days_overdue + 5, first.days_overdue + 1)
		errors = frappe.db.count("Error Log")

		out = self.run_bench(one, both, dry_run=True)
		self.assertIn(f"{one.name} ({TEST_COMPANY}): would send {first.label()}: 1 invoice(s)", out)
		self.assertIn(f"{both.name} ({TEST_COMPANY}): would send {second.label()}: 2 invoice(s)", out)
		self.assertIn(one.contacts[0].email, out)
		self.assertIn("dry run: 2 follow-up(s) to send, nothing written", out)
		self.assertEqual(follow_ups_of(one.customer) + follow_ups_of(both.customer), [])
		self.assertFalse(frappe.get_all("Dunning", {"customer": ("in", self.customers)}))
		self.assertFalse(
			frappe.get_all(
				"Comment",
				{"reference_name": ("in", [one.name, both.name]), "content": ("like", "%/app/dunning/%")},
			)
		)
		self.assertEqual(frappe.db.count("Error Log"), errors)

		out = self.run_bench(one, both)
		self.assertIn("2 follow-up(s) sent, 0 client(s) failed", out)
		(made,) = follow_ups_of(one.customer)
		self.assertEqual(
			(made.follow_up_level, made.follow_up_email, made.status, made.dunning_type),
			(1, SENT, "Unresolved", first.dunning_type),
		)
		self.assertEqual(invoices_of(made.name), [invoice.name])
		self.assertIn(f"{one.name} ({TEST_COMPANY}): {made.name} sent to {one.contacts[0].email}", out)
		(mail,) = mails_of(made.name)
		self.assertEqual(recipients_of(mail.name), {row.email for row in one.contacts})  # the other in CC
		self.assertIn(invoice.name, mail.message)
		(pdf,) = attached_files(mail)  # the first level attaches no statement
		self.assertTrue(pdf.file_name.startswith(made.name) and pdf.file_name.endswith(".pdf"))
		self.assertTrue(frappe.get_doc("File", pdf.name).get_content().startswith(b"%PDF"))
		self.assertTrue(
			frappe.get_all(
				"Comment",
				{
					"reference_doctype": "Client",
					"reference_name": one.name,
					"content": ("like", f"%{made.name}%"),
				},
			)
		)

		# levels passed at once: only the highest, with every overdue invoice
		(highest,) = follow_ups_of(both.customer)
		self.assertEqual((highest.follow_up_level, highest.dunning_type), (2, second.dunning_type))
		self.assertEqual(invoices_of(highest.name), sorted(i.name for i in invoices))
		(mail,) = mails_of(highest.name)
		self.assertEqual(len(attached_files(mail)), 2)  # its level attaches the open-item statement
		self.assertEqual(
			frappe.db.count("Statement Log", {"client": both.name, "statement_type": "Open Item"}), 1
		)

		out = self.run_bench(one, both)
		self.assertIn("0 follow-up(s) sent, 0 client(s) failed", out)
		self.assertEqual(len(follow_ups_of(one.customer) + follow_ups_of(both.customer)), 2)
		self.assertEqual(len(mails_of(made.name) + mails_of(highest.name)), 2)

	def test_a_run_stopped_after_its_dunning_mails_it_once_and_never_makes_it_again(self):
		client, _invoices = self.client_owing("Stopped", self.levels[0].days_overdue + 2)
		dunning = make_dunning(client.customer, TEST_COMPANY, self.levels[0])  # made, then the run stopped
		frappe.db.commit()
		self.assertEqual(dunning.follow_up_email, TO_SEND)

		out = self.run_bench(client)
		self.assertIn(f"{client.name} ({TEST_COMPANY}): {dunning.name} sent to", out)
		self.assertEqual([row.name for row in follow_ups_of(client.customer)], [dunning.name])
		self.assertEqual(frappe.db.get_value("Dunning", dunning.name, "follow_up_email"), SENT)
		self.assertEqual(len(mails_of(dunning.name)), 1)

		self.assertIn("0 follow-up(s) sent", self.run_bench(client))
		self.assertEqual(len(mails_of(dunning.name)), 1)

	def test_a_failing_client_is_logged_and_the_others_go_on(self):
		failing, _ = self.client_owing("Failing", self.levels[0].days_overdue + 2)
		working, _ = self.client_owing("Working", self.levels[0].days_overdue + 2)
		for row in failing.contacts:  # contacts forgotten since: no one to mail
			frappe.db.set_value(
				"Client Contact", row.name, "email", f"deleted-contact-{row.name}@example.invalid"
			)
		frappe.db.commit()

		out = self.run_bench(failing, working, exit_code=1)
		self.assertIn(f"{failing.name} ({TEST_COMPANY}): not sent:", out)
		self.assertIn("1 follow-up(s) sent, 1 client(s) failed", out)
		self.assertEqual(follow_ups_of(working.customer)[0].follow_up_email, SENT)
		(kept,) = follow_ups_of(failing.customer)  # made: its e-mail waits for the next run
		self.assertEqual(kept.follow_up_email, TO_SEND)
		self.assertTrue(
			frappe.db.exists("Error Log", {"method": f"Follow-up of client {failing.name} not sent"})
		)

		self.run_bench(failing, exit_code=1)
		self.assertEqual([row.name for row in follow_ups_of(failing.customer)], [kept.name])

	def test_paused_clients_get_nothing_until_the_pause_ends(self):
		client, _ = self.client_owing(
			"Paused", self.levels[0].days_overdue + 2, pause_follow_ups_until=add_days(today(), 3)
		)
		self.assertIn("0 follow-up(s) sent", self.run_bench(client))
		self.assertEqual(follow_ups_of(client.customer), [])

		frappe.db.set_value("Client", client.name, "pause_follow_ups_until", add_days(today(), -1))
		frappe.db.commit()
		self.assertIn("1 follow-up(s) sent", self.run_bench(client))
		self.assertEqual(len(follow_ups_of(client.customer)), 1)

	def test_the_final_level_holds_the_client_until_paid_and_erpnext_resolves_its_dunning(self):
		final = self.levels[-1]
		client, (invoice,) = self.client_owing("Held", final.days_overdue + 5)
		self.run_bench(client)
		(dunning,) = follow_ups_of(client.customer)
		self.assertEqual(dunning.follow_up_level, final.number)
		client.reload()
		self.assertTrue(client.follow_up_hold)

		amount = fmt_money(invoice.outstanding_amount, currency=invoice.currency)
		with self.assertRaises(ClientOnHoldError) as refused:
			create_sales_invoice(client.customer, rate=50)
		self.assertIn(client.company_name, str(refused.exception))
		self.assertIn(amount, str(refused.exception))
		self.assertIn(amount, hold_notice(client))
		frappe.db.rollback()

		make_payment(client.name, {invoice.name: invoice.outstanding_amount}, "Cash")
		frappe.db.commit()
		self.assertEqual(frappe.db.get_value("Dunning", dunning.name, "status"), "Resolved")  # ERPNext's
		self.assertFalse(frappe.db.get_value("Client", client.name, "follow_up_hold"))
		self.assertEqual(create_sales_invoice(client.customer, rate=50).docstatus, 1)
		frappe.db.commit()
		self.assertIn("0 follow-up(s) sent", self.run_bench(client))

	def test_an_unknown_client_or_company_is_an_error_naming_it(self):
		unknown = bench("send-follow-ups", "--client", f"CL-NOPE-{TAG}")
		self.assertNotEqual(unknown.returncode, 0)
		self.assertIn(f"unknown client: CL-NOPE-{TAG}", unknown.stdout + unknown.stderr)
		unknown = bench("send-follow-ups", "--company", f"Nope {TAG}")
		self.assertNotEqual(unknown.returncode, 0)
		self.assertIn(f"unknown company: Nope {TAG}", unknown.stdout + unknown.stderr)


class TestSendFollowUpNow(ClientTestCase):
	"""The client form's Send Follow-up Now, as each role calls it (rolled back)."""

	def setUp(self):
		use_test_outgoing_email()
		self.levels = company_levels()
		self.client = follow_up_client(f"Now {random_string(4)}")
		self.invoice = create_overdue_invoice(self.client.customer, self.levels[0].days_overdue + 1)

	def test_a_sales_user_is_refused(self):
		frappe.set_user(ensure_user(f"follow-up-sales-{TAG}@example.com", ["Sales User"]))
		with self.assertRaises(frappe.PermissionError):
			preview_follow_up(self.client.name)
		with self.assertRaises(frappe.PermissionError):
			send_follow_up_now(self.client.name)
		frappe.set_user("Administrator")
		self.assertEqual(follow_ups_of(self.client.customer), [])

	def test_an_accounts_user_previews_the_level_and_its_letter_then_sends_it_through_the_run(self):
		frappe.set_user(ensure_user(f"follow-up-accounts-{TAG}@example.com", ["Accounts User"]))
		(shown,) = preview_follow_up(self.client.name)["follow_ups"]
		self.assertIn(self.levels[0].label().lower(), shown["summary"].lower())
		self.assertEqual(shown["to"], [self.client.contacts[0].email])
		self.assertIn(self.invoice.name, shown["letter"])
		self.assertIn(f"Dear {self.client.company_name}", shown["letter"])
		self.assertEqual(follow_ups_of(self.client.customer), [])  # a preview writes nothing

		result = send_follow_up_now(self.client.name)
		self.assertEqual((result["sent"], result["failed"]), (1, 0), result["lines"])
		frappe.set_user("Administrator")
		(dunning,) = follow_ups_of(self.client.customer)
		self.assertEqual((dunning.follow_up_level, dunning.follow_up_email), (1, SENT))
		self.assertEqual(len(mails_of(dunning.name)), 1)

	def test_a_run_working_from_a_plan_read_before_another_run_sent_makes_and_mails_nothing(self):
		"""Two runs at once (the daily job and Send Follow-up Now): the second reads what is due again
		under the client's lock, after the first committed its Dunning and its e-mail."""
		(stale,) = plan([self.client.name], TEST_COMPANY)
		self.assertEqual(send_follow_ups([self.client.name], commit=False, report=print)["sent"], 1)
		lines = []
		self.assertIsNone(send_one(stale, dry_run=False, report=lines.append, commit=False))
		self.assertIn("another run followed it up meanwhile", lines[-1])
		(dunning,) = follow_ups_of(self.client.customer)
		self.assertEqual(len(mails_of(dunning.name)), 1)
		# the same for a Dunning made and not yet mailed when the plan was read
		frappe.db.set_value("Dunning", dunning.name, "follow_up_email", TO_SEND)
		(pending,) = plan([self.client.name], TEST_COMPANY)
		self.assertEqual(pending.dunning, dunning.name)
		self.assertTrue(send_one(pending, dry_run=False, report=lines.append, commit=False))
		self.assertIsNone(send_one(pending, dry_run=False, report=lines.append, commit=False))
		self.assertEqual(len(mails_of(dunning.name)), 2)  # the first, then the one it was pending for
		self.assertEqual(follow_ups_of(self.client.customer), [dunning])

	def test_a_client_manager_sends_before_the_first_level_and_despite_a_pause(self):
		client = follow_up_client(f"Early {random_string(4)}", pause_follow_ups_until=add_days(today(), 5))
		create_overdue_invoice(client.customer, 1)  # not yet at the first level
		frappe.set_user(ensure_user(f"follow-up-manager-{TAG}@example.com", [CLIENT_MANAGER]))
		preview = preview_follow_up(client.name)
		self.assertEqual(str(preview["paused_until"]), add_days(today(), 5))
		self.assertIn(self.levels[0].label().lower(), preview["follow_ups"][0]["summary"].lower())
		result = send_follow_up_now(client.name)
		self.assertEqual(result["sent"], 1, result["lines"])
		frappe.set_user("Administrator")
		self.assertEqual(len(follow_ups_of(client.customer)), 1)
		self.assertEqual(preview_follow_up(client.name)["follow_ups"], [])  # sent: nothing more now

	def test_a_french_customer_gets_the_french_letter(self):
		frappe.db.set_value("Customer", self.client.customer, "language", "fr")
		(shown,) = preview_follow_up(self.client.name)["follow_ups"]
		self.assertIn(f"Bonjour {self.client.company_name}", shown["letter"])
		self.assertIn("Échéance", shown["letter"])
		self.assertIn("Jours de retard", shown["letter"])


class TestHold(ClientTestCase):
	def test_the_hold_is_never_input_and_a_credit_note_lifts_it(self):
		from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

		client = follow_up_client(f"Hold {random_string(4)}")
		client.follow_up_hold = 1
		client.save()
		self.assertFalse(frappe.db.get_value("Client", client.name, "follow_up_hold"))

		invoice = create_overdue_invoice(client.customer, 70)
		frappe.db.set_value("Client", client.name, "follow_up_hold", 1)  # as the final level sets it

		def new_order():
			return frappe.get_doc(
				{
					"doctype": "Sales Order",
					"customer": client.customer,
					"company": TEST_COMPANY,
					"delivery_date": today(),
					"items": [{"item_code": invoice.items[0].item_code, "qty": 1, "rate": 10}],
				}
			).insert()

		self.assertRaises(ClientOnHoldError, new_order)
		credit_note = make_sales_return(invoice.name)
		credit_note.update_outstanding_for_self = 0  # against the invoice: nothing overdue any more
		credit_note.submit()
		self.assertFalse(frappe.db.get_value("Client", client.name, "follow_up_hold"))
		self.assertEqual(new_order().docstatus, 0)


class TestFollowUpSetup(ClientTestCase):
	def test_install_makes_three_levels_with_their_dunning_types_once(self):
		create_follow_up_levels()
		create_follow_up_levels()
		levels = company_levels()
		self.assertEqual(
			[(level.days_overdue, level.hold) for level in levels],
			[(default.days_overdue, default.hold) for default in DEFAULT_LEVELS],
		)
		for level in levels:
			dunning_type = frappe.get_doc("Dunning Type", level.dunning_type)
			self.assertEqual(
				(dunning_type.company, dunning_type.dunning_fee, dunning_type.rate_of_interest),
				(TEST_COMPANY, 0, 0),
			)
			self.assertEqual(sorted(row.language for row in dunning_type.dunning_letter_text), ["en", "fr"])

	def test_a_company_made_after_install_gets_its_levels(self):
		company = create_company(f"Later Company {random_string(5)}", random_string(4).upper())
		levels = levels_by_company().get(company, [])
		self.assertEqual([level.days_overdue for level in levels], [d.days_overdue for d in DEFAULT_LEVELS])
		self.assertEqual(
			{frappe.db.get_value("Dunning Type", level.dunning_type, "company") for level in levels},
			{company},
		)

	def test_levels_refuse_a_dunning_type_of_another_company(self):
		settings = frappe.get_doc(SETTINGS)
		other = frappe.get_all("Dunning Type", {"company": ("!=", TEST_COMPANY)}, pluck="name", limit=1)
		row = settings.follow_up_levels[0]
		row.dunning_type = other[0] if other else "No Such Type"
		self.assertRaises(frappe.ValidationError, settings.save)

	@change_settings(SETTINGS, send_follow_ups_daily=0)
	def test_the_daily_run_is_off_until_switched_on(self):
		client = follow_up_client(f"Daily {random_string(4)}")
		create_overdue_invoice(client.customer, company_levels()[0].days_overdue + 1)
		self.assertEqual(enqueue_follow_ups(), [])
		frappe.db.set_single_value(SETTINGS, "send_follow_ups_daily", 1)
		# its jobs would be queued on commit; the test rolls back
		self.assertIn(client.name, [name for chunk in enqueue_follow_ups() for name in chunk])
