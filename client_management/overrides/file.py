"""doc_events of File."""

import frappe
from frappe import _
from frappe.core.doctype.file.file import has_permission as may_access_file


def before_insert(doc, method: str | None = None):
	refuse_private_file_of_others(doc)


def refuse_private_file_of_others(doc):
	"""A File row is a key to its file: one made for an existing private file (its URL attached to
	a document the user may write, or posted to the File API) needs read access to that file through
	a row that exists already. v15 checks only the new row, which its maker owns.

	Runs after File's own before_insert, which has stored an upload by then: an upload of new
	content has a URL no other row has; one whose bytes match a private file the user cannot
	read is refused too (Frappe would point it at that file)."""
	url = doc.file_url or ""
	if doc.is_folder or not url.startswith("/private/files/"):
		return
	if frappe.session.user == "Administrator":
		return
	rows = frappe.get_all("File", filters={"file_url": url}, fields="*")
	if rows and not any(may_access_file(frappe.get_doc({**row, "doctype": "File"}), "read") for row in rows):
		frappe.throw(
			_("You cannot attach a private file you have no access to."),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)
