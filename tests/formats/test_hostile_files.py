"""Hostile files, at a size the suite affords: each is refused with a message naming the file and
where, before it costs more than the limits allow (full-size figures: ``python -m bench.hostile``).
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from bench.hostile import ods, xlsx
from responsibilities.formats import MatrixFileError, read_file, write
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection

HEADER = ("Section", "Section title", "Activity", "Customer", "OVHcloud")


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(MatrixFileError) as error:
        read_file(data, filename=filename)
    return str(error.value)


def xlsx_bytes(tmp_path, rows, shared=()) -> bytes:
    path = tmp_path / "m.xlsx"
    xlsx(path, rows, shared)
    return path.read_bytes()


def ods_bytes(tmp_path, rows) -> bytes:
    path = tmp_path / "m.ods"
    ods(path, rows)
    return path.read_bytes()


def xlsx_row(number: int, *texts: str) -> str:
    cells = "".join(
        f'<c r="{"ABCDEFGH"[i]}{number}" t="inlineStr"><is><t>{text}</t></is></c>' for i, text in enumerate(texts)
    )
    return f'<row r="{number}">{cells}</row>'


@pytest.fixture
def no_spreadsheet_library(monkeypatch):
    """Fail the test if openpyxl opens a workbook: the archive must be refused before."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open a file that should have been refused first")

    monkeypatch.setattr("openpyxl.load_workbook", refuse)
    monkeypatch.setattr("openpyxl.reader.excel.load_workbook", refuse)


# --- Zip bombs: refused from the archive's directory, before any spreadsheet library ----------


def test_an_xlsx_holding_a_string_that_expands_a_thousand_times_is_refused_unopened(tmp_path, no_spreadsheet_library):
    data_row = '<row r="2"><c r="A2" t="inlineStr"><is><t>1</t></is></c><c r="C2" t="s"><v>0</v></c></row>'
    data = xlsx_bytes(tmp_path, [xlsx_row(1, *HEADER), data_row], shared=(["a" * (4 << 20)],))
    assert len(data) < 64 * 1024

    message = refusal(data, "bomb.xlsx")

    assert message.startswith("bomb.xlsx: xl/sharedStrings.xml expands from ")
    assert "to 4.0 MB, more than 100 times" in message and "zip bomb" in message


def test_an_ods_whose_content_expands_a_thousand_times_is_refused_unopened(tmp_path):
    data = ods_bytes(tmp_path, [HEADER, ("1", "S", ["a" * (4 << 20)], "RA", "I")])

    message = refusal(data, "bomb.ods")

    assert message.startswith("bomb.ods: content.xml expands from ") and "zip bomb" in message


def test_an_archive_expanding_beyond_the_uncompressed_limit_is_refused(tmp_path, settings, no_spreadsheet_library):
    settings.RACI_MAX_UNCOMPRESSED_BYTES = 20_000
    rows = [xlsx_row(1, *HEADER), *(xlsx_row(n, "1", "S", f"activity {n}", "RA", "I") for n in range(2, 300))]

    message = refusal(xlsx_bytes(tmp_path, rows), "big.xlsx")

    assert message.startswith("big.xlsx: the spreadsheet expands to ") and "over the 20 KB limit" in message


def test_an_archive_of_thousands_of_parts_is_refused(tmp_path):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for index in range(1_001):
            archive.writestr(f"part{index}.xml", "")

    assert "holds 1,001 parts" in refusal(stream.getvalue(), "parts.xlsx")


# --- Unbounded sheets: reading stops at the row limit -----------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_a_sheet_longer_than_the_row_limit_is_refused_at_the_first_row_beyond(fmt, tmp_path, settings):
    settings.RACI_MAX_ROWS = 50
    body = [("1", "S", f"do {n}", "RA", "I") for n in range(2, 1_002)]
    if fmt == "xlsx":
        data = xlsx_bytes(tmp_path, [xlsx_row(1, *HEADER), *(xlsx_row(n, *row) for n, row in enumerate(body, 2))])
    elif fmt == "ods":
        data = ods_bytes(tmp_path, [HEADER, *body])
    else:
        data = "\n".join(",".join(row) for row in [HEADER, *body]).encode()

    assert refusal(data, f"long.{fmt}") == (
        f"long.{fmt}, row 52: the matrix has more than 50 rows, the limit; split it or remove rows"
    )


def test_an_ods_row_repeated_a_billion_times_is_refused_at_the_row_limit(tmp_path, settings):
    settings.RACI_MAX_ROWS = 10
    data = ods_bytes(tmp_path, [HEADER, ("1", "S", "do", "RA", "I")])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml").decode()
    head, _, tail = content.rpartition("<table:table-row>")
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", head + '<table:table-row table:number-rows-repeated="1000000000">' + tail)

    assert refusal(stream.getvalue(), "repeat.ods").startswith("repeat.ods, row 12: the matrix has more than 10 rows")


def test_an_xlsx_row_numbered_beyond_the_last_row_of_a_spreadsheet_is_refused(tmp_path):
    data = xlsx_bytes(tmp_path, [xlsx_row(1, *HEADER), xlsx_row(2_000_000_000, "1", "S", "do", "RA", "I")])

    assert (
        refusal(data, "far.xlsx") == "far.xlsx: the sheet goes on beyond row 1,048,576, the last row of a spreadsheet"
    )


def test_an_ods_space_run_of_a_billion_is_refused_as_a_long_cell_without_building_it(tmp_path):
    data = ods_bytes(tmp_path, [HEADER, ("1", "S", 'a<text:s text:c="999999999"/>b', "RA", "I")])

    assert refusal(data, "spaces.ods") == (
        "spaces.ods, row 2, column “Activity”: the activity is 10,003 characters long; at most 10,000 are allowed"
    )


# --- Parties, cells, lines --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods", "json", "md"])
def test_more_parties_than_the_limit_are_refused_in_every_format(fmt, settings):
    settings.RACI_MAX_PARTIES = 5
    parties = [f"P{index}" for index in range(6)]
    matrix = Matrix(parties, [MatrixSection("S", [MatrixActivity("do", {"P0": "RA"})])])

    message = refusal(write(matrix, fmt), f"wide.{fmt}")

    assert message.startswith(f"wide.{fmt}") and "there are 6 parties; a matrix has at most 5" in message


def test_a_cell_over_the_length_limit_is_refused_naming_row_and_column(settings):
    settings.RACI_MAX_CELL_CHARS = 100
    data = ("Section,Section title,Activity,Customer\n1,S,do,RA\n1,S," + "x" * 101 + ",RA\n").encode()

    assert refusal(data, "m.csv") == (
        "m.csv, row 3, column “Activity”: the activity is 101 characters long; at most 100 are allowed"
    )


@pytest.mark.parametrize("fmt", ["json", "md", "xlsx"])
def test_a_text_over_the_length_limit_is_refused_in_every_format(fmt, settings):
    settings.RACI_MAX_CELL_CHARS = 100
    matrix = Matrix(["Customer"], [MatrixSection("S", [MatrixActivity("y" * 101, {"Customer": "RA"})])])

    assert "is 101 characters long; at most 100 are allowed" in refusal(write(matrix, fmt), f"m.{fmt}")


def test_a_letters_cell_holding_a_long_text_is_refused_without_reading_it_as_letters():
    data = ("Section,Section title,Activity,Customer\n1,S,do,RA" + " " * 200 + "X\n").encode()

    assert "column “Customer”: this cell holds 203 characters, not R/A/C/I letters" in refusal(data, "m.csv")


# --- Nesting ---------------------------------------------------------------------------------


def nested_json(depth: int) -> bytes:
    section = {"title": "deepest", "activities": [{"text": "do", "assignments": {"Customer": "RA"}}]}
    for level in range(depth - 1, 0, -1):
        section = {"title": f"level {level}", "children": [section]}
    return json.dumps({"parties": ["Customer"], "sections": [section]}).encode()


def nested_csv(depth: int) -> bytes:
    lines = ["Section,Section title,Activity,Customer"]
    lines += [f"{'.'.join(['1'] * level)},Level {level},," for level in range(1, depth + 1)]
    lines.append(f"{'.'.join(['1'] * depth)},,do,RA")
    return "\n".join(lines).encode()


def test_json_nested_1100_levels_is_refused_at_the_depth_limit_not_a_recursion_error():
    assert refusal(nested_json(1_100), "deep.json") == (
        "deep.json: section 1.1.1.1.1.1.1. is nested 7 levels deep; sections nest at most 6 levels"
    )


def test_json_of_100000_brackets_is_refused():
    assert (
        refusal(b"[" * 100_000, "brackets.json")
        == "brackets.json: this JSON nests its brackets too deeply to be a matrix"
    )


def test_json_number_of_more_digits_than_python_converts_is_refused():
    data = b'{"parties": ["Customer"], "version": ' + b"9" * 5_000 + b"}"

    assert refusal(data, "digits.json").startswith("digits.json: this is not valid JSON (")


def test_csv_nested_1100_levels_is_refused_naming_the_first_row_too_deep():
    assert refusal(nested_csv(1_100), "deep.csv").startswith(
        "deep.csv, row 8, column “Section”: section 1.1.1.1.1.1.1. is nested 7 levels deep; sections nest at most 6"
    )


def test_markdown_headings_nested_deeper_than_the_grid_shows_are_refused():
    lines = ["# Title"]
    for level in range(1, 9):
        lines += ["", f"#### {'.'.join(['1'] * level)}. Level {level}", "", "| Activity | Customer |", "| --- | --- |"]
        lines.append(f"| do {level} | RA |")

    message = refusal("\n".join(lines).encode(), "deep.md")

    assert "deep.md: section 1.1.1.1.1.1.1. is nested 7 levels deep" in message


@pytest.mark.parametrize(("fmt", "make"), [("json", nested_json), ("csv", nested_csv)])
def test_six_levels_the_grid_shows_are_read(fmt, make):
    matrix = read_file(make(6), filename=f"six.{fmt}")

    assert max(len(number) for number, _ in matrix.walk()) == 6


def test_thousands_of_problems_are_listed_up_to_a_hundred_then_counted():
    data = "Section,Section title,Activity,Customer\n" + "".join(f"1,S,do {n},Q\n" for n in range(500))

    with pytest.raises(MatrixFileError) as error:
        read_file(data.encode(), filename="bad.csv")

    assert len(error.value.problems) == 101
    assert str(error.value.problems[-1]) == "bad.csv: … and 400 more problems of the same kind"


def test_an_ods_whose_xml_expands_entities_a_billion_times_is_refused():
    entities = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
    content = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e0 "lol">{entities}]>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">&e9;'
        "</office:document-content>"
    )
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)

    assert refusal(stream.getvalue(), "laughs.ods").startswith("laughs.ods: this is not a readable ODS file")


def test_a_section_number_of_hundreds_of_levels_is_said_to_be_too_deep():
    data = ("Section,Section title,Activity,Customer\n" + ".".join(["2"] * 500) + ",S,do,RA\n").encode()

    assert refusal(data, "deep.csv") == (
        "deep.csv, row 2, column “Section”: section 2.2.2.2.2.2.2.2.2.2.2.2.… is nested 500 levels deep; "
        "sections nest at most 6 levels"
    )
