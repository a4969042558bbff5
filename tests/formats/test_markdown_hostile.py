"""Hostile markdown costs little: the inputs that made the line-based reader backtrack for
seconds, the line-length cap and the limits on one piece of inline markdown.

No timing here (timings are measured, not asserted): each input must end in a clear answer,
and the caps that keep reading linear must hold at their edges.
"""

import pytest

from responsibilities.formats import markdown
from responsibilities.formats.base import MatrixFileError
from responsibilities.limits import DEFAULT_MAX_LINE_LENGTH, MAX_INLINE_BRACKETS, MAX_INLINE_CHARACTERS

N = 20_000
TABLE = "| **Activity** | **Customer** | **OVHcloud** |\n| --- | --- | --- |\n"
HOSTILE = {
    "heading": "# a" + " " * N + "b\n",
    "date": "Last updated a" + "!" * N + "b\n",
    "cell": "### 1. One\n\n" + TABLE + "| " + "[" * N + " | RA | I |\n",
}


def refusal(text: str) -> str:
    with pytest.raises(MatrixFileError) as error:
        markdown.read(text.encode(), filename="p.md")
    return str(error.value)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_backtracking_inputs_are_refused_by_the_line_cap(name):
    assert "characters long, over the 4,000-character limit for one line of a page" in refusal(HOSTILE[name])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_backtracking_inputs_get_an_answer_without_the_line_cap(settings, name):
    settings.RACI_MAX_LINE_LENGTH = 10 * N
    message = refusal(HOSTILE[name])
    expected = {
        "heading": "over the 20,000-character limit",
        "date": "no RACI table",
        "cell": f"holds {N:,} “[”, over the limit of {MAX_INLINE_BRACKETS}",
    }[name]
    assert expected in message


def test_a_long_last_updated_line_is_read_as_an_unreadable_date(settings):
    settings.RACI_MAX_LINE_LENGTH = 10 * N
    page = "Last updated a" + "!" * 3_000 + "b\n\n### 1. One\n\n" + TABLE + "| Do | RA | I |\n"

    matrix = markdown.read(page.encode())

    assert matrix.last_updated is None
    assert any("does not give a date I can read" in w and len(w) < 120 for w in matrix.warnings)


def test_the_line_cap_holds_at_its_edge():
    cell = "a" * (DEFAULT_MAX_LINE_LENGTH - len("| ") - len(" | RA | I |"))
    at_limit = f"### 1. One\n\n{TABLE}| {cell} | RA | I |\n"

    assert markdown.read(at_limit.encode()).sections[0].activities[0].text == cell
    assert "p.md, line 5: the line is 4,001 characters" in refusal(at_limit.replace(cell, cell + "a"))


def test_the_line_cap_is_a_setting(settings):
    settings.RACI_MAX_LINE_LENGTH = 50
    message = refusal(f"### 1. One\n\n{TABLE}| {'a' * 60} | RA | I |\n")

    assert "over the 50-character limit for one line of a page" in message


def test_every_long_line_is_counted_but_only_three_are_listed():
    lines = "\n".join("x" * (DEFAULT_MAX_LINE_LENGTH + 1) for _ in range(5))

    with pytest.raises(MatrixFileError) as error:
        markdown.read(lines.encode(), filename="p.md")

    assert [p.row for p in error.value.problems] == [1, 2, 3, 4]
    assert str(error.value.problems[-1]) == "p.md, line 4: and 2 more lines over the limit"


def test_a_paragraph_over_the_inline_limit_is_refused_naming_its_line():
    paragraph = "\n".join(["word " * 700] * 6)  # short lines, one long paragraph
    assert len(paragraph) > MAX_INLINE_CHARACTERS

    assert "p.md, line 1: this paragraph or cell is" in refusal(paragraph + "\n")


def test_brackets_at_the_limit_are_read_and_escaped_ones_do_not_count():
    cell = "[x] " * MAX_INLINE_BRACKETS + "\\[" * 10
    matrix = markdown.read(f"### 1. One\n\n{TABLE}| {cell} | RA | I |\n".encode())

    assert matrix.sections[0].activities[0].text.count("[") == MAX_INLINE_BRACKETS + 10
    assert "over the limit of 64" in refusal(f"### 1. One\n\n{TABLE}| {cell}[ | RA | I |\n")
