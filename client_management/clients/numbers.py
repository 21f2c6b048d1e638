"""Client numbers from the settings' series (Frappe's naming series and its `tabSeries` counter).

A client saved on its own takes the next number with Frappe's make_autoname, which holds the series
row's lock until the save commits. An import batch works for seconds before its commit: holding that
lock as long would make workers side by side wait for each other. So the numbers a batch may need are
reserved first, in a short transaction of their own (the counter moves by the batch's size and is
committed at once), and the batch's new clients take them in order. A rolled-back row leaves a gap, as
ERPNext's own series do; the numbers a batch did not use are given back when no other batch took
numbers since."""

from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass

import frappe
from frappe.model import default_fields
from frappe.model.naming import make_autoname, parse_naming_series
from frappe.query_builder import DocType
from frappe.utils import cint

from client_management.utils.settings import client_number_series

STANDARD = set(default_fields)  # name, owner, creation…: read from the client too


def next_client_number(doc) -> str:
	"""A reserved number when the batch has one left, else the series' next one; never a number a
	client already has (one may have been typed by hand: the reserved ones were checked together, and
	one typed during the batch fails the row's insert, which the import retries with the next)."""
	if reserved := frappe.flags.get("reserved_client_numbers"):
		return reserved.popleft()
	name = make_autoname(client_number_series(), doc=doc)
	while frappe.db.exists("Client", name):
		name = make_autoname(client_number_series(), doc=doc)
	return name


@contextmanager
def client_numbers_for_batch(count: int):
	"""Around one batch of rows, at a commit boundary (it commits): `count` numbers reserved and
	committed before the rows, the unused ones given back after the batch's own commit. A batch that
	raises gives nothing back (its numbers stay gaps)."""
	reservation = reserve_client_numbers(count)
	names = reservation.names if reservation else []
	typed = set(frappe.get_all("Client", {"name": ("in", names)}, pluck="name")) if names else set()
	frappe.flags.reserved_client_numbers = deque(name for name in names if name not in typed)
	try:
		yield
		if reservation:
			give_back(reservation, len(frappe.flags.reserved_client_numbers))
	finally:
		frappe.flags.reserved_client_numbers = None


@dataclass
class Reservation:
	key: str  # the series' counter (tabSeries name)
	end: int  # the counter after the reservation
	names: list[str]


def reservable(series: str) -> bool:
	"""Whether the series' names can be made ahead of their clients: one counter, date parts and
	fixed text only (no part read from the client or from a hook)."""
	parts = [part for part in series.split(".") if part]
	meta = frappe.get_meta("Client")
	variables = frappe.get_hooks("naming_series_variables", {})
	return sum(part.startswith("#") for part in parts) == 1 and not any(
		"{" in part or part == "timestamp" or part in variables or meta.has_field(part) or part in STANDARD
		for part in parts
	)


def reserve_client_numbers(count: int) -> Reservation | None:
	"""The next `count` names of the series, its counter moved and committed at once (None when the
	series cannot be made ahead: its clients are then numbered one by one)."""
	series = client_number_series()
	if count <= 0 or not reservable(series):
		return None
	block = {}
	counter = DocType("Series")

	def take_block(key: str, digits: int) -> str:
		current = (
			frappe.qb.from_(counter).where(counter.name == key).for_update().select(counter.current).run()
		)
		start = cint(current[0][0]) if current else 0
		if current:
			frappe.qb.update(counter).set(counter.current, start + count).where(counter.name == key).run()
		else:
			frappe.qb.into(counter).columns(counter.name, counter.current).insert(key, count).run()
		block.update(key=key, start=start)
		return f"{start + 1:0{digits}d}"

	first = parse_naming_series(series, number_generator=take_block)
	frappe.db.commit()  # the reservation's own short transaction: no batch waits for another's work
	names = [first] + [
		parse_naming_series(series, number_generator=lambda _key, digits, n=n: f"{n:0{digits}d}")
		for n in range(block["start"] + 2, block["start"] + count + 1)
	]
	return Reservation(block["key"], block["start"] + count, names)


def give_back(reservation: Reservation, unused: int) -> None:
	"""After the batch's commit: the `unused` tail returns to the series if its counter has not moved
	since (no other batch or client took a number), so an import alone leaves no gap at its end."""
	if not unused:
		return
	counter = DocType("Series")
	frappe.qb.update(counter).set(counter.current, counter.current - unused).where(
		(counter.name == reservation.key) & (counter.current == reservation.end)
	).run()
	frappe.db.commit()
