"""What a reader of a page sees: markup, links, attribute blocks, HTML, escapes and entities."""

import pytest

from responsibilities.formats import markdown
from responsibilities.formats.markdown_text import inline_to_text, prose_line, text_to_inline
from tests.formats.helpers import activity, shape


@pytest.mark.parametrize(
    ("source", "seen"),
    [
        (
            "[ldp-archive-mirror](https://example.com/x){.external} for data export",
            "ldp-archive-mirror for data export",
        ),
        ('Read the [terms](https://example.com/t){target="_blank"} first', "Read the terms first"),
        ("See the [guide](https://example.com/g){: .external-link}", "See the guide"),
        ("Use `tar`{.code} to pack", "Use tar to pack"),
        ("A **bold** and *italic* and __strong__ word", "A bold and italic and strong word"),
        ("Keep <strong>two</strong> copies<br>in two regions", "Keep two copies\nin two regions"),
        ("line<br/>break<BR />again", "line\nbreak\nagain"),
        ("a \\*literal\\* star and \\| pipe", "a *literal* star and | pipe"),
        ("caf&eacute; &amp; &#x27;quotes&#39; &lt;b&gt;", "café & 'quotes' <b>"),
        ("![a diagram](d.png) shown", "a diagram shown"),
        ("see <https://ovh.com>", "see https://ovh.com"),
        (
            "braces {like this} stay, as does {key=value} in prose",
            "braces {like this} stay, as does {key=value} in prose",
        ),
        ("a <!-- hidden --> comment", "a  comment"),
    ],
)
def test_inline_to_text_is_what_the_renderer_shows(source, seen):
    assert inline_to_text(source) == seen


@pytest.mark.parametrize("text", ["a{.x}", "{: .b}", "{target=_blank}", "x {.y}", "- item", "1. one", "[x](y)"])
def test_plain_text_that_looks_like_markup_survives_escaping(text):
    assert inline_to_text(text_to_inline(text)) == text


@pytest.mark.parametrize(
    "line", ["- item", "+ item", "= under", "---", "1. first", "12) twelfth", "Last updated 1 May 2020"]
)
def test_prose_lines_that_would_start_a_block_read_back_as_prose(line):
    table = "| Activity | A | B |\n| --- | --- | --- |\n| x | RA | |\n"
    page = f"---\ntitle: T\n---\n\n{prose_line(line)}\n\n### 1. One\n\n{table}"

    matrix = markdown.read(page.encode())

    assert matrix.introduction == line


def test_a_page_keeps_the_visible_text_of_links_markup_and_attribute_blocks():
    matrix = markdown.read(shape("links-and-markup.md"))

    texts = [a.text for _, a in matrix.activities()]
    assert texts == [
        "Choose a mirror with ldp-archive-mirror for data export",
        "Read the terms before ordering",
        "Size the archive following the sizing guide",
        "Keep two copies\nin separate regions & check them",
        "Plan retention *per bucket* and per object",
        "Use tar or the client",
    ]
    assert matrix.introduction == (
        "The RACI below details shared responsibilities for the Cold Archive service, see our guide."
    )
    assert activity(matrix, "Read the terms before ordering").cells == {"Customer": "RA", "Provider": ""}
    assert matrix.warnings == []
