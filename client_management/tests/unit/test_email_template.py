"""Statement e-mail templates from the settings: a sandbox with the statement context only."""

import json
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from jinja2.sandbox import SecurityError

from client_management.utils.templates import (
	InvalidTemplate,
	check_template,
	email_context,
	render_body,
	render_subject,
)

CLIENT = {"name": "CL-1", "company_name": 'Dupont & "Fils"', "notes": "internal", "tax_id": "FR1"}
CONTEXT = email_context(CLIENT, {"title": "Open Item Statement", "rows": [1]}, "<b>Anne</b>")


def test_the_body_sees_plain_values_escaped():
	body = render_body("<p>{{ contact_name }}: {{ client.company_name }} {{ statement.title }}</p>", CONTEXT)
	assert body == "<p>&lt;b&gt;Anne&lt;/b&gt;: Dupont &amp; &#34;Fils&#34; Open Item Statement</p>"


def test_the_subject_is_one_plain_line():
	assert (
		render_subject("{{ client.company_name }}\nBcc: x@evil.com", CONTEXT)
		== 'Dupont & "Fils" Bcc: x@evil.com'
	)


def test_internal_fields_of_the_client_are_not_in_the_context():
	assert "notes" not in CONTEXT["client"]


@pytest.mark.parametrize(
	"template",
	[
		"{{ frappe.db.set_value('User', 'Administrator', 'enabled', 0) }}",
		"{{ client.company_name.__class__.__mro__ }}",
		"{{ statement.rows.append(2) }}",
		"{{ ''.__class__.__subclasses__() }}",
	],
)
def test_code_in_a_template_is_refused_and_never_runs(template):
	with pytest.raises(InvalidTemplate):
		check_template(template)
	with pytest.raises((SecurityError, UndefinedError)):  # refused by the sandbox, not failing otherwise
		render_body(template, CONTEXT)
	assert CONTEXT["statement"]["rows"] == [1]


def test_a_syntax_error_names_its_line():
	with pytest.raises(InvalidTemplate, match="line 2"):
		check_template("<p>Dear {{ contact_name }}</p>\n{% if %}")


SETTINGS = (
	Path(__file__).resolve().parents[2] / "client_management" / "doctype" / "client_management_settings"
)


def shipped_default(fieldname: str) -> str:
	"""A default of Client Management Settings, as its DocType ships it."""
	fields = json.loads((SETTINGS / "client_management_settings.json").read_text())["fields"]
	return next(field["default"] for field in fields if field["fieldname"] == fieldname)


def test_the_default_templates_pass_and_fill_in_the_statement():
	subject, body = shipped_default("statement_email_subject"), shipped_default("statement_email_body")
	check_template(subject)
	check_template(body)
	statement = {"title": "Open Item Statement", "period": "November 2026", "total_display": "€ 1,250.00"}
	context = email_context(CLIENT, statement, "Anne")
	rendered = render_subject(subject, context)
	assert statement["title"] in rendered and CLIENT["company_name"] in rendered
	rendered = render_body(body, context)
	for shown in ("Anne", *statement.values()):  # a name the context lacks would print nothing
		assert shown in rendered
