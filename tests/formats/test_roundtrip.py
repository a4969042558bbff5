"""Export then import gives the same matrix, in every format, for real pages and generated ones."""

import uuid
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from responsibilities.formats import FORMATS, markdown, read_file, write
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection
from responsibilities.letters import CANONICAL_VALUES
from tests.formats.helpers import CORPUS, CORPUS_PAGES, content

#: What each format carries besides parties and sections (CSV metadata comes from import options).
CARRIED = {
    "xlsx": {"title", "introduction", "last_updated", "change_summary", "service", "version"},
    "ods": {"title", "introduction", "last_updated", "change_summary", "service", "version"},
    "json": {"title", "introduction", "last_updated", "change_summary", "service", "version"},
    "md": {"title", "introduction", "last_updated"},
    "csv": set(),
}
KEYS_CARRIED = {"json"}


def comparable(matrix: Matrix, fmt: str) -> dict:
    data = content(matrix)
    for key in {"title", "introduction", "last_updated", "change_summary", "service", "version"} - CARRIED[fmt]:
        data.pop(key)
    if fmt not in KEYS_CARRIED:
        data["sections"] = _without_keys(data["sections"])
    return data


def _without_keys(sections: list[dict]) -> list[dict]:
    return [
        {
            **section,
            "activities": [{**activity, "key": ""} for activity in section["activities"]],
            "children": _without_keys(section["children"]),
        }
        for section in sections
    ]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("path", CORPUS_PAGES, ids=lambda path: str(path.relative_to(CORPUS)))
def test_every_corpus_page_survives_export_and_import_in_every_format(path, fmt):
    matrix = markdown.read(path.read_bytes(), filename=path.name)
    matrix.service, matrix.version, matrix.change_summary = "Service", 2, "Imported from the documentation"

    again = read_file(write(matrix, fmt), filename=f"export.{fmt}")

    assert comparable(again, fmt) == comparable(matrix, fmt)
    assert again.warnings == [] or fmt == "json"


# Text a staff user might type: any printable character, plus the ones formats care about.
SPECIAL = st.sampled_from(
    list("\n\t,;\"'|\\*_[]()#`<>&=+-@ ") + ["<b>bold</b>", "&amp;", "<br>", "=SUM(A1)", "é", "日本"]
)
PRINTABLE = st.characters(exclude_categories=("Cs", "Cc", "Cn"))
TEXT = st.lists(st.one_of(PRINTABLE, SPECIAL), max_size=12).map("".join)
VISIBLE_TEXT = TEXT.filter(lambda text: text.strip())
LINE = st.lists(st.one_of(PRINTABLE, st.sampled_from(list("'=+-@\t|#<>&*\\ "))), min_size=1, max_size=12).map("".join)
PARTY = st.lists(st.one_of(PRINTABLE, st.sampled_from(list("'=+-@|*\\<>&,\""))), min_size=1, max_size=8).map(
    lambda chars: "".join(chars).strip()
)


#: Prose: paragraphs of lines (an introduction, a section's note).
PROSE = st.lists(st.lists(LINE, min_size=1, max_size=3).map("\n".join), max_size=3).map("\n\n".join)


@st.composite
def matrices(draw) -> Matrix:
    parties = draw(st.lists(PARTY.filter(bool), min_size=1, max_size=5, unique=True))

    def activity():
        return MatrixActivity(
            text=draw(VISIBLE_TEXT),
            cells={party: draw(st.sampled_from(["", *CANONICAL_VALUES])) for party in parties},
            key=draw(st.sampled_from(["", str(uuid.uuid4())])),
        )

    def section(depth: int) -> MatrixSection:
        children = [] if depth >= 4 else [section(depth + 1) for _ in range(draw(st.integers(0, 2)))]
        activities = [activity() for _ in range(draw(st.integers(0, 3)))]
        return MatrixSection(title=draw(TEXT), activities=activities, children=children, note=draw(PROSE))

    return Matrix(
        parties=parties,
        sections=[section(1) for _ in range(draw(st.integers(1, 3)))],
        title=draw(TEXT),
        introduction=draw(PROSE),
        last_updated=draw(st.none() | st.dates(min_value=date(1990, 1, 1))),
        change_summary=draw(TEXT),
        service=draw(TEXT),
        version=draw(st.none() | st.integers(1, 10_000)),
    )


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrix=matrices())
def test_any_matrix_survives_export_and_import(fmt, matrix):
    again = read_file(write(matrix, fmt), filename=f"export.{fmt}")

    assert comparable(again, fmt) == comparable(matrix, fmt)
