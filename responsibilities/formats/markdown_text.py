"""Text inside documentation markdown: inline markup to plain text and back, and dates.

The reader keeps what a reader of the page sees (a link keeps its visible text, ``<br>`` is a
line break, ``\\|`` is a pipe); the writer escapes whatever the reader would interpret, so any
plain text survives a round trip.
"""

from __future__ import annotations

import html
import re
from datetime import date

_INLINE = re.compile(
    r"""
      \\(?P<escaped>[!-/:-@\[-`{-~])             # backslash escape of ASCII punctuation
    | (?P<br><br\s*/?>)                           # a line break inside a table cell
    | \[(?P<link>(?:\\.|[^\]\\])*)\]\([^)\s]*(?:\s+"[^"]*")?\)   # [visible text](url "title")
    | <(?P<autolink>[a-z][a-z0-9+.-]*:[^>\s]*)>   # <https://…>
    | (?P<entity>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
    | (?P<strong>\*\*|__)                         # bold markers carry no text
    """,
    re.VERBOSE | re.IGNORECASE,
)


def inline_to_text(source: str) -> str:
    """Turn one piece of inline markdown into the plain text a reader of the page sees."""

    def replace(match: re.Match) -> str:
        kind = match.lastgroup
        if kind == "escaped":
            return match.group("escaped")
        if kind == "br":
            return "\n"
        if kind == "link":
            return inline_to_text(match.group("link"))
        if kind == "autolink":
            return match.group("autolink")
        if kind == "entity":
            return html.unescape(match.group("entity"))
        return ""

    return _INLINE.sub(replace, source)


_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\n": "<br>",
    **{ch: "\\" + ch for ch in "\\`*_[]|#~"},
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
        # Cells and headings are trimmed by readers, so edge whitespace is written as entities.
        return "".join("<br>" if ch == "\n" else f"&#{ord(ch)};" for ch in chars)

    middle = "".join(_ESCAPES.get(ch, ch) for ch in stripped)
    return entity(lead) + middle + entity(trail)


def strip_strong(text: str) -> str:
    """Remove one ``**…**`` wrapping, as on ``##### **3.1.1. Daily operations**``."""
    text = text.strip()
    while len(text) >= 4 and text.startswith("**") and text.endswith("**") and not text.endswith("\\**"):
        text = text[2:-2].strip()
    return text


MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip

_ENGLISH_MONTHS = [name.capitalize() for name in list(MONTHS)[:12]]
_DATE_LINE = re.compile(
    r"^\W*(?:last\s+updated?|derni[eè]re\s+mise\s+[àa]\s+jour)\b(?:\s+on)?(?:\s+the)?(?:\s+le)?\s*:?\s*(?P<date>.+?)\W*$",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|e)?"
_DAY_MONTH_YEAR = re.compile(rf"^{_DAY}\s+([^\W\d_]+)\s*,?\s+(\d{{4}})$", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"^([^\W\d_]+)\s+{_DAY}\s*,?\s+(\d{{4}})$", re.IGNORECASE)


def parse_date(text: str) -> date | None:
    """Read "2022-11-17", "22/12/2022" (day first), "17th November 2022", "December 1st, 2021"
    or "1er décembre 2021"; None when it is none of them or not a real day."""
    text = text.strip().strip("*_").strip()
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
    """Tell whether a body line is a "Last updated …" line, and the date it gives."""
    # Only emphasis is ignored here: an escaped or entity-encoded letter is prose, not a date line.
    match = _DATE_LINE.match(re.sub(r"[*_\\]", "", line).strip())
    if not match:
        return False, None
    return True, parse_date(inline_to_text(match.group("date")))


def english_date(day: date) -> str:
    """Write a date the way the English pages do: "17th November 2022"."""
    suffix = "th" if 10 <= day.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
    return f"{day.day}{suffix} {_ENGLISH_MONTHS[day.month - 1]} {day.year}"
