"""Any table-shaped markdown the reader accepts reads back the same after export, in every format.

The pages are generated as an author might write them: numbered headings at any level, tables
with markup in their cells (links with attribute blocks, emphasis, HTML, entities, escapes),
rows missing cells, blank lines inside tables, prose lines as rows and as paragraphs.
"""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from responsibilities.formats import FORMATS, markdown, read_file, write
from responsibilities.formats.base import MatrixFileError
from tests.formats.test_roundtrip import comparable

WORD = st.sampled_from(
    ["Manage", "data", "the", "backups", "é", "日本", "a|b", "x\\|y", "*em*", "**strong**", "_u_", "`code`",
     "[link](https://e.com/x)", "[ext](https://e.com){.external}", '[t](/t){target="_blank"}', "{: .note}",
     "<b>bold</b>", "<br>", "&amp;", "&#233;", "\\*", "{braces}", "#", "~", "<", ">", "!", "[", "]", "(", ")",
     "1.", "-", "+", "'", '"', "=SUM(A1)", "@x"]
)  # fmt: skip
CELL_TEXT = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
LETTERS = st.sampled_from(["", "R", "A", "C", "I", "RA", "AR", "ra", "R/A", "IR", "CI", " RA ", "**RA**"])
PARTY = st.sampled_from(["Customer", "OVHcloud", "Partner", "Client", "Third party"])
HEADING = st.sampled_from(["###", "####", "#####", "##"])


@st.composite
def rows(draw, width: int) -> list[str]:
    out = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["row", "row", "row", "short", "blank", "prose"]))
        if kind == "blank":
            out.append("")
        elif kind == "prose" and width >= 3:
            out.append(f"| {draw(CELL_TEXT)} |")
        else:
            cells = [draw(CELL_TEXT)] + [draw(LETTERS) for _ in range(width - 1)]
            if kind == "short":
                cells = cells[: draw(st.integers(2, width))] if width > 2 else cells
            out.append("| " + " | ".join(cells) + " |")
    return out


@st.composite
def pages(draw) -> str:
    parties = draw(st.lists(PARTY, min_size=1, max_size=3, unique=True))
    header = "| **Activity** | " + " | ".join(f"**{p}**" for p in parties) + " |"
    delimiter = "| --- |" + " --- |" * len(parties)
    lines = ["---", "title: Generated page", "---", "", draw(CELL_TEXT), ""]
    numbers = draw(st.lists(st.sampled_from([(1,), (1, 1), (1, 2), (2,), (2, 1), (2, 1, 1), (3,)]), min_size=1))
    for number in sorted(set(numbers)):
        label = "".join(f"{n}." for n in number)
        bold = draw(st.booleans())
        title = draw(CELL_TEXT)
        lines += [f"{draw(HEADING)} {'**' if bold else ''}{label} {title}{'**' if bold else ''}", ""]
        if draw(st.booleans()):
            lines += [draw(CELL_TEXT), ""]
        if draw(st.booleans()):
            lines.append(f"| {draw(CELL_TEXT)} |")
        lines += [header, delimiter, *draw(rows(len(parties) + 1)), ""]
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=pages(), fmt=st.sampled_from(sorted(FORMATS)))
def test_any_page_the_reader_accepts_survives_export_and_import(page, fmt):
    try:
        matrix = markdown.read(page.encode(), filename="generated.md")
    except MatrixFileError:
        assume(False)

    again = read_file(write(matrix, fmt), filename=f"export.{fmt}")

    assert comparable(again, fmt) == comparable(matrix, fmt)
    if fmt == "md":
        assert markdown.write(again) == markdown.write(matrix)
