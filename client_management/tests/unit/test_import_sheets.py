import datetime
import io
import time
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from client_management.imports.columns import COLUMNS
from client_management.imports.reader import MAX_COLUMNS, MAX_ROWS, parse_check, parse_date, read_sheet
from client_management.imports.sheets import template_rows, to_csv, to_xlsx
from client_management.validation import InvalidValue


def test_template_has_every_column_an_example_and_instructions():
	content = to_xlsx(template_rows(), with_instructions=True)
	workbook = load_workbook(io.BytesIO(content))
	assert workbook.sheetnames == ["Clients", "Instructions"]
	header = [cell.value for cell in workbook["Clients"][1]]
	assert header == [column.key for column in COLUMNS]
	rows, unknown = read_sheet("template.xlsx", content)
	assert unknown == [] and rows[0][1]["company_name"] == "Dupont Industries SARL"
	required = {
		row[0].value for row in workbook["Instructions"].iter_rows(min_row=2) if row[1].value == "Yes"
	}
	assert {"company_name", "lead_source", "contact_email", "country"} <= required


def test_csv_with_bom_semicolons_blank_rows_and_extra_columns():
	text = "\ufeffCompany Name;contact_email;Shoe Size\r\nDupont;a@dupont.fr;42\r\n;;\r\nÉtoile SAS;b@etoile.fr;\r\n"
	rows, unknown = read_sheet("clients.csv", text.encode("utf-8"))
	assert [number for number, _ in rows] == [2, 4]
	assert rows[1][1] == {"company_name": "Étoile SAS", "contact_email": "b@etoile.fr"}
	assert unknown == ["Shoe Size"]


def test_windows_1252_csv_is_read():
	rows, _ = read_sheet("clients.csv", "company_name\nCafé Noël\n".encode("cp1252"))
	assert rows[0][1]["company_name"] == "Café Noël"


def test_excel_dates_and_numbers_become_text():
	workbook = Workbook()
	sheet = workbook.active
	sheet.append(["inquiry_date", "contact_phone", "ean"])
	sheet.append([datetime.datetime(2026, 1, 31), 33142685300.0, 4006381333931])
	buffer = io.BytesIO()
	workbook.save(buffer)
	rows, _ = read_sheet("clients.xlsx", buffer.getvalue())
	assert rows[0][1] == {
		"inquiry_date": "2026-01-31",
		"contact_phone": "33142685300",
		"ean": "4006381333931",
	}


@pytest.mark.parametrize(
	"text, expected",
	[
		("2026-01-31", "2026-01-31"),
		("31/01/2026", "2026-01-31"),
		("31.01.2026", "2026-01-31"),
		("46053", "2026-01-31"),
	],
)
def test_dates_in_the_usual_forms(text, expected):
	assert parse_date(text) == expected


def test_a_bad_date_says_what_is_expected():
	with pytest.raises(InvalidValue, match="2026-01-31"):
		parse_date("next tuesday")


def test_formulas_are_never_written_as_formulas_and_round_trip():
	rows = [["company_name", "contact_phone"], ['=HYPERLINK("http://x")', "+33142685300"]]
	csv_bytes = to_csv(rows)
	assert b"'=HYPERLINK" in csv_bytes and b"'+33142685300" in csv_bytes
	assert read_sheet("x.csv", csv_bytes)[0][0][1] == {
		"company_name": '=HYPERLINK("http://x")',
		"contact_phone": "+33142685300",
	}

	sheet = load_workbook(io.BytesIO(to_xlsx(rows)))["Clients"]
	assert sheet["A2"].data_type == "s"
	assert read_sheet("x.xlsx", to_xlsx(rows))[0][0][1]["company_name"] == '=HYPERLINK("http://x")'


def test_other_files_are_refused():
	with pytest.raises(InvalidValue, match=r"\.xlsx or \.csv"):
		read_sheet("clients.pdf", b"%PDF")
	with pytest.raises(InvalidValue, match="readable"):
		read_sheet("clients.xlsx", b"not a zip")


def test_a_small_workbook_declaring_a_huge_sheet_is_refused_before_any_row_is_read():
	content = sheet_bomb()
	assert len(content) < 2048
	started = time.perf_counter()
	with pytest.raises(InvalidValue, match="1048576 rows and 16384 columns"):
		read_sheet("bomb.xlsx", content)
	assert time.perf_counter() - started < 5  # a guard against hangs, not a speed goal


def test_rows_and_columns_over_the_caps_are_refused():
	too_long = "company_name\n" + "x\n" * (MAX_ROWS + 1)
	with pytest.raises(InvalidValue, match="at most"):
		read_sheet("long.csv", too_long.encode())
	too_wide = ",".join(["company_name"] * (MAX_COLUMNS + 1)) + "\nx\n"
	with pytest.raises(InvalidValue, match="at most"):
		read_sheet("wide.csv", too_wide.encode())
	rows, _ = read_sheet("ok.csv", ("company_name\n" + "x\n" * MAX_ROWS).encode())
	assert len(rows) == MAX_ROWS


def sheet_bomb() -> bytes:
	"""A 2 KB workbook whose sheet declares A1:XFD1048576."""
	buffer = io.BytesIO()
	sheet = (
		'<?xml version="1.0" encoding="UTF-8"?>'
		'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
		'<dimension ref="A1:XFD1048576"/><sheetData>'
		'<row r="1"><c r="A1" t="inlineStr"><is><t>Company Name</t></is></c></row>'
		'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
		"</sheetData></worksheet>"
	)
	parts = {
		"[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
		"_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
		"xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Clients" sheetId="1" r:id="rId1"/></sheets></workbook>',
		"xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
		"xl/worksheets/sheet1.xml": sheet,
	}
	with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
		for name, text in parts.items():
			archive.writestr(name, text)
	return buffer.getvalue()


@pytest.mark.parametrize(
	"text, value",
	[("1", 1), ("Yes", 1), ("oui", 1), ("1.0", 1), (" x ", 1), ("0", 0), ("NO", 0), ("non", 0), ("0.0", 0)],
)
def test_a_check_column_reads_the_usual_ways_of_saying_yes_or_no(text, value):
	assert parse_check(text) == value


def test_a_check_column_refuses_anything_else():
	with pytest.raises(InvalidValue):
		parse_check("maybe")
