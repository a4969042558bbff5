"""Whatever bytes arrive, a reader answers with MatrixFileError or a Matrix, never a traceback."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from responsibilities.formats import FORMATS, MatrixFileError, read_file

MARKDOWN_PIECES = st.sampled_from(
    ["---\n", "title: x\n", "updated: 2022-13-45\n", "### 1. A\n", "#### 1.1.1. B\n", "| Activity | C | O |\n",
     "| --- | --- | --- |\n", "| do | RA | I |\n", "| do | ZZ |\n", "| x | | | | |\n", "## Go further\n",
     "**Last updated 31st February 2022**\n", "| Activity | Client |\n", "\\|", "<br>", "&#0;", "\n"]
)  # fmt: skip
CSV_PIECES = st.sampled_from(
    ["Section,Section title,Activity,Customer\n", "1,A,do,RA\n", "x,y,z\n", '"unclosed', "1.1.1,B,,\n", ",,,,,\n",
     "=1+1,'a,b,c\n", "\x00", "\ufeff", "1,A,do,R/A/Q\n", "Section,Section,Activity,A,A\n"]
)  # fmt: skip
JSON_PIECES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.sampled_from(["RA", "parties", "sections"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "parties",
                    "sections",
                    "activities",
                    "children",
                    "assignments",
                    "text",
                    "title",
                    "version",
                    "last_updated",
                    "key",
                    "fingerprint",
                ]
            ),
            inner,
            max_size=4,
        )
    ),  # fmt: skip
    max_leaves=12,
)


def read_or_refuse(data: bytes, filename: str) -> None:
    try:
        read_file(data, filename=filename)
    except MatrixFileError as error:
        assert error.problems and all(str(problem) for problem in error.problems)


@settings(max_examples=80, deadline=None)
@given(pieces=st.lists(MARKDOWN_PIECES, max_size=14))
def test_markdown_reader_never_crashes(pieces):
    read_or_refuse("".join(pieces).encode(), "p.md")


@settings(max_examples=80, deadline=None)
@given(pieces=st.lists(CSV_PIECES, max_size=8))
def test_csv_reader_never_crashes(pieces):
    read_or_refuse("".join(pieces).encode(), "m.csv")


@settings(max_examples=80, deadline=None)
@given(document=JSON_PIECES)
def test_json_reader_never_crashes(document):
    import json

    read_or_refuse(json.dumps(document).encode(), "m.json")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@settings(max_examples=25, deadline=None)
@given(data=st.binary(max_size=64))
def test_random_bytes_are_refused_politely(fmt, data):
    read_or_refuse(data, f"random.{fmt}")


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_zip_that_is_not_a_spreadsheet_is_refused(fmt, tmp_path):
    import zipfile

    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")

    with pytest.raises(MatrixFileError, match=f"not a readable {fmt.upper()} file"):
        read_file(path.read_bytes(), filename=f"m.{fmt}")
