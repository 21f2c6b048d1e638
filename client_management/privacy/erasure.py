"""Forgetting a person: every copy the app made of the person behind one e-mail address is erased;
their clients, and the clients' accounting, stay. One rule for Frappe's Personal Data Deletion
Request, the Client form's Forget Contact and `bench forget-contact`.

On each client the person's contact row is removed (the primary contact and invoice recipient move
to another row), or, when it is the only one, kept as an anonymous contact and the client marked
Incomplete where the settings require what it lost. Their ERPNext Contact is redacted and renamed,
their portal access revoked, the Customer's copies of their e-mail and mobile replaced, and the
comments, versions and e-mails of these records rid of their address, phones and name. Invoices,
payments and the ledger are not touched (an invoice keeps the contact it was issued to)."""

import json
import re
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.model.naming import append_number_if_name_exists
from frappe.model.rename_doc import rename_doc
from frappe.utils import get_fullname

from client_management.constants import CONTACT_FLAGS, CONTACT_ROW_PERSONAL_FIELDS
from client_management.mirror.customer import as_data_import
from client_management.privacy import ERASED_EMAIL_DOMAIN, REDACTED, is_erased_email
from client_management.validation import InvalidValue, normalize_email

ROW_FIELDS = ("name", "parent", "contact", *CONTACT_FLAGS, *CONTACT_ROW_PERSONAL_FIELDS)
# Records whose comments and versions may quote the person, by what they are found with
HISTORY_DOCTYPES = ("Client", "Customer Portal User", "Contact", "Customer")


@dataclass
class Person:
	"""What the app holds on the person of one e-mail address."""

	email: str
	anonymous: str  # the address that stands in for theirs
	rows: list = field(default_factory=list)  # their Client Contact rows
	portal_users: list = field(default_factory=list)  # Customer Portal User names
	statement_rows: list = field(default_factory=list)  # Statement Log Recipient names

	@property
	def clients(self) -> list[str]:
		return sorted({row.parent for row in self.rows})

	@property
	def contacts(self) -> list[str]:
		return sorted({row.contact for row in self.rows if row.contact})

	@property
	def emails(self) -> set[str]:
		"""Their addresses (not the stand-in): what is replaced wherever it is quoted."""
		found = {self.email} | {row.get(f) for row in self.rows for f in ("email", "alternate_email")}
		return {e.lower() for e in found if e and not is_erased_email(e)}

	@property
	def phones(self) -> set[str]:
		return {row.get(f) for row in self.rows for f in ("phone", "mobile_no")} - {None, ""}

	@property
	def names(self) -> set[str]:
		full = {" ".join(filter(None, (row.first_name, row.last_name))) for row in self.rows}
		return {name for name in full if name and REDACTED not in name}

	@property
	def found(self) -> bool:
		return bool(self.rows or self.portal_users or self.statement_rows)

	def holds(self, row) -> bool:
		return row.name in {r.name for r in self.rows}

	def describe(self) -> list[str]:
		"""What forgetting them does, a line a record (a dry run prints it)."""
		lines = []
		for client in self.clients:
			doc = frappe.get_doc("Client", client)
			theirs = [row for row in doc.contacts if self.holds(row)]
			kept = len(doc.contacts) - len(theirs)
			lines.append(
				f"client {client} ({doc.company_name}): "
				+ (
					f"contact row removed ({kept} other contact(s) stay)"
					if kept
					else "its only contact: kept as an anonymous contact"
				)
			)
		lines += [
			f"contact {name}: names, e-mails, phones and picture erased, renamed" for name in self.contacts
		]
		lines += [
			f"customer portal user {name}: deleted (portal access revoked)" for name in self.portal_users
		]
		if self.statement_rows:
			lines.append(f"{len(self.statement_rows)} statement log recipient(s): address replaced")
		lines.append("comments, versions and e-mails of these records: the person's data replaced")
		return lines


def checked_email(email: str) -> str:
	try:
		return normalize_email(email)
	except InvalidValue as error:
		frappe.throw(
			_("{0} is not a valid email address: {1}").format(frappe.bold(email), error),
			title=_("Invalid Email"),
		)


def new_anonymous_email() -> str:
	return f"deleted-contact-{frappe.generate_hash(length=10)}@{ERASED_EMAIL_DOMAIN}"


def find_person(email: str, anonymous: str | None = None) -> Person:
	"""Everything the app holds on `email`'s person. `anonymous`: the address that already stands in for
	theirs (Frappe's deletion request has put its own in the app's records before we run)."""
	email = checked_email(email)
	addresses = [email, anonymous] if anonymous else [email]
	person = Person(email, anonymous or new_anonymous_email())
	person.rows = frappe.get_all(
		"Client Contact",
		filters={"parenttype": "Client"},
		or_filters={"email": ("in", addresses), "alternate_email": ("in", addresses)},
		fields=ROW_FIELDS,
	)
	person.portal_users = frappe.get_all(
		"Customer Portal User",
		or_filters={"email": ("in", addresses), "user": ("in", addresses)},
		pluck="name",
	)
	person.statement_rows = frappe.get_all(
		"Statement Log Recipient",
		{"parenttype": "Statement Log", "email": ("in", sorted(person.emails | set(addresses)))},
		pluck="name",
	)
	return person


def check_forgettable(person: Person):
	"""Forget Contact and the bench command: for contacts without a login. A login is Frappe's to
	erase (its Personal Data Deletion Request renames and disables it, and reaches the app too)."""
	if is_erased_email(person.email):
		frappe.throw(_("This contact was already forgotten."), title=_("Nothing to Forget"))
	if not person.found:
		frappe.throw(
			_("No client contact, portal user or statement recipient has the email {0}.").format(
				frappe.bold(person.email)
			),
			title=_("Nothing to Forget"),
		)
	if frappe.db.exists("User", person.email):
		frappe.throw(
			_(
				"{0} has a login on this site: erase it with a Personal Data Deletion Request, which forgets it in the clients too."
			).format(frappe.bold(person.email)),
			title=_("Contact Has a Login"),
		)


def forget(person: Person):
	"""Erase the person everywhere the app put them. The caller has checked the right to."""
	customers = {frappe.db.get_value("Client", client, "customer") for client in person.clients} - {None}
	for client in person.clients:
		forget_on_client(client, person)
	for name in person.portal_users:
		frappe.delete_doc("Customer Portal User", name, ignore_permissions=True)  # revokes access
	for name in person.contacts:
		redact_contact(name, person)
	for customer in customers:
		refresh_customer_copies(customer, person)
	for name in person.statement_rows:
		frappe.db.set_value("Statement Log Recipient", name, "email", person.anonymous, update_modified=False)
	redact_history(person, customers)
	for name in person.contacts:
		rename_contact(name, person)
	for client in person.clients:
		frappe.get_doc("Client", client).add_comment(
			"Info",
			_("{0} erased the personal data of a contact of this client (right to be forgotten).").format(
				get_fullname(frappe.session.user)
			),
		)


def forget_on_client(client_name: str, person: Person):
	client = frappe.get_doc("Client", client_name)
	theirs = [row for row in client.contacts if person.holds(row)]
	others = [row for row in client.contacts if not person.holds(row)]
	if others:  # Client.validate moves the primary contact and invoice recipient to the first one left
		client.set("contacts", others)
	else:
		client.set("contacts", theirs[:1])
		anonymise_row(client.contacts[0], person.anonymous)
	client.flags.erasure = True  # saved as it is left, Incomplete where the settings require more
	client.flags.ignore_permissions = True  # the caller checked the right to forget
	client.flags.ignore_version = True  # a version would keep what is erased
	with as_data_import():  # the Contact's save asks gravatar.com nothing about the stand-in address
		client.save()


def anonymise_row(row, anonymous: str):
	for fieldname in CONTACT_ROW_PERSONAL_FIELDS:
		row.set(fieldname, None)
	row.first_name = row.last_name = REDACTED
	row.email = anonymous


def redact_contact(name: str, person: Person):
	"""Their ERPNext Contact keeps its links (documents point at it) and nothing of them."""
	contact = frappe.get_doc("Contact", name)
	contact.update(
		{
			"first_name": REDACTED,
			"middle_name": None,
			"last_name": REDACTED,
			"designation": None,
			"department": None,
			"salutation": None,
			"gender": None,
			"image": None,
			"user": None,
		}
	)
	contact.set("email_ids", [e for e in contact.email_ids if e.email_id.lower() not in person.emails])
	if not any(e.email_id == person.anonymous for e in contact.email_ids):
		contact.append("email_ids", {"email_id": person.anonymous})
	for entry in contact.email_ids:
		entry.is_primary = int(entry.email_id == person.anonymous)
	contact.set("phone_nos", [p for p in contact.phone_nos if p.phone not in person.phones])
	contact.flags.from_client = True
	contact.flags.ignore_permissions = True
	contact.flags.ignore_version = True
	with as_data_import():
		contact.save()


def rename_contact(name: str, person: Person):
	"""A Contact's name is its person's name: it takes the stand-in address instead."""
	if is_erased_email(name):
		return
	new = append_number_if_name_exists("Contact", person.anonymous)
	rename_doc("Contact", name, new, force=True, ignore_permissions=True, show_alert=False)


def refresh_customer_copies(customer: str, person: Person):
	"""The Customer's e-mail and mobile are copies of its primary contact's: taken again from it."""
	values = frappe.db.get_value(
		"Customer", customer, ["email_id", "mobile_no", "customer_primary_contact"], as_dict=True
	)
	if (values.email_id or "").lower() not in person.emails and values.mobile_no not in person.phones:
		return
	primary = (
		frappe.db.get_value(
			"Contact", values.customer_primary_contact, ["email_id", "mobile_no"], as_dict=True
		)
		if values.customer_primary_contact
		else None
	) or frappe._dict()
	frappe.db.set_value(
		"Customer",
		customer,
		{"email_id": primary.email_id, "mobile_no": primary.mobile_no},
		update_modified=False,
	)


# --- history: comments, versions, e-mails


def redact_history(person: Person, customers: set[str]):
	references = {
		"Client": person.clients,
		"Customer Portal User": person.portal_users,
		"Contact": person.contacts,
		"Customer": sorted(customers),
	}
	for doctype in HISTORY_DOCTYPES:
		names = references[doctype]
		if not names:
			continue
		for comment in frappe.get_all(
			"Comment", {"reference_doctype": doctype, "reference_name": ("in", names)}, ["name", "content"]
		):
			redact_columns("Comment", comment, {"content": comment.content}, person)
		for record in frappe.get_all(doctype, {"name": ("in", names)}, ["name", "_comments"]):
			redact_columns(doctype, record, {"_comments": record._comments}, person)  # Frappe's cache of them
		for version in frappe.get_all(
			"Version", {"ref_doctype": doctype, "docname": ("in", names)}, ["name", "data"]
		):
			data = redact_value(json.loads(version.data or "{}"), person)
			if data != json.loads(version.data or "{}"):
				frappe.db.set_value(
					"Version", version.name, "data", frappe.as_json(data), update_modified=False
				)
	redact_mails(person, references)


def redact_mails(person: Person, references: dict):
	"""E-mails the app sent about these records: their sent copies (Communication) lose the person;
	queued ones to them are dropped (nothing more is mailed to a forgotten address)."""
	for doctype in ("Client", "Customer Portal User"):
		if not references[doctype]:
			continue
		for mail in frappe.get_all(
			"Communication",
			{"reference_doctype": doctype, "reference_name": ("in", references[doctype])},
			["name", "subject", "content", "sender", "sender_full_name", "recipients", "cc", "bcc"],
		):
			redact_columns("Communication", mail, {k: v for k, v in mail.items() if k != "name"}, person)
		queue = frappe.qb.DocType("Email Queue")
		recipient = frappe.qb.DocType("Email Queue Recipient")
		queued = (
			frappe.qb.from_(queue)
			.join(recipient)
			.on(recipient.parent == queue.name)
			.select(queue.name)
			.distinct()
			.where(
				(queue.reference_doctype == doctype)
				& queue.reference_name.isin(references[doctype])
				& recipient.recipient.isin(sorted(person.emails))
			)
		).run(pluck=True)
		if queued:
			frappe.db.delete("Email Queue Recipient", {"parent": ("in", queued)})
			frappe.db.delete("Email Queue", {"name": ("in", queued)})


def redact_columns(doctype: str, record, values: dict, person: Person):
	changed = {k: redact_text(v, person) for k, v in values.items() if isinstance(v, str)}
	changed = {k: v for k, v in changed.items() if v != values[k]}
	if changed:
		frappe.db.set_value(doctype, record.name, changed, update_modified=False)


def redact_value(value, person: Person, row: bool = False):
	"""A version's data: the person's contact rows lose every personal field; any other text loses their
	address, phones and name."""
	if isinstance(value, dict):
		theirs = value.get("name") in {r.name for r in person.rows} or (
			str(value.get("email") or "").lower() in person.emails
		)
		return {
			k: (
				redact_field(k, person)
				if theirs and k in CONTACT_ROW_PERSONAL_FIELDS
				else redact_value(v, person)
			)
			for k, v in value.items()
		}
	if isinstance(value, list):
		# row_changed entries: [table, idx, row name, [[field, old, new], ...]]
		if len(value) == 4 and isinstance(value[3], list) and value[2] in {r.name for r in person.rows}:
			return [
				*value[:3],
				[
					[change[0], *(redact_field(change[0], person),) * 2]
					if change and change[0] in CONTACT_ROW_PERSONAL_FIELDS
					else redact_value(change, person)
					for change in value[3]
				],
			]
		return [redact_value(item, person) for item in value]
	if isinstance(value, str):
		return redact_text(value, person)
	return value


def redact_field(fieldname: str, person: Person) -> str:
	return person.anonymous if fieldname == "email" else REDACTED


def redact_text(text: str, person: Person) -> str:
	for email in person.emails:
		text = re.sub(re.escape(email), person.anonymous, text, flags=re.IGNORECASE)
	for token in sorted(person.phones | person.names, key=len, reverse=True):
		text = re.sub(rf"(?<!\w){re.escape(token)}(?!\w)", REDACTED, text)
	return text


def forget_after_deletion_request(email: str, anonymous: str):
	"""Frappe's Personal Data Deletion Request has erased the login and put `anonymous` in the app's
	records (USER_DATA_FIELDS): the app forgets the rest."""
	person = find_person(email, anonymous)
	if person.found:
		forget(person)
