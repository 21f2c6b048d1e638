import frappe
from frappe import _

from client_management.portal import require_portal_client
from client_management.portal.home import client_home
from client_management.statements import STATEMENT_TYPES

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/client-portal"
		raise frappe.Redirect
	context.update(client_home(require_portal_client()))
	context.statement_types = STATEMENT_TYPES
	context.title = _("Account Overview")
	context.show_sidebar = True
	return context
