"""Site layer of duplicate detection: fetch the clients that could match, let `scoring` rank them."""

import frappe

from client_management.duplicates.scoring import (
	Candidate,
	ClientFacts,
	company_domains,
	score_candidates,
	similar_names,
	sorted_tokens,
)


def facts_of(client) -> ClientFacts:
	"""Facts of an unsaved or saved Client document (values already normalised by its validate)."""
	contacts = client.get("contacts") or []
	return ClientFacts(
		name=client.name if not client.is_new() else None,
		company_name=client.company_name or "",
		tax_ids={v for v in (client.tax_id, client.vat_number) if v},
		email_domains=company_domains(row.email for row in contacts if row.email),
		phones={p for row in contacts for p in (row.phone, row.mobile_no) if p},
	)


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


def same_tax_id(tax_ids: set[str]) -> list[str]:
	if not tax_ids:
		return []
	return frappe.get_all(
		"Client",
		or_filters={"tax_id": ("in", list(tax_ids)), "vat_number": ("in", list(tax_ids))},
		pluck="name",
	)


def same_phone(phones: set[str]) -> list[str]:
	if not phones:
		return []
	return frappe.get_all(
		"Client Contact",
		filters={"parenttype": "Client"},
		or_filters={"phone": ("in", list(phones)), "mobile_no": ("in", list(phones))},
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
	"""Client doc events (insert, name change, rename, delete): the next check reloads the names."""
	frappe.cache.set_value(NAME_INDEX_VERSION, frappe.generate_hash(length=10))


def load_facts(names: set[str]) -> list[ClientFacts]:
	if not names:
		return []
	clients = frappe.get_all(
		"Client",
		filters={"name": ("in", list(names))},
		fields=["name", "company_name", "tax_id", "vat_number"],
	)
	contacts = frappe.get_all(
		"Client Contact",
		filters={"parenttype": "Client", "parent": ("in", list(names))},
		fields=["parent", "email", "phone", "mobile_no"],
	)
	facts = {
		c.name: ClientFacts(c.name, c.company_name, tax_ids={v for v in (c.tax_id, c.vat_number) if v})
		for c in clients
	}
	for row in contacts:
		fact = facts[row.parent]
		fact.email_domains |= company_domains([row.email])
		fact.phones |= {p for p in (row.phone, row.mobile_no) if p}
	return list(facts.values())
