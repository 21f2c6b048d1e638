# Copyright (c) 2026, client_management developers
# License: MIT. See license.txt

from collections.abc import Iterable

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_link_to_form

from client_management.clients.assignment import assign_owner, assign_team
from client_management.clients.links import customer_filters, transaction_doctypes
from client_management.clients.numbers import next_client_number
from client_management.constants import CLIENT_MANAGER, CLIENT_STATUS, STATEMENT_TYPES
from client_management.duplicates.finder import (
	blocking_duplicates,
	invalidate_name_index,
	readable_clients,
	shared_tax_id_fields,
)
from client_management.duplicates.identity import IDENTITY_FIELDS, import_key
from client_management.follow_ups.hold import keep_hold
from client_management.mirror import release_mirror, sync_client
from client_management.mirror.accounts import (
	delete_unused_generated_accounts,
	rename_generated_accounts,
	validate_accounts,
)
from client_management.mirror.links import validate_mirror_links
from client_management.mirror.merge import absorb, merge_customers
from client_management.payment_health import (
	forget_payment_health,
	may_read_payment_health,
	payment_health_of,
	refresh_client_with_ledger,
	rename_payment_health,
)
from client_management.portal.access import follow_client_status, give_merged_access
from client_management.utils.exceptions import (
	ClientFieldError,
	DuplicateClientError,
	MissingClientFieldsError,
)
from client_management.utils.settings import relationship_types, required_field_switches
from client_management.validation import (
	InvalidValue,
	Problem,
	normalize_client_number,
	normalize_ean,
	normalize_email,
	normalize_name,
	normalize_phone,
	normalize_siret,
	normalize_tax_id,
	normalize_vat,
	normalize_website,
)

# Client field -> normaliser; country-aware ones take the client's ISO country code.
FIELD_NORMALIZERS = {
	"company_name": normalize_name,
	"website": normalize_website,
	"tax_id": normalize_tax_id,
	"siret": normalize_siret,
	"ean": normalize_ean,
	"account_email": normalize_email,
}
COUNTRY_NORMALIZERS = {"vat_number": normalize_vat, "account_phone": normalize_phone}
CONTACT_NORMALIZERS = {
	"first_name": normalize_name,
	"last_name": normalize_name,
	"email": normalize_email,
	"alternate_email": normalize_email,
}
CONTACT_COUNTRY_NORMALIZERS = {"phone": normalize_phone, "mobile_no": normalize_phone}
# a required field -> the fields any one of which fills it
REQUIRED_ALTERNATIVES = {"tax_id": ("tax_id", "vat_number"), "phone": ("phone", "mobile_no")}


class Client(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from client_management.client_management.doctype.client_account.client_account import ClientAccount
		from client_management.client_management.doctype.client_contact.client_contact import ClientContact

		account_email: DF.Data | None
		account_phone: DF.Data | None
		accounts: DF.Table[ClientAccount]
		address_line1: DF.Data
		address_line2: DF.Data | None
		assigned_team: DF.Link | None
		billing_address: DF.Link | None
		city: DF.Data
		client_number: DF.Data | None
		client_owner: DF.Link
		client_type: DF.Literal["Company", "Individual"]
		company_name: DF.Data
		contacts: DF.Table[ClientContact]
		country: DF.Link
		customer: DF.Link | None
		customer_group: DF.Link | None
		default_activity_type: DF.Link | None
		default_currency: DF.Link | None
		default_item: DF.Link | None
		default_price_list: DF.Link | None
		duplicate_confirmed: DF.Check
		ean: DF.Data | None
		finalized_date: DF.Date
		follow_up_hold: DF.Check
		im_id: DF.Data | None
		industry: DF.Link | None
		inquiry_date: DF.Date
		lead_source: DF.Link
		missing_fields: DF.SmallText | None
		normalized_name: DF.Data | None
		notes: DF.TextEditor | None
		opportunity: DF.Link | None
		pause_follow_ups_reason: DF.SmallText | None
		pause_follow_ups_until: DF.Date | None
		payment_terms: DF.Link | None
		pincode: DF.Data | None
		primary_email: DF.Data | None
		project_count: DF.Int
		receive_statements: DF.Check
		relationship_type: DF.Literal[None]
		shipping_address: DF.Link | None
		shipping_address_line1: DF.Data | None
		shipping_address_line2: DF.Data | None
		shipping_city: DF.Data | None
		shipping_country: DF.Link | None
		shipping_pincode: DF.Data | None
		shipping_same_as_billing: DF.Check
		shipping_state: DF.Data | None
		siret: DF.Data | None
		state: DF.Data | None
		status: DF.Literal["Active", "Incomplete", "Inactive"]
		tax_id: DF.Data | None
		territory: DF.Link | None
		vat_number: DF.Data | None
		website: DF.Data | None

	# end: auto-generated types
	def onload(self):
		"""Server constants the form uses, so that they are written once."""
		self.set_onload("statement_types", STATEMENT_TYPES)
		self.set_onload("identity_fields", IDENTITY_FIELDS)  # the duplicate check runs again when they change
		if may_read_payment_health():
			self.set_onload("payment_health", payment_health_of(self.name))

	def autoname(self):
		self.name = self.typed_client_number() or next_client_number(self)

	def typed_client_number(self) -> str | None:
		"""The number typed at creation, when it is one and no other client has it."""
		if not self.client_number:
			return None
		try:
			self.client_number = normalize_client_number(self.client_number)
		except InvalidValue as error:
			throw_at(
				[(self, "client_number")],
				_("{0} {1} is not valid: {2}").format(
					_("Client Number"), frappe.bold(self.client_number), error
				),
				title=_("Invalid Client Number"),
			)
		if frappe.db.exists("Client", self.client_number):
			throw_at(
				[(self, "client_number")],
				_(
					"Client number {0} is already another client's: type another one, or leave it empty for the next number of the series."
				).format(frappe.bold(self.client_number)),
				title=_("Client Number Taken"),
			)
		return self.client_number

	def validate(self):
		self.flags.problems = []
		self.normalize_fields()
		self.validate_relationship_type()
		self.validate_contacts()
		self.validate_mirror_links()
		keep_hold(self)
		self.set_defaults()
		self.set_derived_fields()
		self.validate_duplicate_tax_ids()
		validate_accounts(self)
		self.validate_required_by_settings()
		self.set_status()

	def on_update(self):
		sync_client(self)
		assign_owner(self)
		before = self.get_doc_before_save()
		if not before:
			refresh_client_with_ledger(self)
		if self.assigned_team or (before and before.assigned_team):
			assign_team(self)
		if before and before.status != self.status:  # a new client has no portal users yet
			follow_client_status(self)
		if self.has_value_changed("normalized_name"):
			invalidate_name_index()
		if before and before.company_name != self.company_name:
			rename_generated_accounts(self)
			rename_payment_health(self)

	def after_rename(self, old: str, new: str, merge: bool = False):
		if merge:
			absorb(self, old)
			give_merged_access(self.name)
		else:
			rename_generated_accounts(self, old)
		refresh_client_with_ledger(self)  # a merged customer's ledger is now its own
		invalidate_name_index()

	def after_delete(self):
		invalidate_name_index()
		delete_unused_generated_accounts(self)

	def on_trash(self):
		self.ensure_no_transactions()
		forget_payment_health(self.name)
		release_mirror(self)
		if self.flags.customer_before_trash:
			frappe.delete_doc("Customer", self.flags.customer_before_trash, ignore_permissions=True)

	def before_rename(self, old: str, new: str, merge: bool = False):
		forget_payment_health(old)
		if merge:
			merge_customers(old, new)

	# --- validate steps

	def normalize_fields(self):
		country = self.country_code()
		for fieldname, normalize in FIELD_NORMALIZERS.items():
			self.normalize(self, fieldname, normalize)
		for fieldname, normalize in COUNTRY_NORMALIZERS.items():
			self.normalize(self, fieldname, lambda value, n=normalize: n(value, country))
		for row in self.contacts:
			for fieldname, normalize in CONTACT_NORMALIZERS.items():
				self.normalize(row, fieldname, normalize)
			for fieldname, normalize in CONTACT_COUNTRY_NORMALIZERS.items():
				self.normalize(row, fieldname, lambda value, n=normalize: n(value, country))

	def normalize(self, doc, fieldname: str, normalize):
		value = doc.get(fieldname)
		if not value:
			return
		try:
			doc.set(fieldname, normalize(value))
		except InvalidValue as error:
			self.reject(
				doc,
				fieldname,
				_("{0} {1} is not valid: {2}").format(field_label(doc, fieldname), frappe.bold(value), error),
			)

	def reject(self, doc, fieldname: str, message: str):
		"""Throw a field-level error; a client being auto-created keeps going with the field cleared."""
		if not self.flags.allow_incomplete:
			throw_at(
				[(doc, fieldname)], message, title=_("Invalid {0}").format(doc.meta.get_label(fieldname))
			)
		doc.set(fieldname, None)
		self.flags.problems.append(problem(doc, fieldname, message))

	def country_code(self) -> str | None:
		return frappe.get_cached_value("Country", self.country, "code") if self.country else None

	def validate_relationship_type(self):
		"""One of the settings' types; checked when set or changed (a type since taken off the list
		does not block other edits)."""
		if not self.relationship_type or not self.has_value_changed("relationship_type"):
			return
		types = relationship_types()
		if self.relationship_type not in types:
			self.reject(
				self,
				"relationship_type",
				_("{0} {1} is not one of the types of Client Management Settings: {2}").format(
					_(self.meta.get_label("relationship_type")),
					frappe.bold(self.relationship_type),
					", ".join(types),
				),
			)

	def validate_contacts(self):
		if self.flags.allow_incomplete and not self.contacts:
			return
		if not self.contacts:
			throw_at([(self, "contacts")], _("Add at least one contact person."), title=_("Missing Contact"))
		for flag, label in (
			("is_primary", _("primary contact")),
			("is_billing_contact", _("invoice recipient")),
		):
			marked = [row for row in self.contacts if row.get(flag)]
			if len(marked) > 1:
				throw_at(
					[(row, flag) for row in marked],
					_("Only one contact can be the {0}: rows {1} are marked.").format(
						label, ", ".join(str(row.idx) for row in marked)
					),
					title=_("Contacts"),
				)
		primary = next((row for row in self.contacts if row.is_primary), None) or self.contacts[0]
		primary.is_primary = 1
		if not any(row.is_billing_contact for row in self.contacts):
			primary.is_billing_contact = 1
		emails = [row.email for row in self.contacts if row.email]
		if repeated := {e for e in emails if emails.count(e) > 1}:
			first = {row.email: row for row in reversed(self.contacts)}
			throw_at(  # on the rows that repeat an email of an earlier row
				[
					(row, "email")
					for row in self.contacts
					if row.email in repeated and first[row.email] is not row
				],
				_("Each contact needs its own email: {0} is used twice.").format(", ".join(repeated)),
			)

	def validate_mirror_links(self):
		validate_mirror_links(self)

	def set_defaults(self):
		for fieldname in ("customer_group", "territory"):
			if not self.get(fieldname):
				self.set(fieldname, frappe.db.get_single_value("Selling Settings", fieldname))

	def set_derived_fields(self):
		self.update(import_key(self.company_name, self.contacts))

	def validate_duplicate_tax_ids(self):
		"""Another client with the same tax id / VAT blocks the save unless a Client Manager confirms."""
		if not (self.is_new() or self.has_value_changed("tax_id") or self.has_value_changed("vat_number")):
			return
		duplicates = blocking_duplicates(self)
		confirmed = self.duplicate_confirmed and may_confirm_duplicates()
		self.duplicate_confirmed = 0
		if duplicates and not confirmed:
			readable = set(readable_clients({c.client for c in duplicates}))
			links = ", ".join(
				get_link_to_form("Client", c.client, f"{c.client} ({c.company_name})")
				if c.client in readable
				else _("a client you cannot see")
				for c in duplicates
			)
			throw_at(
				[
					(self, fieldname)
					for fieldname in shared_tax_id_fields(self, {c.client for c in duplicates})
				],
				_(
					"Client {0} already has this tax ID / VAT number. A Client Manager can confirm the duplicate."
				).format(links),
				title=_("Duplicate Client"),
				exc=DuplicateClientError,
			)

	def validate_required_by_settings(self):
		"""A client made by hand needs the fields the settings' switches require; an auto-created one
		is saved anyway and lists them among its missing fields (set_status). A later edit by hand may
		not empty them nor add a contact without them, but what it leaves untouched does not block it
		(a contact added on the ERPNext side, a client made before a switch was turned on). A client whose
		contact is being forgotten is saved as it is left, like an auto-created one."""
		if self.flags.allow_incomplete or self.flags.erasure:
			return
		before = self.get_doc_before_save()
		if missing := [p for p in self.missing_by_settings() if not before or self.emptied(p, before)]:
			frappe.throw(
				_("Fill in {0}: Client Management Settings require them.").format(
					", ".join(frappe.bold(p.label) for p in missing)
				),
				title=_("Missing Fields"),
				exc=MissingClientFieldsError(problems=missing),
			)

	def emptied(self, missing: Problem, before) -> bool:
		"""Whether this save empties what `before` had filled, or adds the contact row that lacks it."""
		fields = REQUIRED_ALTERNATIVES.get(missing.fieldname, (missing.fieldname,))
		if missing.row is None:
			return any(before.get(f) for f in fields)
		name = next(row.name for row in self.contacts if row.idx == missing.row)
		old = next((row for row in before.contacts if row.name == name), None)
		return not old or any(old.get(f) for f in fields)

	def set_status(self):
		missing = self.missing_mandatory() + self.flags.problems
		if missing and (self.flags.allow_incomplete or self.flags.erasure):
			self.flags.ignore_mandatory = True
			if self.status != CLIENT_STATUS.inactive:  # an Inactive client stays closed
				self.status = CLIENT_STATUS.incomplete
			self.missing_fields = ", ".join(p.label for p in missing)
			return
		if self.status == CLIENT_STATUS.incomplete:
			self.status = CLIENT_STATUS.active
		self.missing_fields = None

	def missing_mandatory(self) -> list[Problem]:
		return [
			problem(doc, df.fieldname, _("required"))
			for doc in (self, *self.contacts)
			for df in doc.meta.get("fields", {"reqd": 1})
			if not doc.get(df.fieldname)
		] + self.missing_by_settings()

	def missing_by_settings(self) -> list[Problem]:
		"""The fields required by the switches of Client Management Settings that are empty."""
		switches = required_field_switches()
		missing = [
			problem(self, fieldname, _("required"))
			for switch, fieldname in (("require_state", "state"), ("require_pincode", "pincode"))
			if switch in switches and not self.get(fieldname)
		]
		if "require_tax_id" in switches and not (self.tax_id or self.vat_number):
			missing.append(Problem("tax_id", None, _("Tax ID or VAT Number"), _("required")))
		for row in self.contacts:
			if "require_contact_phone" in switches and not (row.phone or row.mobile_no):
				label = _("Contact row {0}: {1}").format(row.idx, _("Phone or Mobile No"))
				missing.append(Problem("phone", row.idx, label, _("required")))
			if "require_contact_designation" in switches and not row.designation:
				missing.append(problem(row, "designation", _("required")))
		return missing

	# --- delete

	def ensure_no_transactions(self):
		self.flags.customer_before_trash = self.customer
		if not self.customer:
			return
		linked = []
		for doctype in transaction_doctypes():
			for name in frappe.get_all(
				doctype, {**customer_filters(doctype, self.customer), "docstatus": 1}, pluck="name", limit=5
			):
				linked.append(f"{_(doctype)} {get_link_to_form(doctype, name)}")
		if linked:
			frappe.throw(
				_("Client {0} cannot be deleted: its customer has submitted transactions: {1}").format(
					frappe.bold(self.company_name), ", ".join(linked)
				),
				title=_("Client Has Transactions"),
				exc=frappe.LinkExistsError,
			)


def may_confirm_duplicates() -> bool:
	"""Only a Client Manager may save a client whose tax ID / VAT number another client has."""
	return CLIENT_MANAGER in frappe.get_roles()


def throw_at(
	places: Iterable[tuple[Document, str]],
	message: str,
	title: str | None = None,
	exc: type[ClientFieldError] = ClientFieldError,
):
	"""Throw `message`, the error carrying where it is: each (client or contact row, fieldname)."""
	frappe.throw(
		message,
		title=title,
		exc=exc(problems=[problem(doc, fieldname, message) for doc, fieldname in places]),
	)


def problem(doc, fieldname: str, message: str) -> Problem:
	return Problem(
		fieldname, doc.idx if doc.get("parentfield") else None, field_label(doc, fieldname), message
	)


def field_label(doc, fieldname: str) -> str:
	label = _(doc.meta.get_label(fieldname))
	if doc.get("parentfield"):
		return _("Contact row {0}: {1}").format(doc.idx, label)
	return label
