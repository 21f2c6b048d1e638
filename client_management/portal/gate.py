"""The one gate to a client's data in ERPNext's portal: a login reaches a client's Customer only
through Customer Portal User.

ERPNext v15 decides what a portal login may read from two records of its own:
  * `Customer.portal_users` (Portal User rows): /invoices, /orders, /quotations, /projects;
  * a Contact whose `user` is the login, linked to the Customer: /issues, /timesheets.
`portal.access` writes both from Customer Portal User. Any other write that would let a portal login
reach a client's Customer, or a client's portal login reach another Customer, is refused (Portal User
rows, Contact links, merges) or never takes effect (a Contact's login is cleared). `find_drift`
lists what predates the gate, `repair` puts each finding right."""

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import get_link_to_form

from client_management.constants import CLIENT_STATUS
from client_management.mirror.customer import in_client_merge, save_as_mirror
from client_management.portal import is_portal_user
from client_management.utils.exceptions import PortalAccessError


def access_on(portal_user) -> bool:
	"""A portal user can log in when its Active switch is on and its client is not Inactive."""
	return (
		bool(portal_user.enabled)
		and frappe.db.get_value("Client", portal_user.client, "status") != CLIENT_STATUS.inactive
	)


def granted_logins(client: str) -> set[str]:
	"""The logins Customer Portal User gives the client's data to."""
	if frappe.db.get_value("Client", client, "status") == CLIENT_STATUS.inactive:
		return set()
	return set(
		frappe.get_all(
			"Customer Portal User", {"client": client, "enabled": 1, "user": ("is", "set")}, pluck="user"
		)
	)


def client_of_login(user: str) -> str | None:
	"""The client whose Customer Portal User the login is, on or off: such a login is the app's."""
	return frappe.db.get_value("Customer Portal User", {"user": user}, "client")


def unreachable(user: str, customer: str) -> str | None:
	"""Why `user`, a portal login, may not reach `customer`; None when Customer Portal User lets it."""
	client = frappe.db.get_value("Customer", customer, "client")
	if client:
		if user in granted_logins(client):
			return None
		return _(
			"{0} has no portal access to client {1}: portal access is given in the client's Customer Portal section."
		).format(frappe.bold(user), get_link_to_form("Client", client))
	own = client_of_login(user)
	if own:
		return _("{0} is a portal user of client {1}: its login reaches that client's data only.").format(
			frappe.bold(user), get_link_to_form("Client", own)
		)
	return None


def refuse(message: str):
	frappe.throw(message, title=_("Portal Access"), exc=PortalAccessError)


# --- Customer.portal_users


def check_customer_portal_users(customer):
	"""Customer.validate: the Portal User rows of a client's Customer change only through Customer
	Portal User; no other Customer takes a client's portal login."""
	if customer.flags.from_client:
		return
	before = customer.get_doc_before_save()
	users = {row.user for row in customer.portal_users}
	previous = {row.user for row in before.portal_users} if before else set()
	client = (before.client if before else None) or customer.client
	if client and users != previous:
		refuse_managed_rows(client)
	for user in users - previous:
		if reason := unreachable(user, customer.name):
			refuse(reason)


def check_portal_user_row(row, removing: bool = False):
	"""A Portal User row written on its own (the REST API's child resource), where the Customer's own
	validate does not run."""
	if row.parenttype != "Customer":
		return
	if client := frappe.db.get_value("Customer", row.parent, "client"):
		refuse_managed_rows(client)
	if not removing and row.user and (reason := unreachable(row.user, row.parent)):
		refuse(reason)


def refuse_managed_rows(client: str):
	refuse(
		_(
			"Portal users of this customer are managed by Client {0}: give or take portal access in the client's Customer Portal section."
		).format(get_link_to_form("Client", client))
	)


# --- Contacts: ERPNext's /issues and /timesheets follow a Contact's login


def check_contact_login(contact):
	"""Contact.validate: a portal login stays on a Contact only where Customer Portal User lets it
	reach every Customer the Contact links. Otherwise it never takes effect: the Contact keeps the
	login it had, when that one may stay, or none (ERPNext fills the login from the email on each
	save, so a refusal would block honest edits)."""
	reason = login_refusal(contact.user, contact)
	if not reason:
		return
	before = contact.get_doc_before_save()
	previous = before.user if before else None
	contact.user = previous if previous and not login_refusal(previous, contact) else None
	if not contact.flags.from_client:
		frappe.msgprint(reason, title=_("Portal Access"), indicator="orange", alert=True)


def login_refusal(user: str | None, contact) -> str | None:
	"""Why `user` may not be the login of `contact`, given the Customers it links."""
	if not user or not is_portal_user(user):
		return None
	for link in contact.links:
		if link.link_doctype == "Customer" and (reason := unreachable(user, link.link_name)):
			return reason
	return None


def check_contact_link(link):
	"""A Contact's link written on its own (the REST API's child resource), where the Contact's own
	validate does not run."""
	if link.parenttype != "Contact" or link.link_doctype != "Customer":
		return
	user = frappe.db.get_value("Contact", link.parent, "user")
	if user and is_portal_user(user) and (reason := unreachable(user, link.link_name)):
		refuse(reason)


def withdraw_contact_logins(customer: str, user: str):
	"""A login whose access ends leaves the Contacts of the client's Customer."""
	if not customer:
		return
	for contact in contacts_with_login(customer, user):
		frappe.db.set_value("Contact", contact, "user", None, update_modified=False)


def contacts_with_login(customer: str, user: str) -> list[str]:
	link = frappe.qb.DocType("Dynamic Link")
	contact = frappe.qb.DocType("Contact")
	return (
		frappe.qb.from_(contact)
		.join(link)
		.on((link.parent == contact.name) & (link.parenttype == "Contact"))
		.select(contact.name)
		.distinct()
		.where((contact.user == user) & (link.link_doctype == "Customer") & (link.link_name == customer))
	).run(pluck=True)


# --- merges


def check_customer_merge(old: str, new: str, merge: bool):
	"""Customer.before_rename: a merge would hand one client's contacts (and their logins) and history
	to another Customer; clients merge as clients."""
	if not merge or in_client_merge():
		return
	for customer, client in frappe.get_all(
		"Customer", {"name": ("in", [old, new]), "client": ("is", "set")}, ["name", "client"], as_list=1
	):
		refuse(
			_(
				"Customer {0} belongs to client {1}: merge the clients instead (Client > Rename > Merge)."
			).format(frappe.bold(customer), get_link_to_form("Client", client))
		)


# --- drift that predates the gate


@dataclass(frozen=True)
class Drift:
	"""One way a login reaches a Customer that Customer Portal User does not give (or the reverse)."""

	kind: str  # "extra row", "missing row", "contact login"
	customer: str
	user: str
	client: str | None = None
	contact: str | None = None

	def describe(self) -> str:
		where = f"customer {self.customer}" + (f" (client {self.client})" if self.client else "")
		if self.kind == "missing row":
			return f"{where}: {self.user} has portal access but is not among the customer's portal users"
		if self.kind == "contact login":
			return f"{where}: contact {self.contact} carries the login {self.user}, which has no access here"
		return f"{where}: portal user row {self.user} is not given by Customer Portal User"


def find_drift() -> list[Drift]:
	drift = []
	granted = {}  # client -> logins

	def logins_of(client):
		if client not in granted:
			granted[client] = granted_logins(client)
		return granted[client]

	managed = dict(
		frappe.get_all("Customer Portal User", {"user": ("is", "set")}, ["user", "client"], as_list=1)
	)
	customer = frappe.qb.DocType("Customer")
	row = frappe.qb.DocType("Portal User")
	rows = (
		frappe.qb.from_(row)
		.join(customer)
		.on(customer.name == row.parent)
		.select(row.parent, row.user, customer.client)
		.where(row.parenttype == "Customer")
	).run(as_dict=True)
	present = {(r.parent, r.user) for r in rows}
	for r in rows:
		if (r.client and r.user not in logins_of(r.client)) or (not r.client and r.user in managed):
			drift.append(Drift("extra row", r.parent, r.user, r.client))

	for client, customer_name in frappe.get_all(
		"Client", {"customer": ("is", "set")}, ["name", "customer"], as_list=1
	):
		for user in sorted(logins_of(client)):
			if (customer_name, user) not in present:
				drift.append(Drift("missing row", customer_name, user, client))

	contact = frappe.qb.DocType("Contact")
	link = frappe.qb.DocType("Dynamic Link")
	for r in (
		frappe.qb.from_(contact)
		.join(link)
		.on((link.parent == contact.name) & (link.parenttype == "Contact"))
		.join(customer)
		.on(customer.name == link.link_name)
		.select(contact.name, contact.user, link.link_name, customer.client)
		.where(contact.user.isnotnull() & (contact.user != "") & (link.link_doctype == "Customer"))
	).run(as_dict=True):
		reaches = r.user in logins_of(r.client) if r.client else r.user not in managed
		if not reaches and is_portal_user(r.user):
			drift.append(Drift("contact login", r.link_name, r.user, r.client, r.name))
	return drift


def repair(finding: Drift):
	"""Put one finding right: Customer Portal User decides."""
	if finding.kind == "contact login":
		frappe.db.set_value("Contact", finding.contact, "user", None, update_modified=False)
		return
	customer = frappe.get_doc("Customer", finding.customer)
	if finding.kind == "missing row":
		customer.append("portal_users", {"user": finding.user})
	else:
		customer.set("portal_users", [row for row in customer.portal_users if row.user != finding.user])
	save_as_mirror(customer)
