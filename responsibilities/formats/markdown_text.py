"""Text inside documentation markdown: the parser, inline markup to plain text and back, dates.

Pages are read with markdown-it-py (CommonMark, GFM tables) and mdit-py-plugins' attribute
syntax, as the documentation site renders them. ``visible_text`` keeps what a reader of the page
sees: a link keeps its label, an image its alternative text; emphasis, HTML tags and attribute
blocks (``{.external}``, ``{target="_blank"}``, kramdown's ``{: .class}``) vanish; ``<br>`` is a
line break; backslash escapes and entities are resolved by the parser. ``text_to_inline`` escapes
whatever the parser would interpret, so any plain text survives a round trip.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.attrs.parse import ParseError, parse

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@cache
def parser() -> MarkdownIt:
    """The one parser of documentation pages; block rules only: inline text is parsed on demand
    (``inline_tokens``), after the reader has checked each piece against its limits."""
    md = MarkdownIt("commonmark", {"maxNesting": 20}).enable("table")
    attrs_plugin(md)  # {.external} after links, images and code
    attrs_block_plugin(md)  # {.class} on the line before a block
    md.inline.ruler.push("attribute_block", _attribute_block)  # {: .class} and the other places
    md.disable("inline")  # core rule: see inline_tokens
    return md


def _attribute_block(state: StateInline, silent: bool) -> bool:
    """Hide an attribute block the renderer hides: ``{.a}``, ``{key="v"}`` or kramdown's ``{: .a}``,
    attached to what precedes it or ending its line. Anything else in braces stays text."""
    start = state.pos
    if state.src[start] != "{":
        return False
    colon = state.src.startswith("{:", start)
    source = "{" + state.src[start + 2 : state.posMax] if colon else state.src[start : state.posMax]
    try:
        length, _attributes = parse(source)
    except ParseError:
        return False
    end = start + length + 1 + (1 if colon else 0)
    attached = start > 0 and not state.src[start - 1].isspace()
    line_end = state.src.find("\n", end)
    rest = state.src[end : state.posMax if line_end < 0 else line_end]
    if not (attached or not rest.strip()):
        return False
    state.pos = end
    return True


def inline_tokens(source: str) -> list[Token]:
    """Parse one piece of inline markdown (a cell, a heading, a paragraph) into tokens."""
    md = parser()
    tokens: list[Token] = []
    md.inline.parse(source, md, {}, tokens)
    return tokens


def visible_text(tokens: list[Token], *, mark_written: bool = False) -> str:
    """The text a reader of the page sees for parsed inline tokens.

    With ``mark_written``, every character that the source wrote as an entity, an escape or a
    ``<br>`` is given as ``WRITTEN`` instead (same length), so a caller can tell the spaces the
    author wrote on purpose from those of the layout (``### 1. &#32;Title``)."""
    out = []
    for token in tokens:
        kind = token.type
        if kind in ("text", "code_inline"):
            out.append(token.content)
        elif kind == "text_special":
            out.append(WRITTEN * len(token.content) if mark_written else token.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "image":
            out.append(visible_text(token.children or [], mark_written=mark_written))
        elif kind == "html_inline" and _BREAK.fullmatch(token.content.strip()):
            out.append(WRITTEN if mark_written else "\n")
    return "".join(out)


#: Stands for a character written as an entity, an escape or ``<br>`` (``visible_text``).
WRITTEN = "\ufffc"


#: Characters that inline markdown may interpret; a piece without any is shown as written.
_MARKUP = re.compile(r"[\\`*_\[\]<>&!{}~\n]")


def inline_to_text(source: str) -> str:
    """Turn one piece of inline markdown into the plain text a reader of the page sees."""
    if not _MARKUP.search(source):
        return source  # most cells ("RA", plain activity text): no parser needed
    return visible_text(inline_tokens(source))


def split_cells(line: str) -> list[str]:
    """A table row's cells, split and trimmed as the parser's table rule does (``\\|`` is a pipe)."""
    cells = escapedSplit(line.strip())
    if cells and cells[0].strip() == "":
        cells.pop(0)
    if cells and cells[-1].strip() == "":
        cells.pop()
    return [cell.strip(" \t") for cell in cells]


_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\n": "<br>",
    **{ch: "\\" + ch for ch in "\\`*_[]|#~{"},
}


def text_to_inline(text: str) -> str:
    """Escape plain text so that ``inline_to_text`` gives it back unchanged, on one line."""
    if not text:
        return ""
    body = text.lstrip()
    lead = text[: len(text) - len(body)]
    stripped = body.rstrip()
    trail = body[len(stripped) :]

    def entity(chars: str) -> str:
        # Cells and headings are trimmed by the parser, so edge whitespace is written as entities.
        return "".join("<br>" if ch == "\n" else f"&#{ord(ch)};" for ch in chars)

    middle = "".join(_ESCAPES.get(ch, ch) for ch in stripped)
    return entity(lead) + middle + entity(trail)


#: A line that would start a block (list item, setext underline, ordered list) were it not escaped.
_BLOCK_START = re.compile(r"^([-+=])|^(\d{1,9})([.)])")


def prose_line(line: str) -> str:
    """Escape one line of a paragraph (introduction, section note) so that it reads back as the
    same prose: never a list, a heading underline, or the "Last updated" line."""
    escaped = text_to_inline(line)
    start = _BLOCK_START.match(escaped)
    if start and start.group(1):
        escaped = "\\" + escaped
    elif start:
        digits = start.group(2)
        escaped = f"{digits}\\{escaped[len(digits) :]}"
    if date_line(escaped)[0]:
        index = next(i for i, char in enumerate(escaped) if char.isalpha())
        escaped = f"{escaped[:index]}&#{ord(escaped[index])};{escaped[index + 1 :]}"
    return escaped


MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip

_ENGLISH_MONTHS = [name.capitalize() for name in list(MONTHS)[:12]]
#: "Last updated" and its variants; what follows is the date, read by ``parse_date``. Each part is
#: a plain word or a run of one class, so matching is linear in the line whatever it holds.
_DATE_LINE = re.compile(
    r"^\W*(?:last\s+updated?|derni[eè]re\s+mise\s+[àa]\s+jour)\b(?:\s+on)?(?:\s+the)?(?:\s+le)?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|e)?"
_DAY_MONTH_YEAR = re.compile(rf"^{_DAY}\s+([^\W\d_]+)\s*,?\s+(\d{{4}})$", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"^([^\W\d_]+)\s+{_DAY}\s*,?\s+(\d{{4}})$", re.IGNORECASE)
#: A date is short: a longer remainder is prose that happens to start with "Last updated".
_LONGEST_DATE = 40


def parse_date(text: str) -> date | None:
    """Read "2022-11-17", "22/12/2022" (day first), "17th November 2022", "December 1st, 2021"
    or "1er décembre 2021"; None when it is none of them or not a real day."""
    text = text.strip().strip("*_").strip()
    if len(text) > _LONGEST_DATE:
        return None
    try:
        if match := _NUMERIC.match(text):
            if match.group(1):
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            return date(int(match.group(6)), int(match.group(5)), int(match.group(4)))
        if match := _DAY_MONTH_YEAR.match(text):
            day, month, year = match.groups()
        elif match := _MONTH_DAY_YEAR.match(text):
            month, day, year = match.groups()
        else:
            return None
        if month.lower() not in MONTHS:
            return None
        return date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def date_line(line: str) -> tuple[bool, date | None]:
    """Tell whether a body line (its markdown source) is a "Last updated …" line, and its date."""
    # Only emphasis is ignored here: an escaped or entity-encoded letter is prose, not a date line.
    plain = re.sub(r"[*_\\]", "", line).strip()
    match = _DATE_LINE.match(plain)
    if not match or not plain[match.end() :].strip():
        return False, None
    rest = plain[match.end() :].lstrip()
    rest = rest[1:].lstrip() if rest.startswith(":") else rest
    # Trailing punctuation ("2022.") is not part of the date: trimmed by a loop, not a regex,
    # so that a long line of punctuation costs one pass.
    end = len(rest)
    while end and not (rest[end - 1].isalnum() or rest[end - 1] == "_"):
        end -= 1
    if not end or end > _LONGEST_DATE * 4:
        return True, None
    return True, parse_date(inline_to_text(rest[:end]))


def shorten(text: str, width: int = 60) -> str:
    """A piece of a long line for a message: its first ``width`` characters and "…"."""
    text = " ".join(text[: width * 2].split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def english_date(day: date) -> str:
    """Write a date the way the English pages do: "17th November 2022"."""
    suffix = "th" if 10 <= day.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
    return f"{day.day}{suffix} {_ENGLISH_MONTHS[day.month - 1]} {day.year}"
