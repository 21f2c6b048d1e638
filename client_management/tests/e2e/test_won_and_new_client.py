"""Won deals and new clients in a real browser: Mark as Won on the Opportunity, the Client list's
new-client popup (duplicate warning, a refusal that keeps what was typed, Edit Full Form)."""

import secrets

import frappe
from frappe.utils import random_string

from client_management.constants import WON_SALES_STAGE
from client_management.tests.e2e.conftest import (
	admin_password,
	close_message,
	fill,
	login,
	open_list,
	screenshot,
)
from client_management.tests.factories import (
	create_client,
	create_lead,
	create_opportunity,
	ensure_lead_source,
)
from client_management.tests.sample_data import unique_french_vat

POPUP = ".modal.show:has(.modal-title:text-is('New Client'))"


def test_mark_as_won_makes_the_client_and_shows_it(page, committed):
	frappe.set_user("Administrator")
	lead = create_lead(company_name=f"Browser Mark Won {random_string(5)} SARL")
	opportunity = create_opportunity("Lead", lead.name)
	committed += [lead, opportunity]
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	page.goto(f"/app/opportunity/{opportunity.name}")
	page.get_by_role("button", name="Mark as Won").click()
	alert = page.locator("#alert-container").get_by_text("Marked as won: client")
	alert.wait_for()
	page.wait_for_function(
		"(stage) => cur_frm.doc.sales_stage === stage && cur_frm.doc.client && !cur_frm.is_dirty()",
		arg=WON_SALES_STAGE,
	)
	screenshot(page, "desk-mark-as-won")

	frappe.db.rollback()  # see what the browser saved
	[client] = frappe.get_all("Client", {"opportunity": opportunity.name}, ["name", "company_name"])
	committed.append(frappe.get_doc("Client", client.name))  # removed before the opportunity
	assert client.company_name == lead.company_name
	assert client.name in alert.inner_text()
	assert page.evaluate("() => cur_frm.doc.client") == client.name
	assert page.get_by_role("button", name="Mark as Won").count() == 0  # won: the button is gone

	alert.get_by_role("link").click()  # the alert's link opens the client
	page.wait_for_function(
		"(name) => cur_frm && cur_frm.doctype === 'Client' && cur_frm.docname === name", arg=client.name
	)


def open_new_client_popup(page):
	open_list(page, "client")
	page.locator(".page-head:visible .primary-action").click()  # "Add Client"
	page.wait_for_function(
		"() => window.cur_dialog && cur_dialog.title === 'New Client' && cur_dialog.display"
	)


def fill_popup(page, values: dict[str, str]):
	for fieldname, value in values.items():
		fill(page, fieldname, value, scope=POPUP)


def popup_values(
	company_name: str, email: str, vat_number: str, phone: str = "04 78 00 00 00"
) -> dict[str, str]:
	"""What a user types: every field the settings require (state, postal code, phone, designation,
	a tax id or VAT number) besides the form's own mandatory fields."""
	return {
		"company_name": company_name,
		"lead_source": ensure_lead_source(),
		"first_name": "Jeanne",
		"last_name": "Moreau",
		"email": email,
		"phone": phone,
		"designation": "Gérante",
		"address_line1": "3 quai Saint-Vincent",
		"city": "Lyon",
		"state": "Auvergne-Rhône-Alpes",
		"pincode": "69002",
		"country": "France",
		"vat_number": vat_number,
	}


def saved_client(page, company_name: str, committed):
	"""Once the popup has closed on the alert: the client the browser saved (removed afterwards)."""
	page.locator("#alert-container").get_by_text("was created").wait_for()
	page.locator(POPUP).wait_for(state="hidden")
	frappe.db.rollback()  # see what the browser saved
	name = frappe.db.get_value("Client", {"company_name": company_name})
	assert name, f"no client {company_name} was saved"
	client = frappe.get_doc("Client", name)
	committed.append(client)
	return client


def test_new_client_popup_creates_the_client_and_stays_on_the_list(page, committed):
	company_name = f"Browser Popup {random_string(6)} SAS"
	vat = unique_french_vat()
	digits = f"{secrets.randbelow(10**6):06d}"
	phone = f"04 78 {digits[:2]} {digits[2:4]} {digits[4:]}"  # nothing on the site looks like this client
	login(page, "Administrator", admin_password())
	open_new_client_popup(page)
	assert page.evaluate("() => cur_dialog.get_value('client_owner')") == "Administrator"  # defaults
	assert page.evaluate("() => cur_dialog.get_value('inquiry_date')") == page.evaluate(
		"() => frappe.datetime.get_today()"
	)
	fill_popup(page, popup_values(company_name, f"jeanne@{company_name.split()[2].lower()}.fr", vat, phone))
	page.set_viewport_size({"width": 1400, "height": 1250})  # the whole popup in the picture
	page.evaluate("() => cur_dialog.$wrapper.scrollTop(0)")
	screenshot(page, "desk-popup-new-client")
	page.evaluate("() => cur_list.refresh()")  # a list loaded just now: Frappe throttles the next refresh
	page.locator(f"{POPUP} .btn-primary").click()

	client = saved_client(page, company_name, committed)
	assert "/app/client" in page.url and not page.evaluate(
		"() => window.cur_frm && cur_frm.doctype === 'Client' && cur_frm.docname"
	)
	page.locator(".list-row-container").get_by_text(company_name).wait_for()  # the list is refreshed
	contact = client.contacts[0]
	assert (
		contact.first_name,
		contact.phone,
		contact.designation,
		contact.is_primary,
		contact.is_billing_contact,
	) == (
		"Jeanne",
		f"+33478{digits}",
		"Gérante",
		1,
		1,
	)
	assert (client.vat_number, client.city, client.pincode, client.status) == (vat, "Lyon", "69002", "Active")
	assert frappe.db.get_value("Customer", client.customer, "client") == client.name
	assert frappe.db.get_value("Address", client.billing_address, "address_line1") == "3 quai Saint-Vincent"


def test_new_client_popup_warns_of_a_duplicate_and_keeps_what_was_typed_when_refused(page, committed):
	frappe.set_user("Administrator")
	run = random_string(6)  # names of this run: a client a killed run left behind is not the one saved
	existing = create_client(
		company_name=f"Browser Popup Dupont Industries {run} SARL",
		contacts=[{"first_name": "Anne", "last_name": "Dupont", "email": "anne@popup-dupont.fr"}],
	)
	committed.append(existing)
	frappe.db.commit()

	company_name = f"Browser Popup Dupont Industires {run} Ltd"
	vat = unique_french_vat()
	login(page, "Administrator", admin_password())
	open_new_client_popup(page)
	fill_popup(
		page,
		popup_values(company_name, "jeanne@popup-dupont-ltd.fr", vat[:-1] + str((int(vat[-1]) + 1) % 10)),
	)
	page.locator(f"{POPUP} .btn-primary").click()

	duplicates = page.locator(".modal.show:has(.duplicate-candidates)")
	duplicates.wait_for()
	assert existing.name in duplicates.inner_text()
	screenshot(page, "desk-popup-new-client-duplicate")
	duplicates.locator(".btn-primary").click()  # Save Anyway: the server still checks the VAT number

	error = page.locator(".modal.show .msgprint")
	error.wait_for()
	assert "is not valid" in error.inner_text()
	close_message(page)
	page.locator(POPUP).wait_for()  # still open, with what was typed
	assert page.evaluate(
		"() => [cur_dialog.get_value('company_name'), cur_dialog.get_value('email'), cur_dialog.get_value('city')]"
	) == [
		company_name,
		"jeanne@popup-dupont-ltd.fr",
		"Lyon",
	]
	assert not frappe.db.exists("Client", {"company_name": company_name})

	fill(page, "vat_number", vat, scope=POPUP)
	page.locator(f"{POPUP} .btn-primary").click()
	duplicates.wait_for()
	duplicates.locator(".btn-primary").click()
	client = saved_client(page, company_name, committed)
	assert (client.vat_number, client.contacts[0].email) == (vat, "jeanne@popup-dupont-ltd.fr")


def test_edit_full_form_opens_the_client_form_with_what_was_typed(page, committed):
	login(page, "Administrator", admin_password())
	open_new_client_popup(page)
	fill_popup(
		page,
		{
			"company_name": "Browser Popup Full Form",
			"first_name": "Louis",
			"email": "louis@full-form.fr",
			"city": "Nantes",
		},
	)
	page.locator(POPUP).get_by_role("button", name="Edit Full Form").click()
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Client' && cur_frm.is_new()")
	assert page.evaluate(
		"() => [cur_frm.doc.company_name, cur_frm.doc.city, cur_frm.doc.contacts.length,"
		" cur_frm.doc.contacts[0].first_name, cur_frm.doc.contacts[0].email, cur_frm.doc.contacts[0].is_primary]"
	) == ["Browser Popup Full Form", "Nantes", 1, "Louis", "louis@full-form.fr", 1]
