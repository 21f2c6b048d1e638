"""Reading an uploaded sheet into rows of text. Pure Python (openpyxl): no site needed.

Handles .xlsx and .csv (UTF-8 with or without BOM, else Windows-1252; comma, semicolon or tab),
Excel dates and numbers, blank rows and unknown columns (reported, ignored).
"""

import csv
import datetime
import io
import re
import zipfile

from openpyxl import load_workbook

from client_management.imports.columns import COLUMNS
from client_management.utils.i18n import _
from client_management.validation import InvalidValue

# Caps, checked before any row is read: a small file must not make a worker read millions of cells.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # every part of an .xlsx, as its zip directory declares them
MAX_ROWS = 20_000
MAX_COLUMNS = 100

EXCEL_EPOCH = datetime.date(1899, 12, 30)
FORMULA_STARTS = ("=", "+", "-", "@")
LABELS = {column.key.replace("_", " ").lower(): column.key for column in COLUMNS}


def read_sheet(filename: str, content: bytes) -> tuple[list[tuple[int, dict]], list[str]]:
	"""(rows, unknown headers): each row is (sheet row number, {column key: text})."""
	if len(content) > MAX_FILE_BYTES:
		raise InvalidValue(_("the file is larger than {0} MB").format(MAX_FILE_BYTES // (1024 * 1024)))
	if filename.lower().endswith(".xlsx"):
		table = xlsx_table(content)
	elif filename.lower().endswith(".csv"):
		table = csv_table(content)
	else:
		raise InvalidValue(_("expected an .xlsx or .csv file"))
	if not table:
		raise InvalidValue(_("the file is empty"))
	check_size(len(table), max(map(len, table)))

	header = [header_key(cell) for cell in table[0]]
	unknown = [
		str(cell) for cell, key in zip(table[0], header, strict=False) if cell not in (None, "") and not key
	]
	rows = []
	for number, cells in enumerate(table[1:], start=2):
		values = {key: cell_text(cell) for key, cell in zip(header, cells, strict=False) if key}
		if any(values.values()):
			rows.append((number, values))
	return rows, unknown


def header_key(cell) -> str | None:
	text = re.sub(r"[\s_]+", " ", str(cell or "")).strip().lower().rstrip("*").strip()
	return LABELS.get(text)


def check_size(rows: int, columns: int):
	"""Rows and columns, header included: more than the caps is refused, whatever is in them."""
	if rows > MAX_ROWS + 1 or columns > MAX_COLUMNS:
		raise InvalidValue(
			_(
				"the sheet has {0} rows and {1} columns; at most {2} rows and {3} columns can be imported"
			).format(rows, columns, MAX_ROWS, MAX_COLUMNS)
		)


def xlsx_table(content: bytes) -> list[list]:
	try:
		with zipfile.ZipFile(io.BytesIO(content)) as archive:
			unpacked = sum(info.file_size for info in archive.infolist())
		workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
	except Exception:
		raise InvalidValue(_("the file is not a readable .xlsx workbook"))
	if unpacked > MAX_UNPACKED_BYTES:
		raise InvalidValue(
			_("the workbook unpacks to more than {0} MB").format(MAX_UNPACKED_BYTES // (1024 * 1024))
		)
	sheet = workbook["Clients"] if "Clients" in workbook.sheetnames else workbook.worksheets[0]
	check_size(sheet.max_row or 0, sheet.max_column or 0)  # the size the sheet declares
	# read no further than the caps even when the sheet declares no size or a false one
	rows = sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True)
	return [list(row) for row in rows]


def csv_table(content: bytes) -> list[list[str]]:
	for encoding in ("utf-8-sig", "cp1252"):
		try:
			text = content.decode(encoding)
			break
		except UnicodeDecodeError:
			continue
	first_line = text.split("\n", 1)[0]
	delimiter = max((",", ";", "\t"), key=first_line.count)
	try:
		return list(csv.reader(io.StringIO(text), delimiter=delimiter))
	except csv.Error as error:
		raise InvalidValue(_("the file is not a readable .csv: {0}").format(error))


def cell_text(cell) -> str:
	"""Excel gives dates and numbers; the importer works on text (ISO dates, whole numbers without .0)."""
	if cell is None:
		return ""
	if isinstance(cell, datetime.datetime):
		return cell.date().isoformat()
	if isinstance(cell, datetime.date):
		return cell.isoformat()
	if isinstance(cell, float) and cell.is_integer():
		return str(int(cell))
	text = str(cell).strip()
	if text[:1] == "'" and text[1:2] in FORMULA_STARTS:  # our own export's guard against formulas
		return text[1:]
	return text


def parse_date(text: str) -> str:
	"""ISO date from YYYY-MM-DD, DD/MM/YYYY, DD.MM.YYYY, DD-MM-YYYY or an Excel serial number."""
	value = text.strip()
	if re.fullmatch(r"\d{4,5}(\.0+)?", value):
		return (EXCEL_EPOCH + datetime.timedelta(days=int(float(value)))).isoformat()
	for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d"):
		try:
			return datetime.datetime.strptime(value, pattern).date().isoformat()
		except ValueError:
			continue
	raise InvalidValue(_("expected a date such as 2026-01-31 or 31/01/2026"))


TRUE_WORDS = {"1", "yes", "y", "true", "x", "oui", "vrai"}
FALSE_WORDS = {"0", "no", "n", "false", "non", "faux"}


def parse_check(text: str) -> int:
	"""1 or 0 from 1/0, yes/no, true/false, oui/non (any case)."""
	value = text.strip().lower()
	if value.endswith(".0"):  # an Excel number
		value = value[:-2]
	if value in TRUE_WORDS:
		return 1
	if value in FALSE_WORDS:
		return 0
	raise InvalidValue(_("expected 1 or 0 (yes or no)"))


PARSERS = {"date": parse_date, "check": parse_check}
