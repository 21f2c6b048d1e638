import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from client_management.imports.columns import COLUMNS
from client_management.imports.reader import parse_date, read_sheet
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
