"""One map per rule: a map the app keeps in Python and Frappe keeps in a DocType's JSON (a Select's
options, a setting's default) is the same on both sides, read from the files (no site)."""

import ast
import json
from pathlib import Path

from client_management.constants import (
	ADDRESS_PARTS,
	CLIENT_STATUS,
	CLIENT_STATUS_COLOURS,
	CONTACT_FIELDS,
	CONTACT_FLAGS,
	CONTACT_ROW_PERSONAL_FIELDS,
	REQUIRED_ADDRESS_PARTS,
	WON_SALES_STAGE,
)
from client_management.imports.options import BUSY, CHECKABLE, IMPORT_STATUS, STARTABLE

APP = Path(__file__).resolve().parents[2]
MODULE = APP / "client_management"


def doctype_json(name: str) -> dict:
	return json.loads((MODULE / "doctype" / name / f"{name}.json").read_text())


def field(doctype: dict, fieldname: str) -> dict:
	return next(df for df in doctype["fields"] if df["fieldname"] == fieldname)


def fieldnames(name: str) -> set[str]:
	return {df["fieldname"] for df in doctype_json(name)["fields"]}


def test_the_client_statuses_are_the_options_of_its_status_field():
	status = field(doctype_json("client"), "status")
	assert status["options"].split("\n") == list(CLIENT_STATUS)
	assert status["default"] == CLIENT_STATUS.active
	assert set(CLIENT_STATUS_COLOURS) == set(CLIENT_STATUS)


def test_the_number_cards_count_clients_of_a_status_there_is():
	for path in (MODULE / "number_card").glob("*/*.json"):
		for doctype, fieldname, _op, value, *_rest in json.loads(
			json.loads(path.read_text())["filters_json"]
		):
			if (doctype, fieldname) == ("Client", "status"):
				assert value in CLIENT_STATUS, path.name


def test_the_import_statuses_are_the_options_of_its_status_field():
	status = field(doctype_json("client_import"), "status")
	assert status["options"].split("\n") == list(IMPORT_STATUS)
	assert status["default"] == IMPORT_STATUS.draft
	assert {*BUSY, *CHECKABLE, *STARTABLE} <= set(IMPORT_STATUS)
	assert not set(BUSY) & ({*CHECKABLE, *STARTABLE})  # a busy import is neither checked nor started


def test_the_contact_map_names_fields_of_the_contact_row():
	row_fields = fieldnames("client_contact")
	assert set(CONTACT_FIELDS) <= row_fields
	assert set(CONTACT_FLAGS) <= set(CONTACT_FIELDS)
	assert set(CONTACT_ROW_PERSONAL_FIELDS) <= row_fields - set(CONTACT_FLAGS) - {"contact"}


def test_the_address_parts_are_the_clients_billing_and_shipping_fields():
	client_fields = fieldnames("client")
	assert {*ADDRESS_PARTS, *(f"shipping_{part}" for part in ADDRESS_PARTS)} <= client_fields
	assert set(REQUIRED_ADDRESS_PARTS) <= set(ADDRESS_PARTS)


def settings_defaults() -> dict[str, str]:
	"""The settings' text defaults (a check's 0 or 1 or a day number would match any literal)."""
	settings = doctype_json("client_management_settings")
	return {
		df["fieldname"]: df["default"]
		for df in settings["fields"]
		if df.get("default") and df["fieldtype"] in ("Data", "Small Text", "Text Editor")
	}


def test_the_won_stage_the_app_makes_is_the_settings_default():
	assert settings_defaults()["won_sales_stages"] == WON_SALES_STAGE


def test_no_settings_default_is_copied_into_python():
	"""The settings' JSON is their defaults' one home: the code reads them through the DocType's meta
	(utils.settings.default). The won stage is the name of a record the app makes (constants)."""
	defaults = set(settings_defaults().values()) - {WON_SALES_STAGE}
	copies = [
		f"{path.relative_to(APP)}:{node.lineno} {node.value!r}"
		for path in APP.rglob("*.py")
		if "tests" not in path.relative_to(APP).parts
		for node in ast.walk(ast.parse(path.read_text()))
		if isinstance(node, ast.Constant) and node.value in defaults
	]
	assert copies == []
