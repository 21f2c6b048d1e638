# Fixtures for `semgrep --test semgrep/`: each ruleid line must be flagged, each ok line must not.
import frappe


def queries(name):
	# ruleid: frappe-sql-string-formatting
	frappe.db.sql(f"select * from tabClient where name = '{name}'")
	# ruleid: frappe-sql-string-formatting
	frappe.db.sql("select * from tabClient where name = '%s'" % name)
	# ok: frappe-sql-string-formatting
	frappe.db.sql("select * from tabClient where name = %s", name)


# ruleid: frappe-allow-guest
@frappe.whitelist(allow_guest=True, methods=["GET"])
def open_to_all(name: str):
	return name


class Client:
	def on_update(self):
		# ruleid: frappe-commit-in-doc-event
		frappe.db.commit()


def validate(doc, method=None):
	# ruleid: frappe-commit-in-doc-event
	frappe.db.commit()


def bulk_job():
	# ok: frappe-commit-in-doc-event
	frappe.db.commit()


# ruleid: frappe-whitelist-without-methods
@frappe.whitelist()
def no_methods(name: str):
	return name


# ruleid: frappe-whitelist-without-type-hints
@frappe.whitelist(methods=["POST"])
def untyped(name, limit: int = 10):
	return name


# ok: frappe-whitelist-without-type-hints
@frappe.whitelist(methods=["POST"])
def typed(name: str, limit: int = 10):
	return name


class Doc:
	# ok: frappe-whitelist-without-type-hints
	@frappe.whitelist(methods=["POST"])
	def method(self, name: str):
		return name


def statement_mail(template, context):
	# ruleid: frappe-render-template-non-literal
	frappe.render_template(template, context)
	# ok: frappe-render-template-non-literal
	frappe.render_template("client_management/templates/statements/statement.html", context)


def as_admin():
	# ruleid: frappe-set-user-outside-cli
	frappe.set_user("Administrator")


@frappe.whitelist(methods=["POST"])
def unchecked(name: str):
	doc = frappe.get_doc("Client", name)
	# ruleid: frappe-ignore-permissions-unchecked
	doc.save(ignore_permissions=True)


@frappe.whitelist(methods=["POST"])
def checked(name: str):
	doc = frappe.get_doc("Client", name)
	doc.check_permission("write")
	# ok: frappe-ignore-permissions-unchecked
	doc.save(ignore_permissions=True)


def disable(user):
	# ruleid: frappe-set-value-on-user
	frappe.db.set_value("User", user, "enabled", 0)
