"""The statement e-mail's subject and body: templates a Client Manager edits in the settings.

They render in Jinja's immutable sandbox with the statement context only: plain values, no
`frappe` globals, no documents (whose methods could write), the body autoescaped. Frappe's
`render_template` would hand them `frappe.db.set_value` and more, run as whoever sends."""

from jinja2 import TemplateError, TemplateSyntaxError, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from client_management.utils.i18n import _

# Client fields a statement e-mail may show.
CLIENT_FIELDS = ("name", "company_name", "client_type", "city", "country", "tax_id", "vat_number")

_body = ImmutableSandboxedEnvironment(autoescape=True, undefined=Undefined)
_subject = ImmutableSandboxedEnvironment(autoescape=False, undefined=Undefined)


class InvalidTemplate(ValueError):
	pass


def email_context(client, statement: dict, contact_name: str) -> dict:
	"""What the templates see: copies of plain values."""
	return {
		"client": {field: client.get(field) for field in CLIENT_FIELDS},
		"statement": statement,
		"contact_name": contact_name,
	}


def render_subject(template: str | None, context: dict) -> str:
	text = _subject.from_string(template or "").render(context)
	return " ".join(text.split())  # one line: no header injection through the subject


def render_body(template: str | None, context: dict) -> str:
	return _body.from_string(template or "").render(context)


EXAMPLE_CONTEXT = {
	"client": {field: "" for field in CLIENT_FIELDS},
	"statement": {"title": "", "period": "", "total_display": "", "rows": []},
	"contact_name": "",
}


def check_template(template: str | None):
	"""Raise InvalidTemplate on a syntax error (with its line) or on anything the sandbox refuses."""
	try:
		_body.from_string(template or "").render(EXAMPLE_CONTEXT)
	except TemplateSyntaxError as error:
		raise InvalidTemplate(
			_("line {0}: {1}").format(error.lineno, error.message or _("syntax error"))
		) from error
	except SecurityError as error:
		raise InvalidTemplate(_("not allowed in a template: {0}").format(error)) from error
	except TemplateError as error:
		raise InvalidTemplate(str(error)) from error
