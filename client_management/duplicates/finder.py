"""Site layer of duplicate detection: fetch the clients that could match, let `scoring` rank them."""

from collections import defaultdict
from functools import reduce
from operator import or_

import frappe
from frappe.query_builder import DocType

from client_management.duplicates.identity import (
	IDENTITY_FIELDS,
	PHONE_FIELDS,
	TAX_ID_FIELDS,
	client_facts,
)
from client_management.duplicates.scoring import (
	Candidate,
	ClientFacts,
	score_candidates,
	similar_names,
	sorted_tokens,
)


def facts_of(client) -> ClientFacts:
	"""Facts of an unsaved or saved Client document (values already normalised by its validate)."""
	return client_facts(None if client.is_new() else client.name, client, client.get("contacts") or [])


def find_duplicates(client, as_user: bool = False) -> list[Candidate]:
	"""Clients like `client`, best first. `as_user`: only those the session user may read (roles,
	User Permissions, shares), as the form's check shows them to that user."""
	new = facts_of(client)
	names = set(same_tax_id(new.tax_ids)) | set(same_phone(new.phones)) | set(same_domain(new.email_domains))
	name_scores = dict(similar_names(new.company_name, all_normalized_names()))
	names |= set(name_scores)
	names.discard(new.name)
	if as_user and names:
		names &= set(readable_clients(names))
	return score_candidates(new, load_facts(names), name_scores)


def readable_clients(names: set[str]) -> list[str]:
	return frappe.get_list("Client", filters={"name": ("in", list(names))}, pluck="name", limit_page_length=0)


def blocking_duplicates(client) -> list[Candidate]:
	new = facts_of(client)
	return score_candidates(new, load_facts(set(same_tax_id(new.tax_ids)) - {new.name}))


def shared_tax_id_fields(client, others: set[str]) -> list[str]:
	"""The client's tax id fields whose value one of the clients `others` has too."""
	taken = {
		value
		for row in frappe.get_all(
			"Client", filters={"name": ("in", list(others))}, fields=list(TAX_ID_FIELDS), as_list=True
		)
		for value in row
	}
	return [fieldname for fieldname in TAX_ID_FIELDS if client.get(fieldname) in taken - {None, ""}]


def same_tax_id(tax_ids: set[str]) -> list[str]:
	"""Clients with one of these tax ids / VAT numbers (run on every client saved and imported: one
	plain query, without get_all's list machinery)."""
	if not tax_ids:
		return []
	client = DocType("Client")
	either = reduce(or_, (client[fieldname].isin(list(tax_ids)) for fieldname in TAX_ID_FIELDS))
	return frappe.qb.from_(client).select(client.name).where(either).run(pluck=True)


def same_phone(phones: set[str]) -> list[str]:
	if not phones:
		return []
	return frappe.get_all(
		"Client Contact",
		filters={"parenttype": "Client"},
		or_filters={fieldname: ("in", list(phones)) for fieldname in PHONE_FIELDS},
		pluck="parent",
	)


def same_domain(domains: set[str]) -> list[str]:
	parents = []
	for domain in domains:  # validated domains: letters, digits, dots and hyphens only
		parents += frappe.get_all(
			"Client Contact",
			filters={"parenttype": "Client", "email": ("like", f"%@{domain}")},
			pluck="parent",
		)
	return parents


NAME_INDEX_VERSION = "client_management:name_index_version"
_name_index: dict[str, tuple[str, dict[str, str]]] = {}  # site -> (version, {client: normalized name})


def all_normalized_names() -> dict[str, str]:
	"""Every client's normalised name (words sorted), kept in this worker's memory until a client changes.

	Reading 100k names per check is what made it slow; the version in Redis says when to reload."""
	version = frappe.cache.get_value(NAME_INDEX_VERSION) or ""
	cached = _name_index.get(frappe.local.site)
	if not cached or cached[0] != version:
		clients = frappe.get_all("Client", fields=["name", "normalized_name"], as_list=True)
		cached = (version, {name: sorted_tokens(normalized or "") for name, normalized in clients})
		_name_index[frappe.local.site] = cached
	return cached[1]


def invalidate_name_index(doc=None, method=None, *args):
	"""Client doc events (insert, name change, rename, delete): this worker's next check reloads the
	names (it sees its own transaction), every worker's once the change is committed: a version bumped
	before would let another worker cache the names without it. One bump per transaction, however many
	clients it writes."""
	_name_index.pop(frappe.local.site, None)
	if not frappe.flags.name_index_changed:
		frappe.flags.name_index_changed = True
		frappe.db.after_commit.add(publish_name_index_change)
		frappe.db.after_rollback.add(forget_name_index_change)


def publish_name_index_change():
	frappe.cache.set_value(NAME_INDEX_VERSION, frappe.generate_hash(length=10))
	frappe.flags.name_index_changed = False


def forget_name_index_change():
	"""The transaction rolled back: this worker may have cached names it wrote."""
	_name_index.pop(frappe.local.site, None)
	frappe.flags.name_index_changed = False


def load_facts(names: set[str]) -> list[ClientFacts]:
	if not names:
		return []
	clients = frappe.get_all(
		"Client", filters={"name": ("in", list(names))}, fields=["name", *IDENTITY_FIELDS["client"]]
	)
	contacts = defaultdict(list)
	for row in frappe.get_all(
		"Client Contact",
		filters={"parenttype": "Client", "parent": ("in", list(names))},
		fields=["parent", *IDENTITY_FIELDS["contacts"]],
	):
		contacts[row.parent].append(row)
	return [client_facts(client.name, client, contacts[client.name]) for client in clients]


def imported_client(key: tuple[str, str], latest: bool = False) -> str | None:
	"""The client that a row of a file imported again was made as (`identity.row_import_key`).
	`latest`: a locking read, which sees what other connections committed since this one began."""
	normalized_name, primary_email = key
	return frappe.db.get_value(
		"Client", {"normalized_name": normalized_name, "primary_email": primary_email}, for_update=latest
	)


def imported_clients(keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
	"""`imported_client` for the rows of a batch in one query: import key -> client."""
	if not keys:
		return {}
	found = frappe.get_all(
		"Client",
		{
			"normalized_name": ("in", {name for name, _email in keys}),
			"primary_email": ("in", {email for _name, email in keys}),
		},
		["name", "normalized_name", "primary_email"],
		order_by="modified asc",  # the last modified wins, as in imported_client
	)
	matches = {(client.normalized_name, client.primary_email): client.name for client in found}
	return {key: matches[key] for key in keys if key in matches}
