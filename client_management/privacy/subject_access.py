"""What we hold on a person (subject access): every row the app and ERPNext keep on one e-mail
address, as one JSON, in a zip with the statement PDFs sent to it. One rule for the desk's Export
Personal Data and `bench export-personal-data`."""

import io
import json
import zipfile

import frappe
from frappe.utils import split_emails

from client_management.constants import (
	ADDRESS_PARTS,
	CLIENT_DOCTYPES,
	CONTACT_FLAGS,
	CONTACT_ROW_PERSONAL_FIELDS,
)
from client_management.privacy.erasure import checked_email

# ERPNext documents that name a person by their e-mail: their date field (the party's: CLIENT_DOCTYPES)
SALES_DOCUMENTS = {
	"Quotation": "transaction_date",
	"Sales Order": "transaction_date",
	"Delivery Note": "posting_date",
	"Sales Invoice": "posting_date",
}
USER_FIELDS = (
	"name",
	"email",
	"first_name",
	"middle_name",
	"last_name",
	"full_name",
	"phone",
	"mobile_no",
	"language",
	"user_type",
	"enabled",
	"creation",
	"last_login",
	"last_active",
)


def personal_data(email: str) -> dict:
	"""{doctype: [rows]} of everything held on `email`; doctypes with nothing are left out."""
	email = checked_email(email)
	data = {
		"Client Contact": client_contact_rows(email),
		"Customer Portal User": frappe.get_all(
			"Customer Portal User",
			{"email": email},
			["name", "client", "contact", "email", "full_name", "enabled", "user", "invited_on"],
		),
		"Statement Log": statements_sent_to(email),
		"User": frappe.get_all("User", {"name": email}, USER_FIELDS),
		"Contact": contacts_of(email),
		"Address": frappe.get_all(
			"Address",
			{"email_id": email},
			["name", "address_title", *ADDRESS_PARTS, "phone"],
		),
		"Lead": frappe.get_all(
			"Lead",
			{"email_id": email},
			["name", "lead_name", "company_name", "email_id", "phone", "mobile_no", "job_title", "status"],
		),
		"Opportunity": frappe.get_all(
			"Opportunity",
			{"contact_email": email},
			["name", "party_name", "contact_person", "contact_email", "contact_mobile", "status"],
		),
		**{
			doctype: frappe.get_all(
				doctype,
				{"contact_email": email},
				[
					"name",
					date_field,
					CLIENT_DOCTYPES[doctype].party,
					"contact_person",
					"contact_display",
					"contact_email",
					"docstatus",
				],
			)
			for doctype, date_field in SALES_DOCUMENTS.items()
		},
		"Communication": mails_of(email),
	}
	return {doctype: rows for doctype, rows in data.items() if rows}


def client_contact_rows(email: str) -> list[dict]:
	row = frappe.qb.DocType("Client Contact")
	client = frappe.qb.DocType("Client")
	return (
		frappe.qb.from_(row)
		.join(client)
		.on(client.name == row.parent)
		.select(
			row.parent.as_("client"),
			client.company_name,
			*(getattr(row, field) for field in (*CONTACT_ROW_PERSONAL_FIELDS, *CONTACT_FLAGS)),
		)
		.where((row.parenttype == "Client") & ((row.email == email) | (row.alternate_email == email)))
	).run(as_dict=True)


def statements_sent_to(email: str) -> list[dict]:
	log = frappe.qb.DocType("Statement Log")
	recipient = frappe.qb.DocType("Statement Log Recipient")
	return (
		frappe.qb.from_(log)
		.join(recipient)
		.on(recipient.parent == log.name)
		.select(
			log.name,
			log.client,
			log.company,
			log.statement_type,
			log.statement_date,
			log.total_due,
			log.currency,
			log.sent_at,
			recipient.recipient_type.as_("sent_as"),
		)
		.where((recipient.parenttype == "Statement Log") & (recipient.email == email))
		.orderby(log.sent_at)
	).run(as_dict=True)


def contacts_of(email: str) -> list[dict]:
	names = set(frappe.get_all("Contact", {"email_id": email}, pluck="name")) | set(
		frappe.get_all("Contact Email", {"parenttype": "Contact", "email_id": email}, pluck="parent")
	)
	contacts = []
	for name in sorted(names):
		contact = frappe.get_doc("Contact", name)
		contacts.append(
			{
				"name": contact.name,
				"first_name": contact.first_name,
				"middle_name": contact.middle_name,
				"last_name": contact.last_name,
				"designation": contact.designation,
				"company_name": contact.company_name,
				"emails": [e.email_id for e in contact.email_ids],
				"phones": [p.phone for p in contact.phone_nos],
				"links": [f"{link.link_doctype} {link.link_name}" for link in contact.links],
			}
		)
	return contacts


def mails_of(email: str) -> list[dict]:
	"""E-mails from or to the address (the recipients' columns hold lists: matched exactly here)."""
	like = f"%{email}%"
	mails = frappe.get_all(
		"Communication",
		filters={"communication_medium": "Email"},
		or_filters={"sender": email, "recipients": ("like", like), "cc": ("like", like)},
		fields=[
			"name",
			"communication_date",
			"sent_or_received",
			"subject",
			"sender",
			"recipients",
			"cc",
			"content",
		],
		order_by="communication_date",
	)
	return [
		mail
		for mail in mails
		if email == (mail.sender or "").lower()
		or email in {e.lower() for e in split_emails(mail.recipients or "") + split_emails(mail.cc or "")}
	]


def personal_data_archive(email: str) -> tuple[bytes, dict]:
	"""(zip, data): personal-data.json and the statement PDFs sent to the address."""
	data = personal_data(email)
	buffer = io.BytesIO()
	with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
		archive.writestr("personal-data.json", json.dumps(data, indent=2, default=str, ensure_ascii=False))
		for log in data.get("Statement Log", []):
			for name in frappe.get_all(
				"File", {"attached_to_doctype": "Statement Log", "attached_to_name": log.name}, pluck="name"
			):
				file = frappe.get_doc("File", name)
				archive.write(file.get_full_path(), f"statements/{log.name}-{file.file_name}")
	return buffer.getvalue(), data
