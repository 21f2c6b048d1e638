# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from client_management.portal.access import grant_access, revoke_access, send_invitation, set_active
from client_management.validation import InvalidValue, normalize_email, normalize_name


class CustomerPortalUser(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		client: DF.Link
		contact: DF.Link | None
		email: DF.Data
		enabled: DF.Check
		full_name: DF.Data | None
		invited_on: DF.Datetime | None
		user: DF.Link | None

	# end: auto-generated types
	@property
	def last_login(self):
		return frappe.db.get_value("User", self.user, "last_login") if self.user else None

	def before_insert(self):
		self.user = self.invited_on = None  # set by grant_access, never from input

	def validate(self):
		self.enabled = cint(self.enabled)  # REST sends "0": a string the switch's rules would read as on
		if self.is_new():
			frappe.has_permission("Client", "read", self.client, throw=True)
		self.validate_email()
		self.validate_contact()
		self.full_name = self.full_name or self.contact_name() or self.email.split("@")[0]

	def after_insert(self):
		grant_access(self)

	def on_update(self):
		if self.get_doc_before_save() and self.has_value_changed("enabled"):
			set_active(self)

	def on_trash(self):
		revoke_access(self)

	def validate_email(self):
		for fieldname, normalize in (("email", normalize_email), ("full_name", normalize_name)):
			try:
				self.set(fieldname, normalize(self.get(fieldname)))
			except InvalidValue as error:
				label = self.meta.get_label(fieldname)
				frappe.throw(
					_("{0} {1} is not valid: {2}").format(label, frappe.bold(self.get(fieldname)), error),
					title=_("Invalid {0}").format(label),
				)

	def validate_contact(self):
		if not self.contact:
			return
		customer = frappe.db.get_value("Client", self.client, "customer")
		if not frappe.db.exists(
			"Dynamic Link",
			{
				"parenttype": "Contact",
				"parent": self.contact,
				"link_doctype": "Customer",
				"link_name": customer,
			},
		):
			frappe.throw(
				_("Contact {0} is not a contact of client {1}.").format(self.contact, self.client),
				title=_("Wrong Contact"),
			)

	def contact_name(self) -> str | None:
		if self.contact:
			return frappe.db.get_value("Contact", self.contact, "full_name")
		return None

	@frappe.whitelist(methods=["POST"])
	def resend_invitation(self) -> None:
		"""A new set-password link, to the portal User's own email only."""
		self.check_permission("write")
		if not self.enabled:
			frappe.throw(
				_("Turn the user on (Active) before sending an invitation."), title=_("Inactive User")
			)
		send_invitation(self)
		frappe.msgprint(_("Invitation sent to {0}.").format(self.email), alert=True)
