"""Portal logins that are not used expire: a portal user who has not logged in for the months the
settings give (counted from the invitation when they never did) is turned off, daily, as the Active
switch turns it off (the login disabled, its sessions ended), with a note on the client."""

import frappe
from frappe import _
from frappe.query_builder.functions import IfNull
from frappe.utils import add_months, now_datetime

from client_management.utils.settings import portal_login_expiry_months


def turn_off_unused_logins():
	months = portal_login_expiry_months()
	if not months:
		return
	for name in unused_portal_users(add_months(now_datetime(), -months)):
		portal_user = frappe.get_doc("Customer Portal User", name)
		portal_user.enabled = 0
		portal_user.flags.switch_note = _(
			"Portal access of {{0}} was turned off: not used for {0} months."
		).format(months)
		portal_user.flags.ignore_permissions = True  # the scheduler's act, set by the settings
		portal_user.save()


def unused_portal_users(cutoff) -> list[str]:
	"""Active portal users whose login was last used (or, never used, invited) before `cutoff`."""
	portal_user = frappe.qb.DocType("Customer Portal User")
	user = frappe.qb.DocType("User")
	last_used = IfNull(user.last_login, portal_user.invited_on)
	return (
		frappe.qb.from_(portal_user)
		.join(user)
		.on(user.name == portal_user.user)
		.select(portal_user.name)
		.where((portal_user.enabled == 1) & (last_used < cutoff))
	).run(pluck=True)
