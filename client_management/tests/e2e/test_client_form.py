"""The Client form's own dialogs in a real browser: Add Contact, the Customer Portal section, Forget
Contact."""

import frappe
from frappe.utils import random_string

from client_management.tests.e2e.conftest import (
	admin_password,
	close_message,
	fill,
	form_menu,
	login,
	open_client,
	screenshot,
)
from client_management.tests.factories import create_client, use_test_outgoing_email
from client_management.tests.sample_data import own_email, typed_in_france, unique_paris_phone

DIALOG = ".modal.show"


def test_add_contact_dialog_saves_the_row_or_comes_back_with_the_servers_reason(page, committed):
	frappe.set_user("Administrator")
	# a name and a phone of this run: a client a killed run left behind is no duplicate of this one
	client = create_client(company_name=f"Browser Add Contact {random_string(6)}")
	phone = unique_paris_phone()
	committed.append(client)
	frappe.db.commit()
	login(page, "Administrator", admin_password())
	open_client(page, client.name)

	page.get_by_role("button", name="Add Contact").click()
	fill(page, "first_name", "Bruno", scope=DIALOG)
	fill(page, "last_name", "Comptable", scope=DIALOG)
	fill(page, "email", client.contacts[0].email, scope=DIALOG)  # taken: the server refuses it
	fill(page, "designation", "Comptable", scope=DIALOG)
	fill(page, "phone", typed_in_france(phone), scope=DIALOG)
	page.locator(DIALOG).get_by_role("checkbox", name="Invoice Recipient").check()
	page.locator(f"{DIALOG} .btn-primary").click()
	page.get_by_text("Each contact needs its own email").wait_for()
	close_message(page)  # read, the message is closed
	page.wait_for_function("() => cur_dialog && cur_dialog.title === 'Add Contact' && cur_dialog.display")
	assert page.evaluate("() => cur_frm.doc.contacts.length") == 1
	assert page.evaluate("() => cur_frm.doc.contacts[0].is_billing_contact") == 1

	bruno = "bruno.comptable@" + client.contacts[0].email.partition("@")[2]  # no other client's domain
	fill(page, "email", bruno, scope=DIALOG)
	screenshot(page, "desk-add-contact")
	page.locator(f"{DIALOG} .btn-primary").click()
	page.wait_for_function("() => cur_frm.doc.contacts.length === 2 && !cur_frm.is_dirty()")

	frappe.db.rollback()  # see what the browser saved
	saved = frappe.get_doc("Client", client.name)
	added = saved.contacts[1]
	assert (added.first_name, added.email, added.phone, added.is_billing_contact) == (
		"Bruno",
		bruno,
		phone.replace(" ", ""),
		1,
	)
	assert saved.contacts[0].is_billing_contact == 0  # one invoice recipient
	assert frappe.db.get_value("Contact", added.contact, "email_id") == bruno


def test_portal_section_adds_switches_and_deletes_portal_users(page, committed):
	frappe.set_user("Administrator")
	use_test_outgoing_email()
	email = own_email("sophie.section")  # no user or portal user a killed run left behind has it
	client = create_client(
		company_name="Browser Portal Section",
		contacts=[{"first_name": "Sophie", "last_name": "Section", "email": email}],
	)
	committed.append(client)
	frappe.db.commit()
	login(page, "Administrator", admin_password())
	open_client(page, client.name)

	section = page.locator('.frappe-control[data-fieldname="portal_users_html"]')
	section.get_by_text("No portal user yet.").wait_for()
	section.get_by_role("button", name="Add User").click()
	page.wait_for_function(
		"(email) => cur_dialog && cur_dialog.get_value('email') === email", arg=email
	)  # prefilled from the primary contact
	assert page.evaluate("() => cur_dialog.get_value('full_name')") == "Sophie Section"
	page.locator(f"{DIALOG} .btn-primary").click()
	row = section.locator("tr", has_text=email)
	row.wait_for()

	frappe.db.rollback()
	portal_user = frappe.get_doc("Customer Portal User", {"client": client.name})
	committed += [portal_user, frappe.get_doc("User", portal_user.user)]
	assert portal_user.enabled and portal_user.contact == client.contacts[0].contact
	assert frappe.db.exists(
		"Email Queue", {"reference_doctype": "Customer Portal User", "reference_name": portal_user.name}
	)  # the invitation
	screenshot(page, "desk-portal-section")

	row.locator(".portal-user-active input").uncheck()
	page.get_by_text("can no longer sign in").wait_for()
	frappe.db.rollback()
	assert frappe.db.get_value("Customer Portal User", portal_user.name, "enabled") == 0
	assert frappe.db.get_value("User", portal_user.user, "enabled") == 0

	row = section.locator("tr", has_text=email)
	row.get_by_role("button", name="Delete").click()
	page.locator(DIALOG).get_by_role("button", name="Yes").click()
	section.get_by_text("No portal user yet.").wait_for()
	frappe.db.rollback()
	assert not frappe.db.exists("Customer Portal User", portal_user.name)


def test_forget_contact_dialog_erases_the_contact_once_its_name_is_typed(page, committed):
	frappe.set_user("Administrator")
	kept, forgotten = own_email("kept.contact"), own_email("fanny.forget")  # no leftover Contact has them
	client = create_client(
		company_name="Browser Forget Contact",
		contacts=[
			{"first_name": "Kept", "last_name": "Contact", "email": kept},
			{"first_name": "Fanny", "last_name": "Forget", "email": forgotten},
		],
	)
	committed.append(client)
	frappe.db.commit()
	login(page, "Administrator", admin_password())
	open_client(page, client.name)

	form_menu(page, "Personal Data", "Forget Contact")
	page.locator(f"{DIALOG} select[data-fieldname='row']").select_option(value=client.contacts[1].name)
	page.locator(f"{DIALOG} .forget-contact-actions", has_text="contact row removed").wait_for()
	fill(page, "confirm_name", "Fanny", scope=DIALOG)
	page.locator(f"{DIALOG} .btn-danger").click()
	page.get_by_text("Type the contact's name, Fanny Forget, to confirm.").wait_for()
	close_message(page)
	assert (
		page.evaluate("() => cur_frm.doc.contacts.length") == 2
	)  # nothing erased, the dialog is still there
	fill(page, "confirm_name", "Fanny Forget", scope=DIALOG)
	screenshot(page, "desk-forget-contact")
	page.locator(f"{DIALOG} .btn-danger").click()
	page.wait_for_function("() => cur_frm.doc.contacts.length === 1 && !cur_frm.is_dirty()")

	frappe.db.rollback()  # see what the browser did
	saved = frappe.get_doc("Client", client.name)
	assert [row.email for row in saved.contacts] == [kept]
	assert (saved.contacts[0].is_primary, saved.contacts[0].is_billing_contact) == (1, 1)
	assert not frappe.db.exists("Contact", {"email_id": forgotten})
	erased = frappe.get_all("Contact", {"email_id": ("like", "deleted-contact-%")}, pluck="name")
	committed.extend(frappe._dict(doctype="Contact", name=name) for name in erased)
	note = frappe.get_last_doc("Comment", {"reference_name": client.name, "comment_type": "Info"})
	assert "erased the personal data" in note.content and "Fanny" not in note.content
