"""Send Follow-up Now on the Client form, in a browser: the level the run would send and its letter, then
sent by the run."""

import re
from urllib.parse import quote

import frappe

from client_management.constants.follow_ups import SENT
from client_management.tests.e2e.conftest import admin_password, login, open_client, screenshot
from client_management.tests.factories import create_overdue_invoice, use_test_outgoing_email
from client_management.tests.test_follow_ups import (
	company_levels,
	follow_up_client,
	follow_ups_of,
	remove_follow_up_records,
)

DIALOG = ".modal.show"


def test_desk_send_follow_up_now_shows_the_level_and_its_letter_then_sends_it(page):
	frappe.set_user("Administrator")
	use_test_outgoing_email()
	first, second, *_ = company_levels()
	client = follow_up_client("Browser")
	try:
		oldest = create_overdue_invoice(client.customer, second.days_overdue + 4, rate=240)
		newest = create_overdue_invoice(client.customer, first.days_overdue + 2, rate=120)
		frappe.db.commit()

		login(page, "Administrator", admin_password())
		open_client(page, client.name)
		page.locator(f'.page-actions button[data-label="{quote("Send Follow-up Now")}"]:visible').click()
		dialog = page.locator(DIALOG)
		dialog.locator(".follow-up-letter-preview").wait_for()
		text = dialog.inner_text()
		assert second.label().lower() in text.lower()  # levels passed at once: the highest
		assert oldest.name in text and newest.name in text
		assert f"Dear {client.company_name}" in text
		screenshot(page, "desk-follow-up-now")

		dialog.locator(".btn-modal-primary").click()  # Send
		page.locator(".desk-alert:has-text('Follow-up sent')").wait_for()
		frappe.db.rollback()  # see what the browser sent
		(dunning,) = follow_ups_of(client.customer)
		assert (dunning.follow_up_level, dunning.follow_up_email) == (second.number, SENT)

		# the e-mail as sent, on the Dunning's timeline: subject, letter, the Dunning's PDF attached
		subject = frappe.db.get_value(
			"Communication", {"reference_doctype": "Dunning", "reference_name": dunning.name}, "subject"
		)
		page.goto(f"/app/dunning/{dunning.name}")
		sent = page.locator(f'.timeline-item:has-text("{subject}")').first
		sent.wait_for()
		sent.scroll_into_view_if_needed()
		text = sent.inner_text()
		assert f"Dear {client.company_name}" in text and oldest.name in text, text
		assert re.search(rf"{dunning.name}[-\w]*\.pdf", text), text  # Frappe may suffix a file name
		screenshot(page, "desk-dunning-email")
	finally:
		remove_follow_up_records([client.customer])
