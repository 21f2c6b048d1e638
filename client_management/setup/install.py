"""Install hooks: thin wrappers around the idempotent steps in `client_management.setup`."""

from client_management import setup  # the package this module is part of


def before_install():
	setup.create_roles()


def after_install():
	setup.setup_all()


def after_migrate():
	setup.setup_all()


def before_uninstall():
	setup.remove_customizations()


def after_uninstall():
	import frappe

	setup.remove_roles()
	frappe.db.commit()  # Frappe's remove_app commits before after_uninstall and never after it


def before_tests():
	"""Make a fresh site usable for tests: ERPNext's setup wizard, our setup, then the named records
	every test shares (made once here, never by the tests themselves)."""
	import frappe

	from client_management.tests.sample_data import make_test_records

	if not frappe.is_setup_complete():
		from erpnext.setup.utils import before_tests as complete_erpnext_setup

		complete_erpnext_setup()
	setup.setup_all()
	make_test_records()
	frappe.db.commit()
