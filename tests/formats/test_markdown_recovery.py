"""Pages that break the rules, read as a careful editor would, each repair one warning naming
its line (pages written for these tests: tests/data/shapes)."""

import pytest

from responsibilities.formats import markdown
from responsibilities.formats.base import MatrixFileError
from tests.formats.helpers import activity, shape


def texts(matrix, number):
    return [a.text for a in dict(matrix.walk())[number].activities]


def test_a_table_interrupted_by_blank_lines_continues():
    matrix = markdown.read(shape("interrupted-table.md"))

    assert texts(matrix, (1, 1)) == [
        "Upload archives",
        "Monitor the storage cluster",
        "Replace failed disks",
        "Restore an archive on request",
        "Audit access logs",
    ]
    assert activity(matrix, "Restore an archive on request").cells == {"Customer": "RA", "Provider": "R"}
    assert texts(matrix, (1, 2)) == ["Report incidents"]
    assert matrix.warnings == [
        "line 15: the table above continues after a blank line: 2 rows without a header of their own "
        "were added to section 1.1.",
        "line 19: the table above continues after a blank line: 1 row without a header of its own "
        "was added to section 1.1.",
    ]


def test_prose_written_as_a_table_row_becomes_the_section_note():
    matrix = markdown.read(shape("prose-rows.md"))

    sections = dict(matrix.walk())
    assert sections[(1, 1)].note == (
        "Archives are fully reversible by design: every object can be downloaded at any time.\n\n"
        "Exports run outside business hours."
    )
    assert texts(matrix, (1, 1)) == ["Choose a migration tool", "Schedule the export window", "Run the export"]
    assert sections[(1, 2)].note == "Destruction certificates are sent by email."  # a plain paragraph
    assert matrix.warnings[:2] == [
        "line 10: “Archives are fully reversible by design: every object can b…” is a line of prose written "
        "as a table row; it was kept as the note of section 1.1.",
        "line 15: “Exports run outside business hours.” is a line of prose written as a table row; "
        "it was kept as the note of section 1.1.",
    ]


def test_rows_with_missing_cells_are_padded():
    matrix = markdown.read(shape("prose-rows.md"))

    assert activity(matrix, "Provide a certificate").cells == {"Customer": "I", "Provider": ""}
    assert "line 25: row had 2 cells, padded to 3" in matrix.warnings


def test_a_heading_whose_level_disagrees_with_its_number_is_nested_by_its_number():
    matrix = markdown.read(shape("nested-headings.md"))

    assert [(n, s.title) for n, s in matrix.walk()] == [
        ((1,), "Service usage"),
        ((1, 1), "Operations"),
        ((1, 1, 1), "Monitoring"),
        ((1, 2), "Changes"),
    ]
    assert matrix.warnings == [
        "line 8: heading 1.1. is written at its parent's level (###); it was nested by its number"
    ]


def test_offer_applicability_columns_are_refused_naming_them():
    with pytest.raises(MatrixFileError) as error:
        markdown.read(shape("offer-columns.md"), filename="offer-columns.md")

    assert str(error.value) == (
        "offer-columns.md, line 10: the columns “Standard” and “Premium” before “Activity” mark which offering "
        "each activity applies to; offer-applicability columns are not imported (a matrix describes one "
        "offering): import one page per offering, or remove these columns"
    )


def test_other_columns_before_activity_are_refused_saying_where_activity_goes():
    page = "### 1. One\n\n| # | Activity | Customer | OVHcloud |\n| --- | --- | --- | --- |\n| 1 | Do | RA | I |\n"

    with pytest.raises(MatrixFileError, match="the column “#” comes before “Activity”; a RACI table starts"):
        markdown.read(page.encode())


def test_pipe_rows_without_any_header_are_refused():
    page = "### 1. One\n\n| Do this | RA | I |\n| Do that | R | A |\n"

    with pytest.raises(MatrixFileError, match="line 3: these table rows have no header row"):
        markdown.read(page.encode())


def test_a_header_without_its_delimiter_line_is_refused():
    page = "### 1. One\n\n| Activity | Customer | OVHcloud |\n| Do | RA | I |\n"

    with pytest.raises(MatrixFileError, match="line 4: the table header is not followed by a “| --- |” line"):
        markdown.read(page.encode())


def test_letters_without_an_activity_are_refused():
    page = "### 1. One\n\n| Activity | Customer | OVHcloud |\n| --- | --- | --- |\n| {: .x} | RA | I |\n"

    with pytest.raises(MatrixFileError, match="line 5, column “Activity”: letters are given but the activity is empty"):
        markdown.read(page.encode())


def test_a_one_party_table_pads_a_one_cell_row_instead_of_taking_it_as_prose():
    page = "### 1. One\n\n| Activity | Customer |\n| --- | --- |\n| Do | RA |\n| Only text |\n"

    matrix = markdown.read(page.encode())

    assert texts(matrix, (1,)) == ["Do", "Only text"]
    assert matrix.sections[0].note == ""
