"""What the desk shows from the server's maps, in a real browser: the Client statuses' indicators and
the incomplete client's headline (boot), the Client Import's buttons (onload), and the client's
service item on every item row a new invoice's save would give it (asked of the server)."""

import frappe
from frappe.utils.file_manager import save_file

from client_management.tests.e2e.conftest import admin_password, fill, login, open_client, screenshot
from client_management.tests.factories import client_values, create_client, ensure_item


def test_the_client_list_and_form_show_the_servers_statuses(page, committed):
	frappe.set_user("Administrator")
	client = frappe.get_doc(client_values(company_name="Browser Incomplete Client", city=None))
	client.flags.allow_incomplete = True  # as a won deal's client is saved
	client.insert()
	committed.append(client)
	frappe.db.commit()
	assert client.status == "Incomplete"

	login(page, "Administrator", admin_password())
	page.goto(f"/app/client?name={client.name}")
	pill = page.locator(f'.list-row-container:has([data-name="{client.name}"]) .indicator-pill').first
	pill.wait_for()
	assert pill.inner_text().strip() == "Incomplete"
	assert "orange" in pill.get_attribute("class")
	assert page.evaluate(
		"() => ['Active', 'Inactive'].map((status) => frappe.listview_settings.Client.get_indicator({ status })[1])"
	) == ["green", "gray"]
	screenshot(page, "desk-client-list-status")

	open_client(page, client.name)
	page.get_by_text("This client is incomplete. Missing or invalid: City/Town").wait_for()


def test_the_import_forms_buttons_follow_the_servers_statuses(page, committed):
	frappe.set_user("Administrator")
	file = save_file("clients.csv", b"company_name\n", None, None, is_private=1)
	client_import = frappe.get_doc({"doctype": "Client Import", "import_file": file.file_url}).insert()
	committed.extend([file, client_import])
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	page.goto(f"/app/client-import/{client_import.name}")
	check, start = (page.get_by_role("button", name=label) for label in ("Check File", "Start Import"))
	check.wait_for()
	assert not start.is_visible()

	set_status(client_import.name, "Checked")
	page.reload()
	start.wait_for()
	assert check.is_visible()  # a checked file may be checked again

	set_status(client_import.name, "Running")
	page.reload()
	page.get_by_text("Working in the background").wait_for()
	assert not check.is_visible() and not start.is_visible()
	screenshot(page, "desk-client-import-running")


def set_status(client_import: str, status: str):
	"""As the import's jobs set it."""
	frappe.db.set_value("Client Import", client_import, "status", status)
	frappe.db.commit()


def test_a_new_invoice_gives_every_row_without_item_the_clients_service(page, committed):
	frappe.set_user("Administrator")
	service, other = ensure_item("Browser Fee Service"), ensure_item()
	client = create_client(company_name="Browser Fee Client", default_item=service)
	committed.append(client)
	frappe.db.commit()

	login(page, "Administrator", admin_password())
	page.goto("/app/sales-invoice/new")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Sales Invoice' && cur_frm.is_new()")
	# the new form's empty row, a row typed with a description only, and a row with its own item
	page.evaluate(
		"""(other) => {
			cur_frm.add_child("items", { description: "Conseil, mars", qty: 3, rate: 100 });
			cur_frm.add_child("items", { item_code: other, qty: 1 });
			cur_frm.refresh_field("items");
		}""",
		other,
	)
	fill(page, "customer", client.customer)
	page.wait_for_function(
		"(service) => cur_frm.doc.items.filter((row) => row.item_code === service).length === 2", arg=service
	)
	assert page.evaluate("() => cur_frm.doc.items.map((row) => row.item_code)") == [service, service, other]
	screenshot(page, "desk-invoice-default-item")
