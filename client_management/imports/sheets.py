"""Writing sheets: the template (with an example row and instructions) and exports, in .xlsx or .csv.
Pure Python (openpyxl). A cell is never written as a formula."""

import csv
import io

from openpyxl import Workbook

from client_management.imports.columns import COLUMNS
from client_management.imports.reader import FORMULA_STARTS
from client_management.utils.i18n import _


def header() -> list[str]:
	return [column.key for column in COLUMNS]


def template_rows() -> list[list[str]]:
	return [header(), [column.example for column in COLUMNS]]


def instructions() -> list[list[str]]:
	rows = [[_("Column"), _("Required"), _("Format")]]
	for column in COLUMNS:
		rows.append([column.key, _("Yes") if column.required else "", str(column.help)])
	return rows


def to_xlsx(rows: list[list], with_instructions: bool = False) -> bytes:
	workbook = Workbook()
	sheet = workbook.active
	sheet.title = "Clients"
	fill(sheet, rows)
	if with_instructions:
		fill(workbook.create_sheet("Instructions"), instructions())
	buffer = io.BytesIO()
	workbook.save(buffer)
	return buffer.getvalue()


def fill(sheet, rows: list[list]):
	for r, row in enumerate(rows, start=1):
		for c, value in enumerate(row, start=1):
			cell = sheet.cell(row=r, column=c)
			cell.value = "" if value is None else str(value)
			cell.data_type = "s"  # text, never a formula


def to_csv(rows: list[list]) -> bytes:
	buffer = io.StringIO()
	writer = csv.writer(buffer)
	for row in rows:
		writer.writerow([csv_safe(value) for value in row])
	return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def csv_safe(value) -> str:
	"""A leading ' keeps spreadsheet programs from evaluating = + - @ (the reader strips it again)."""
	text = "" if value is None else str(value)
	return "'" + text if text[:1] in FORMULA_STARTS else text
