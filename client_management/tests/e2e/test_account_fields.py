"""The Client form's account fields in a real browser: a new client with its own number, type, team,
phone and email; Copy Billing / Shipping Address."""

import frappe
from frappe.utils import random_string

from client_management.constants import ADDRESS_PARTS
from client_management.tests.e2e.conftest import (
	admin_password,
	fill,
	fill_form,
	login,
	open_client,
	screenshot,
)
from client_management.tests.factories import create_client, create_team, ensure_lead_source
from client_management.tests.sample_data import own_email, typed_in_france, unique_paris_phone


def click_button(page, fieldname: str):
	page.locator(f'.frappe-control[data-fieldname="{fieldname}"] button:visible').click()


def test_a_new_client_with_its_number_type_team_phone_and_email(page, committed):
	frappe.set_user("Administrator")
	team = frappe.get_doc("User Group", create_team(f"Browser Team {random_string(5)}", ["Administrator"]))
	committed.append(team)
	frappe.db.commit()
	number = f"BRW-{random_string(6).upper()}"
	# a name, phone and e-mail domain of this run: a client a killed run left behind is no duplicate
	company_name = f"Browser Account Fields {random_string(6)} SARL"

	login(page, "Administrator", admin_password())
	page.goto("/app/client/new")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Client' && cur_frm.is_new()")
	assert page.evaluate(
		"() => [...document.querySelectorAll('select[data-fieldname=relationship_type] option')]"
		".map((o) => o.value)"
	) == ["", "Prospect", "Customer", "Partner", "Reseller", "Other"]  # the settings' types
	today = page.evaluate("() => frappe.datetime.str_to_user(frappe.datetime.get_today())")
	fill_form(
		page,
		{
			"company_name": company_name,
			"client_number": number,
			"assigned_team": team.name,
			"lead_source": ensure_lead_source(),
			"inquiry_date": today,
			"finalized_date": today,
			"account_phone": "01 42 68 53 00",
			"account_email": "Contact@Browser-Account.fr",
			"address_line1": "8 rue des Comptes",
			"city": "Lille",
			"state": "Hauts-de-France",
			"pincode": "59000",
			"country": "France",
			"tax_id": f"TX{random_string(8).upper()}",
		},
	)
	page.locator('select[data-fieldname="relationship_type"]').select_option("Partner")
	fill_form(
		page,
		{
			"first_name": "Paul",
			"last_name": "Compte",
			"email": own_email("paul"),
			"phone": typed_in_france(unique_paris_phone()),
			"designation": "Gérant",
		},
		table="contacts",
		idx=1,
	)
	page.evaluate("() => window.scrollTo(0, 0)")
	screenshot(page, "desk-account-fields")
	page.keyboard.press("Control+s")
	page.wait_for_function("() => !cur_frm.is_new() && !cur_frm.is_dirty()")

	frappe.db.rollback()  # see what the browser saved
	client = frappe.get_doc("Client", number)
	committed.append(client)
	assert (client.relationship_type, client.assigned_team, client.account_phone, client.account_email) == (
		"Partner",
		team.name,
		"+33142685300",
		"contact@browser-account.fr",
	)
	assert page.evaluate("() => cur_frm.doc.name") == number
	assert not page.locator('.frappe-control[data-fieldname="client_number"]').is_visible()  # set once


def test_copy_billing_address_to_shipping_and_back(page, committed):
	frappe.set_user("Administrator")
	client = create_client(company_name="Browser Copy Address", address_line2="Bâtiment B")
	committed.append(client)
	frappe.db.commit()
	login(page, "Administrator", admin_password())
	open_client(page, client.name)

	page.get_by_role("checkbox", name="Shipping Address Same as Billing").uncheck()
	click_button(page, "copy_billing_address")
	page.get_by_text("The billing address is copied to the shipping address.").wait_for()
	doc = page.evaluate("() => cur_frm.doc")
	assert [doc[f"shipping_{f}"] for f in ADDRESS_PARTS] == [doc[f] for f in ADDRESS_PARTS]
	assert doc["shipping_address_line2"] == "Bâtiment B"

	fill(page, "shipping_address_line1", "4 quai des Docks")
	fill(page, "shipping_address_line2", "")
	fill(page, "shipping_city", "Le Havre")
	fill(page, "shipping_state", "Normandie")
	fill(page, "shipping_pincode", "76600")
	click_button(page, "copy_shipping_address")
	page.get_by_text("The shipping address is copied to the billing address.").wait_for()
	doc = page.evaluate("() => cur_frm.doc")
	assert [doc[f] for f in ADDRESS_PARTS] == [
		"4 quai des Docks",
		"",
		"Le Havre",
		"Normandie",
		"76600",
		"France",
	]
	modified = page.evaluate("() => cur_frm.doc.modified")
	page.keyboard.press("Control+s")
	page.wait_for_function(f"() => !cur_frm.is_dirty() && cur_frm.doc.modified !== '{modified}'")

	frappe.db.rollback()  # see what the browser saved
	saved = frappe.get_doc("Client", client.name)
	assert (saved.address_line1, saved.address_line2 or "", saved.city, saved.shipping_city) == (
		"4 quai des Docks",
		"",
		"Le Havre",
		"Le Havre",
	)
	assert frappe.db.get_value("Address", saved.billing_address, "city") == "Le Havre"
