"""Folders of the File manager that hold the app's short-lived private files."""

import frappe


def ensure_folder(path: str) -> str:
	"""`path` ("Home/Name"), made on first use."""
	if not frappe.db.exists("File", path):
		parent, name = path.rsplit("/", 1)
		frappe.get_doc({"doctype": "File", "file_name": name, "folder": parent, "is_folder": 1}).insert(
			ignore_if_duplicate=True
		)
	return path


def delete_files_older_than(path: str, cutoff) -> list[str]:
	"""The scheduler's clean-up of a folder (no user input): the names of the files deleted."""
	old = frappe.get_all(
		"File", filters={"folder": path, "is_folder": 0, "creation": ("<", cutoff)}, pluck="name"
	)
	for file in old:
		frappe.delete_doc("File", file, ignore_permissions=True)
	return old
