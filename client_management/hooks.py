from client_management.constants import CLIENT_DOCTYPES as _client_doctypes
from client_management.constants import SALES_DOCTYPES as _sales_doctypes
from client_management.privacy import USER_DATA_FIELDS as _user_data_fields

app_name = "client_management"
app_title = "Client Management"
app_publisher = "client_management developers"
app_description = (
	"Clients mirrored onto ERPNext customers: contacts, won deals, 360 view, statements, portal, import"
)
app_email = "dev@example.com"
app_license = "MIT"

required_apps = ["frappe/erpnext"]

export_python_type_annotations = True
require_type_annotated_api_methods = True

# Install
# -------
before_install = "client_management.setup.install.before_install"
after_install = "client_management.setup.install.after_install"
after_migrate = "client_management.setup.install.after_migrate"
before_uninstall = "client_management.setup.install.before_uninstall"
after_uninstall = "client_management.setup.install.after_uninstall"

before_tests = "client_management.setup.install.before_tests"

doctype_js = {
	"Opportunity": "public/js/opportunity.js",
	"Client": [
		"public/js/client/contacts.js",
		"public/js/client/documents.js",
		"public/js/client/duplicates.js",
		"public/js/client/fields.js",
		"public/js/client/finance.js",
		"public/js/client/follow_ups.js",
		"public/js/client/payment_health.js",
		"public/js/client/payments.js",
		"public/js/client/portal.js",
		"public/js/client/privacy.js",
		"public/js/client/statements.js",
		"public/js/client/tasks.js",
	],
	**{doctype: "public/js/billing_defaults.js" for doctype in (*_sales_doctypes, "Timesheet")},
}

doctype_list_js = {
	"Client": [
		"public/js/client/duplicates.js",
		"public/js/client/new_client.js",
		"public/js/client/privacy.js",
	]
}

# ERPNext's Customer with one addition: a Customer its Client's save holds is not loaded again
# (mirror.customer.customer_at_hand). The only class this app overrides: Frappe takes the class of the
# app installed last among those overriding a doctype (see the README's Install section).
override_doctype_class = {"Customer": "client_management.overrides.customer.ClientCustomer"}

# Document events
# ---------------

doc_events = {
	tuple(_client_doctypes): {"validate": "client_management.overrides.transaction.validate"},
	tuple(_sales_doctypes): {"before_validate": "client_management.overrides.transaction.before_validate"},
	"ToDo": {"validate": "client_management.overrides.todo.validate"},
	"User": {"on_update": "client_management.overrides.user.on_update"},
	"User Group": {"on_update": "client_management.overrides.user_group.on_update"},
	"Customer": {
		"validate": "client_management.overrides.customer.validate",
		"before_rename": "client_management.overrides.customer.before_rename",
	},
	"Portal User": {
		"validate": "client_management.overrides.portal_user.validate",
		"on_trash": "client_management.overrides.portal_user.on_trash",
	},
	"Dynamic Link": {"validate": "client_management.overrides.dynamic_link.validate"},
	"Contact": {
		"validate": "client_management.overrides.contact.validate",
		"on_update": "client_management.overrides.contact.on_update",
	},
	"Address": {"on_update": "client_management.overrides.address.on_update"},
	"File": {
		"before_insert": "client_management.overrides.file.before_insert",
	},
	"Email Queue": {"after_insert": "client_management.overrides.email_queue.after_insert"},
	"Personal Data Deletion Request": {
		"on_change": "client_management.overrides.personal_data_deletion_request.on_change"
	},
	"Opportunity": {"on_change": "client_management.overrides.opportunity.on_change"},
	"Timesheet": {"before_validate": "client_management.overrides.timesheet.before_validate"},
	"Project": {
		"on_update": "client_management.overrides.project.on_update",
		"after_delete": "client_management.overrides.project.after_delete",
	},
	"Task": {"validate": "client_management.overrides.task.validate"},
	"Payment Entry": {
		"on_submit": "client_management.overrides.payment_entry.on_submit",
		"on_cancel": "client_management.overrides.payment_entry.on_cancel",
	},
	"Company": {"after_insert": "client_management.overrides.company.after_insert"},
	"Dunning": {
		"on_submit": "client_management.overrides.dunning.on_submit",
		"on_cancel": "client_management.overrides.dunning.on_cancel",
	},
	"Journal Entry": {
		"on_submit": "client_management.overrides.journal_entry.on_submit",
		"on_cancel": "client_management.overrides.journal_entry.on_cancel",
	},
	"Sales Invoice": {
		"on_submit": "client_management.overrides.sales_invoice.on_submit",
		"on_cancel": "client_management.overrides.sales_invoice.on_cancel",
	},
}

# Personal data (Frappe's deletion and download requests)
# ------------------------------------------------------
user_data_fields = _user_data_fields

extend_bootinfo = "client_management.setup.boot.extend_bootinfo"

scheduler_events = {
	"daily": [
		"client_management.statements.scheduled.enqueue_due_statements",
		"client_management.statements.delivery.delete_stale_prepared_statements",
		"client_management.imports.exporter.delete_old_exports",
		"client_management.portal.expiry.turn_off_unused_logins",
		"client_management.follow_ups.run.enqueue_follow_ups",
		"client_management.payment_health.enqueue_daily_refresh",
	],
	"cron": {"*/10 * * * *": ["client_management.imports.job.recover_stalled_imports"]},
}

# Portal
# ------
has_permission = {
	"Client": "client_management.portal.permissions.portal_users_denied",
	"Statement Log": "client_management.portal.permissions.portal_users_denied",
}
permission_query_conditions = {
	"Client": "client_management.portal.permissions.client_query",
	"Client Contact": "client_management.portal.permissions.client_contact_query",
	"Client Account": "client_management.portal.permissions.client_account_query",
	"Statement Log": "client_management.portal.permissions.statement_log_query",
	"Statement Log Recipient": "client_management.portal.permissions.statement_log_recipient_query",
}
override_whitelisted_methods = {
	"frappe.client.get_count": "client_management.api.overrides.client.get_count",
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": "client_management.api.overrides.dashboard_chart.get",
}
portal_menu_items = [
	{"title": "Account Overview", "route": "/client-portal", "role": "Customer"},
]
