"""Importing rows into Clients with the form's own validation: each row in its own savepoint, so valid
rows are kept when others fail, and a dry run writes nothing."""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import strip_html

from client_management.clients.assignment import batched_assignments, write_assignments
from client_management.clients.numbers import client_numbers_for_batch
from client_management.duplicates.finder import imported_client, imported_clients
from client_management.duplicates.identity import row_import_key
from client_management.imports.columns import CLIENT_COLUMNS, COLUMNS, CONTACT_COLUMNS, SHIPPING_COLUMNS
from client_management.imports.options import UPDATE_BY
from client_management.imports.reader import PARSERS
from client_management.utils.exceptions import ClientFieldError, DuplicateClientError
from client_management.validation import InvalidValue, Problem, compact


@dataclass
class RowOutcome:
	row: int
	action: str  # created | updated | unchanged | skipped | rejected
	client: str | None = None
	errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
	note: str = ""

	def message(self) -> str:
		return (
			"; ".join(f"{column}: {message}" if column else message for column, message in self.errors)
			or self.note
		)


# Rows committed together by the import jobs and the CLI (each row has its own savepoint). Measured on
# a 2-CPU machine, 600 rows in jobs of 300: one worker 67.5 s, against 88.5 s with a commit per row.
# A batch reserves its client numbers first (clients.numbers): it holds no series lock while it works.
COMMIT_EVERY = 50
KEPT = ("created", "updated")  # the outcomes of rows written (the others are rolled back)
ROW = "client_import_row"  # each row's savepoint
NUMBER_ATTEMPTS = 3  # a new client's insert, made again when its number was taken meanwhile


def import_rows(
	rows: list[tuple[int, dict]],
	update_by: str = "number",
	dry_run: bool = False,
	progress: Callable[[int, int], None] | None = None,
	commit_every: int = 0,
	seen: dict[str, int] | None = None,
	after_batch: Callable[[list[RowOutcome]], None] | None = None,
) -> list[RowOutcome]:
	"""Each row in a savepoint (a rejected row leaves nothing); with `commit_every`, the rows are
	committed in batches of that many (a job keeps the batches done if it stops later), each after
	`after_batch` has been given its outcomes, in the same transaction.
	`seen`: the keys of earlier rows of the same file (a chunk of a file imported by several jobs)."""
	if update_by not in UPDATE_BY.values():
		frappe.throw(
			_("Update by must be one of: {0}").format(", ".join(UPDATE_BY.values())),
			title=_("Invalid Option"),
		)
	seen = dict(seen or {})
	outcomes = []
	saving = frappe.flags.currently_saving
	size = commit_every or len(rows)
	batches = bool(commit_every and not dry_run)
	with side_by_side(batches), batched_assignments() as assignments:
		for start in range(0, len(rows), size or 1):
			batch_rows = rows[start : start + size]
			# a batch that commits takes its client numbers ahead, in a transaction of its own
			with client_numbers_for_batch(len(batch_rows) if batches else 0):
				batch = []
				imported = imported_clients(list(filter(None, map(import_key_of, dict(batch_rows).values()))))
				for number, values in batch_rows:
					mark, todos = len(saving), len(assignments)
					outcome = import_row(number, values, update_by, dry_run, seen, imported)
					# Frappe v15 leaves each inserted document in this list, which a request starts afresh,
					# and searches it on every save and db_set: over 10,000 rows, 60,000 entries made the
					# import slow down row after row. Between rows nothing is being saved.
					del saving[mark:]
					if dry_run or outcome.action not in KEPT:
						del assignments[todos:]  # the row was rolled back
					outcomes.append(outcome)
					batch.append(outcome)
					if progress:
						progress(len(outcomes), len(rows))
				write_assignments(assignments)
				if commit_every:
					if after_batch:
						after_batch(batch)
					if not dry_run:
						frappe.db.commit()
	return outcomes


@contextmanager
def side_by_side(batches: bool):
	"""Batches that commit run at READ COMMITTED, so that workers side by side never wait for each
	other: at REPEATABLE READ, InnoDB also locks the gap after each row a batch reads for update (Frappe's
	ToDo reads its reference's assignments so when an import gives a client another owner), where
	another batch's next client goes, until the batch commits. The session's level applies from the
	next transaction: set, then committed (a batch import commits anyway); put back after the last
	batch."""
	if not batches:
		yield
		return
	frappe.db.sql("set session transaction isolation level read committed")
	frappe.db.commit()
	try:
		yield
	finally:
		frappe.db.sql("set session transaction isolation level repeatable read")


def split_rows(rows: list[tuple[int, dict]], update_by: str, size: int) -> list[tuple[list, dict]]:
	"""Chunks of `size` rows for jobs that run side by side, each with the keys its rows share with
	earlier rows (key -> first row number): a chunk skips a repeated row as the whole file would."""
	seen: dict[str, int] = {}
	chunks = []
	for start in range(0, len(rows), size):
		chunk = rows[start : start + size]
		keys = [row_key(values, update_by) for _number, values in chunk]
		chunks.append((chunk, {key: seen[key] for key in keys if key in seen}))
		for (number, _values), key in zip(chunk, keys, strict=True):
			if key:
				seen.setdefault(key, number)
	return chunks


def import_row(
	number: int, values: dict, update_by: str, dry_run: bool, seen: dict, imported: dict
) -> RowOutcome:
	"""`imported`: the clients made before under the import keys of the batch's rows (`import_key_of`),
	to which a row made here is added."""
	errors = []
	client_values = parse_client_values(values, errors)
	contacts = row_contacts(values)
	import_key = import_key_of(values)
	key = row_key(values, update_by)
	if key and key in seen:
		return RowOutcome(number, "skipped", note=_("duplicate of row {0} in this file").format(seen[key]))
	if key:
		seen[key] = number

	existing = find_existing(values, update_by)
	if update_by == "number" and values.get("client_number") and not existing:
		errors.append(("client_number", _("no client {0}").format(values["client_number"])))
	if errors:
		return RowOutcome(number, "rejected", errors=errors)
	if not existing and (duplicate := imported.get(import_key)):
		return RowOutcome(
			number, "skipped", duplicate, note=_("already imported as client {0}").format(duplicate)
		)

	frappe.db.savepoint(ROW)
	try:
		outcome = save_row_numbered(number, existing, client_values, contacts)
	except DuplicateClientError as error:
		frappe.db.rollback(save_point=ROW)
		return RowOutcome(number, "skipped", note=clean(error))
	except frappe.DuplicateEntryError as error:
		# another import (a second admin, the CLI beside a desk job) saved this client first
		frappe.db.rollback(save_point=ROW)
		if not existing and import_key and (duplicate := imported_client(import_key, latest=True)):
			return RowOutcome(
				number, "skipped", duplicate, note=_("imported meanwhile as client {0}").format(duplicate)
			)
		return RowOutcome(number, "rejected", errors=[("", clean(error))])
	except frappe.ValidationError as error:
		frappe.db.rollback(save_point=ROW)
		problems = (
			error.problems
			if isinstance(error, ClientFieldError)
			# Frappe's own checks name the field in their message only; its link check empties the
			# links it refuses: they are looked for on the row's document made again
			else refused_by_frappe(row_document(existing, client_values, contacts)[0])
		)
		return RowOutcome(
			number, "rejected", errors=[(column_for(problems[0]) if problems else "", clean(error))]
		)
	finally:
		frappe.clear_messages()
	if dry_run or outcome.action not in KEPT:
		frappe.db.rollback(save_point=ROW)
	else:  # its savepoint is replaced by the next row's (no release: one query less per row)
		remember_import_key(imported, outcome, import_key)
	return outcome


def save_row_numbered(
	number: int, existing: str | None, client_values: dict, contacts: list[dict]
) -> RowOutcome:
	"""`save_row`; a new client whose number another client took meanwhile (typed in a form during the
	batch, or saved between the series' check and the insert) is made again with the next number."""
	for attempt in range(NUMBER_ATTEMPTS):
		try:
			return save_row(number, existing, client_values, contacts)
		except frappe.DuplicateEntryError as error:
			if existing or error.args[:1] != ("Client",) or attempt == NUMBER_ATTEMPTS - 1:
				raise
			frappe.db.rollback(save_point=ROW)


def remember_import_key(imported: dict, outcome: RowOutcome, import_key: tuple[str, str] | None):
	"""A later row of the batch with the key of a client just written is that client: a new client's
	key is its row's; an updated client's, read back (its contacts may not be the row's)."""
	if outcome.action == "updated":
		stored = frappe.db.get_value("Client", outcome.client, ["normalized_name", "primary_email"])
		import_key = tuple(stored) if stored and all(stored) else None
	if import_key:
		imported[import_key] = outcome.client


def import_key_of(values: dict) -> tuple[str, str] | None:
	"""The import key of a row of the sheet, as `import_row` looks it up."""
	return row_import_key(values.get("company_name"), row_contacts(values))


def save_row(number: int, existing: str | None, client_values: dict, contacts: list[dict]) -> RowOutcome:
	doc, before = row_document(existing, client_values, contacts)
	if existing and snapshot(doc) == before:
		# nothing to write: not validated again against rules it was allowed to skip
		# (a won deal's Incomplete client, exported then imported as it is)
		return RowOutcome(number, "unchanged", doc.name)
	doc.flags.allow_incomplete = True  # collect every problem of the row instead of stopping at the first
	doc.flags.in_import = True
	doc.save()
	problems = [(column_for(p), strip_html(p.message)) for p in doc.flags.problems]
	invalid = {column for column, _message in problems}
	problems += [
		(column, p.message) for p in doc.missing_mandatory() if (column := column_for(p)) not in invalid
	]
	if problems:
		return RowOutcome(number, "rejected", errors=problems)
	if existing:
		return RowOutcome(number, "updated" if snapshot(doc) != before else "unchanged", doc.name)
	return RowOutcome(number, "created", doc.name)


def row_document(existing: str | None, client_values: dict, contacts: list[dict]) -> tuple:
	"""The unsaved Client a row makes or updates, and a snapshot of the client it updates (None for a
	new one)."""
	if not existing:
		doc = frappe.get_doc({"doctype": "Client", **client_values, "contacts": contacts})
		if doc.contacts:
			doc.contacts[0].is_primary = doc.contacts[0].is_billing_contact = 1
		return doc, None
	doc = frappe.get_doc("Client", existing)
	before = snapshot(doc)
	doc.update({k: v for k, v in client_values.items() if v not in (None, "")})
	merge_contacts(doc, contacts)
	return doc, before


def parse_client_values(values: dict, errors: list) -> dict:
	result = {}
	for column in CLIENT_COLUMNS:
		text = values.get(column.key, "")
		if column.key == "client_number" or not text:
			continue
		if column.kind in PARSERS:
			try:
				text = PARSERS[column.kind](text)
			except InvalidValue as error:
				errors.append((column.key, str(error)))
				continue
		result[column.fieldname] = text
	if "shipping_same_as_billing" not in result and any(values.get(key) for key in SHIPPING_COLUMNS):
		result["shipping_same_as_billing"] = 0  # a shipping address of its own was given
	return result


def row_contacts(values: dict) -> list[dict]:
	return [contact for contact in parse_contacts(values) if any(contact.values())]


def parse_contacts(values: dict) -> list[dict]:
	contacts = [{}, {}, {}]
	for column in CONTACT_COLUMNS:
		if values.get(column.key):
			contacts[column.contact][column.fieldname] = values[column.key]
	return contacts


def merge_contacts(doc, contacts: list[dict]):
	"""Update the contact rows with the same email; add the others."""
	by_email = {(row.email or "").lower(): row for row in doc.contacts}
	for contact in contacts:
		row = by_email.get((contact.get("email") or "").strip().lower())
		if row:
			row.update({k: v for k, v in contact.items() if v})
		else:
			doc.append("contacts", contact)


def row_key(values: dict, update_by: str) -> str:
	if update_by == "number":
		return values.get("client_number", "")
	return compact(values.get("vat_number") or values.get("tax_id") or "")


def find_existing(values: dict, update_by: str) -> str | None:
	if update_by == "number":
		number = values.get("client_number")
		return number if number and frappe.db.exists("Client", number) else None
	for fieldname in ("vat_number", "tax_id"):
		value = compact(values.get(fieldname) or "")
		if value:
			match = frappe.db.get_value(
				"Client", {fieldname: ("in", [value, values[fieldname].strip().upper()])}
			)
			if match:
				return match
	return None


def snapshot(doc) -> dict:
	data = doc.as_dict(no_default_fields=True)
	data["contacts"] = [row.as_dict(no_default_fields=True) for row in doc.contacts]
	for row in data["contacts"]:
		row.pop("contact", None)
	return frappe.parse_json(frappe.as_json(data))  # dates as text, whether loaded or just set


def clean(error: Exception) -> str:
	return strip_html(str(error)).strip()


def column_for(problem) -> str:
	"""The sheet column of a field the Client's validation named (fieldname and contact row)."""
	for column in COLUMNS:
		if column.fieldname != problem.fieldname:
			continue
		if problem.row is None and column.contact is None:
			return column.key
		if problem.row is not None and column.contact == min(problem.row - 1, 2):
			return column.key
	return ""


def refused_by_frappe(doc) -> list[Problem]:
	"""Where the client and its contact rows fail Frappe's own checks: links to nothing, choices not
	among a select's options."""
	problems = []
	for row in (doc, *doc.get_all_children()):
		fieldnames = [fieldname for fieldname, _value, _message in row.get_invalid_links()[0]]
		fieldnames += [
			df.fieldname
			for df in row.meta.get_select_fields()
			if df.options and row.get(df.fieldname) and row.get(df.fieldname) not in df.options.split("\n")
		]
		problems += [
			Problem(fieldname, row.idx if row.get("parentfield") else None, row.meta.get_label(fieldname), "")
			for fieldname in fieldnames
		]
	return problems
