"""The Client form runs the duplicate check again when a field the check compares changed (the
server's list, `duplicates.identity`), and only then."""

import frappe

from client_management.tests.e2e.conftest import admin_password, fill, fill_form, login, open_client
from client_management.tests.factories import create_client
from client_management.tests.sample_data import unique_paris_phone


def save(page):
	page.keyboard.press("Control+s")
	page.wait_for_function("() => !cur_frm.is_dirty() && !cur_frm.save_disabled")


def test_the_form_checks_duplicates_again_only_when_what_identifies_the_client_changed(page, committed):
	frappe.set_user("Administrator")
	client = create_client()  # a name, a domain and a phone of its own: no other client is like it
	committed.append(client)
	frappe.db.commit()
	checks = []
	page.on("request", lambda request: "find_duplicates" in request.url and checks.append(request.url))
	login(page, "Administrator", admin_password())
	open_client(page, client.name)

	fill(page, "website", "same-client.example.com")  # not what identifies a client
	save(page)
	assert checks == []

	phone = unique_paris_phone()
	fill_form(page, {"phone": phone}, table="contacts", idx=1)
	save(page)
	assert len(checks) == 1

	frappe.db.rollback()  # see what the browser saved
	saved = frappe.get_doc("Client", client.name)
	assert (saved.website, saved.contacts[0].phone) == (
		"https://same-client.example.com",
		phone.replace(" ", ""),
	)
