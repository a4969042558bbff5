"""The registry: dispatch by extension, one error type."""

import pytest

from responsibilities.formats import FORMATS, FileProblem, MatrixFileError, format_for, read_file, write
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection


def test_registry_knows_every_format_with_its_content_type():
    assert sorted(FORMATS) == ["csv", "json", "md", "ods", "xlsx"]
    assert FORMATS["xlsx"].content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert FORMATS["md"].content_type.startswith("text/markdown")


def test_read_file_dispatches_on_the_extension_or_the_format_given():
    matrix = Matrix(parties=["Customer"], sections=[MatrixSection("One", [MatrixActivity("Do", {"Customer": "RA"})])])
    data = write(matrix, "csv")

    assert read_file(data, filename="MATRIX.CSV").activity_count() == 1
    assert read_file(data, filename="upload.bin", fmt="csv").activity_count() == 1
    assert format_for("page.markdown").extension == "md"


def test_problem_reads_like_a_sentence_naming_file_row_and_column():
    problem = FileProblem("“X” is not a set of R/A/C/I letters", "email-pro.xlsx", 7, "Customer")

    assert str(problem) == "email-pro.xlsx, row 7, column “Customer”: “X” is not a set of R/A/C/I letters"
    assert str(FileProblem("no table", "p.md", 3, row_label="line")) == "p.md, line 3: no table"


def test_error_lists_every_problem():
    error = MatrixFileError([FileProblem("first", "a.csv", 2), FileProblem("second", "a.csv", 3)])

    assert str(error) == "a.csv, row 2: first\na.csv, row 3: second"


def test_unknown_extension_is_an_error_not_a_guess():
    with pytest.raises(MatrixFileError, match=r"notes.txt: “txt” is not a format I can read"):
        read_file(b"hello", filename="notes.txt")
