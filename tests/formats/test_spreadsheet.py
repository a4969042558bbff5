import io
from datetime import date

import openpyxl
import pytest

from responsibilities.formats import markdown, read_file, spreadsheet, write
from responsibilities.formats.base import MatrixFileError
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection
from tests.formats.helpers import activity, page

HEADER = ["Section", "Section title", "Activity", "Customer", "OVHcloud"]


def xlsx(rows, about=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if about is not None:
        extra = book.create_sheet("About")
        for row in about:
            extra.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def csv_bytes(text: str) -> bytes:
    return text.encode()


def problems(data: bytes, filename: str) -> list[str]:
    with pytest.raises(MatrixFileError) as error:
        read_file(data, filename=filename)
    return [str(problem) for problem in error.value.problems]


def test_write_lays_out_one_row_per_activity_and_a_row_per_empty_section():
    matrix = markdown.read(page("email-pro/en-gb/2022-11-17.md"))

    sheet = openpyxl.load_workbook(io.BytesIO(write(matrix, "xlsx"))).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]

    assert rows[0] == HEADER
    assert rows[1] == ["1", "Before subscription", None, None, None]
    assert rows[2] == [
        "1.1",
        "Specify service as needed",
        "Define and configure a domain name before service subscription",
        "RA",
        None,
    ]
    assert len([r for r in rows[1:] if r[2]]) == 48


def test_write_xlsx_carries_an_about_sheet_and_only_string_cells():
    matrix = markdown.read(page("email-pro/en-gb/2022-11-17.md"))
    matrix.version, matrix.service, matrix.change_summary = 3, "Email Pro", "=SUM(A1)"

    book = openpyxl.load_workbook(io.BytesIO(write(matrix, "xlsx")))

    about = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2)}
    assert about["service"] == "Email Pro"
    assert about["version"] == "3"
    assert about["last updated"] == "2022-11-17"
    assert about["change summary"] == "'=SUM(A1)"
    types = {cell.data_type for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value}
    assert types == {"s"}


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "ods"])
def test_write_escapes_formulas_and_read_undoes_exactly_that(fmt):
    texts = ["=1+1", "+cmd", "-x", "@SUM(A1)", "\tTab", "'quoted", "''two", "plain 'x'", '=HYPERLINK("x")']
    matrix = Matrix(
        parties=["=Party"],
        sections=[MatrixSection("-Title", [MatrixActivity(t, {"=Party": "RA"}) for t in texts])],
    )

    data = write(matrix, fmt)
    again = read_file(data, filename=f"m.{fmt}")

    assert [a.text for a in again.sections[0].activities] == texts
    assert again.parties == ["=Party"] and again.sections[0].title == "-Title"
    if fmt == "csv":
        assert "\n'=1+1," not in data.decode("utf-8-sig")  # the escaped cell is quoted text
        assert "'=1+1" in data.decode("utf-8-sig")


def test_read_normalises_letters_in_any_order_case_and_separators():
    rows = [HEADER, ["1", "One", "Do", "a/r", "i"], ["1", "One", "Again", "r, a", " C I "]]

    matrix = read_file(xlsx(rows), filename="m.xlsx")

    assert [a.cells for a in matrix.sections[0].activities] == [
        {"Customer": "RA", "OVHcloud": "I"},
        {"Customer": "RA", "OVHcloud": "CI"},
    ]


def test_read_builds_nested_sections_and_keeps_sections_without_activities():
    rows = [
        HEADER,
        ["1", "Before", None, None, None],
        ["1.1", "Specify", "Define", "RA", None],
        ["2", "Usage", None, None, None],
        ["2.1", "Ops", None, None, None],
        ["2.1.1", "Daily", "Run", "I", "RA"],
        [2.2, "Numbers typed as numbers", "Check", None, "RA"],
    ]

    matrix = read_file(xlsx(rows), filename="m.xlsx")

    assert [(n, s.title, len(s.activities)) for n, s in matrix.walk()] == [
        ((1,), "Before", 0),
        ((1, 1), "Specify", 1),
        ((2,), "Usage", 0),
        ((2, 1), "Ops", 0),
        ((2, 1, 1), "Daily", 1),
        ((2, 2), "Numbers typed as numbers", 1),
    ]


def test_read_pads_short_csv_rows():
    data = csv_bytes("Section,Section title,Activity,Customer,OVHcloud\n1,One,Do,RA\n")

    matrix = read_file(data, filename="m.csv")

    assert matrix.sections[0].activities[0].cells == {"Customer": "RA", "OVHcloud": ""}


def test_read_reports_an_unknown_letter_with_row_and_column():
    rows = [HEADER, ["1", "One", "Do", "RA", "I"], ["1", "One", "Again", "R", "X"], ["1", "One", "More", "Z", ""]]

    assert problems(xlsx(rows), "email-pro.xlsx") == [
        "email-pro.xlsx, row 3, column “OVHcloud”: “X” is not a set of R/A/C/I letters (unexpected: X)",
        "email-pro.xlsx, row 4, column “Customer”: “Z” is not a set of R/A/C/I letters (unexpected: Z)",
    ]


def test_read_csv_row_numbers_count_blank_lines_as_the_spreadsheet_shows_them():
    data = csv_bytes("Section,Section title,Activity,Customer,OVHcloud\n1,One,Do,RA,\n\n1,One,Bad,Q,\n")

    assert problems(data, "m.csv") == [
        "m.csv, row 4, column “Customer”: “Q” is not a set of R/A/C/I letters (unexpected: Q)"
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Section", "Activity", "Customer"], ["m.xlsx, row 1, column “Section title”: this column is missing"]),
        (
            ["Section", "Section title", "Task", "Customer"],
            ["m.xlsx, row 1, column “Activity”: this column is missing"],
        ),
        (
            ["Section", "Section title", "Activity", "Customer", "Customer"],
            ["m.xlsx, row 1, column “Customer”: two columns have this name"],
        ),
        (["Section", "Section title", "Activity"], ["m.xlsx, row 1: there is no party column after “Activity”"]),
    ],
)
def test_read_rejects_a_header_with_a_missing_or_duplicate_column(header, expected):
    found = problems(xlsx([header, ["1", "One", "Do", "RA", "I"][: len(header)]]), "m.xlsx")

    assert [f[: len(e)] for f, e in zip(found, expected, strict=True)] == expected


def test_read_rejects_a_row_longer_than_the_header():
    xlsx_rows = [HEADER, ["1", "One", "Do", "RA", "I"], ["1", "One", "Again", "RA", "I", "extra"]]
    csv_data = csv_bytes(",".join(HEADER) + "\n1,One,Do,RA,I\n1,One,Again,RA,I,extra\n")

    assert problems(xlsx(xlsx_rows), "m.xlsx") == [
        "m.xlsx, row 3, column “F”: the row has 6 cells but the header has 5 columns"
    ]
    assert problems(csv_data, "m.csv") == ["m.csv, row 3, column “F”: the row has 6 cells but the header has 5 columns"]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"Section,Section title,Activity\n", "m.xlsx", "m.xlsx: this is not an XLSX file"),
        (b"PK\x03\x04 not really a zip", "m.xlsx", "m.xlsx: this is not a readable XLSX file"),
        (b"PK\x03\x04\x00\x00\x00binary", "m.csv", "m.csv: this is a binary file, not text"),
        (b"Section,Section title,Activity,Caf\xe9\n", "m.csv", "m.csv, line 1: the text is not UTF-8"),
        (b"", "m.csv", "m.csv: the file is empty"),
        (b"", "m.xlsx", "m.xlsx: the file is empty"),
        (b"", "m.ods", "m.ods: the file is empty"),
        (b"hello", "m.ods", "m.ods: this is not an ODS file"),
        (b"x", "m.pdf", "m.pdf: “pdf” is not a format I can read"),
    ],
)
def test_read_rejects_a_file_that_is_not_what_it_says(data, filename, message):
    assert problems(data, filename)[0].startswith(message)


def test_read_accepts_a_csv_with_a_byte_order_mark():
    data = "\ufeffSection,Section title,Activity,Customer\n1,Één,Ça,RA\n".encode()

    matrix = read_file(data, filename="m.csv")

    assert matrix.parties == ["Customer"]
    assert matrix.sections[0].title == "Één"


def test_read_takes_metadata_from_the_about_sheet():
    about = [
        ["Field", "Value"],
        ["service", "Email Pro"],
        ["title", "Email Pro - Responsibility model"],
        ["version", 4],
        ["last updated", "2022-11-17"],
        ["introduction", "Line one\nLine two"],
        ["change summary", "Imported"],
    ]

    matrix = read_file(xlsx([HEADER, ["1", "One", "Do", "RA", "I"]], about), filename="m.xlsx")

    assert (matrix.service, matrix.title, matrix.version) == ("Email Pro", "Email Pro - Responsibility model", 4)
    assert (matrix.last_updated, matrix.introduction) == (date(2022, 11, 17), "Line one\nLine two")
    assert matrix.change_summary == "Imported"


def test_read_rejects_letters_on_a_row_without_activity():
    rows = [HEADER, ["1", "One", "", "RA", "I"]]

    assert problems(xlsx(rows), "m.xlsx") == [
        "m.xlsx, row 2, column “Activity”: letters are given but the activity is empty"
    ]


def test_a_corpus_page_survives_a_trip_through_csv_with_its_irregular_cells():
    matrix = markdown.read(page("dedicated-servers/en-gb/2021-12-01.md"))

    again = spreadsheet.read(spreadsheet.write(matrix, "csv"), fmt="csv")

    row = activity(again, "Handle hardware and network incidents (tickets and telephone contacts)")
    assert row.cells == {"Customer": "AI", "OVHcloud": "RA"}


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_write_replaces_control_characters_a_workbook_cannot_hold(fmt):
    section = MatrixSection("A\x0bB", [MatrixActivity("x\x00y", {"Customer": "R"})])
    matrix = Matrix(parties=["Customer"], sections=[section])

    again = read_file(write(matrix, fmt), filename=f"m.{fmt}")

    assert again.sections[0].title == "A\ufffdB"
    assert again.sections[0].activities[0].text == "x\ufffdy"


def test_read_xlsx_row_numbers_count_blank_rows():
    rows = [HEADER, ["1", "One", "Do", "RA", "I"], [], [], ["1", "One", "Bad", "RA", "W"]]

    assert problems(xlsx(rows), "m.xlsx") == [
        "m.xlsx, row 5, column “OVHcloud”: “W” is not a set of R/A/C/I letters (unexpected: W)"
    ]


def test_read_csv_saved_with_semicolons_and_trailing_separators():
    data = b"Section;Section title;Activity;Client;OVHcloud\n1;Avant;Choisir;RA;I;;\n1;Avant;Dimensionner;RA\n"

    matrix = read_file(data, filename="fr.csv")

    assert matrix.parties == ["Client", "OVHcloud"]
    assert [a.cells for a in matrix.sections[0].activities] == [
        {"Client": "RA", "OVHcloud": "I"},
        {"Client": "RA", "OVHcloud": ""},
    ]


def test_read_ods_row_numbers_count_blank_rows():
    from odf import opendocument, table, text

    document = opendocument.OpenDocumentSpreadsheet()
    sheet = table.Table(name="Matrix")
    document.spreadsheet.addElement(sheet)

    def add_row(values):
        row = table.TableRow()
        for value in values:
            cell = table.TableCell(valuetype="string")
            cell.addElement(text.P(text=value))
            row.addElement(cell)
        sheet.addElement(row)

    add_row(HEADER)
    add_row(["1", "One", "Do", "RA", "I"])
    blank = table.TableRow(numberrowsrepeated=2)  # how LibreOffice writes two empty rows
    blank.addElement(table.TableCell(numbercolumnsrepeated=5))
    sheet.addElement(blank)
    add_row(["1", "One", "Bad", "RA", "W"])
    stream = io.BytesIO()
    document.write(stream)

    assert problems(stream.getvalue(), "m.ods") == [
        "m.ods, row 5, column “OVHcloud”: “W” is not a set of R/A/C/I letters (unexpected: W)"
    ]


def test_ods_export_is_read_by_odfpy_as_the_cells_were_written():
    from odf import opendocument, table, teletype
    from odf import text as odf_text

    rows = [
        MatrixActivity(" lead\ttab  two  end ", {"Customer": "RA"}),
        MatrixActivity("two\nlines", {"OVHcloud": "I"}),
    ]
    matrix = Matrix(parties=["Customer", "OVHcloud"], sections=[MatrixSection("Run  twice", rows)])

    document = opendocument.load(io.BytesIO(write(matrix, "ods")))

    tables = document.spreadsheet.getElementsByType(table.Table)
    assert [t.getAttribute("name") for t in tables] == ["Matrix", "About"]

    def texts(row):
        return [
            "\n".join(teletype.extractText(p) for p in cell.getElementsByType(odf_text.P))
            for cell in row.getElementsByType(table.TableCell)
        ]

    first, second = tables[0].getElementsByType(table.TableRow)[1:3]
    assert texts(first) == ["1", "Run  twice", " lead\ttab  two  end ", "RA"]
    assert texts(second) == ["1", "Run  twice", "two\nlines", "", "I"]
