"""The rows of the diff page's tables, built in Python.

A diff of two large versions can list thousands of reworded, moved or added activities:
through the template engine (a variable lookup, an autoescape and a tag per word segment) they
would cost more than the whole diff. Here every text is escaped once with ``html.escape``
(what Django's ``escape`` calls) and each translated word is looked up once per page. The
markup is the one the template wrote: one ``<tr>`` per row, the activity as ``th scope="row"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..diff import VersionDiff
from ..diff.matching import Row
from ..letters import letter_names, letters_title

_EMPTY = "—"


@dataclass(frozen=True)
class DiffTables:
    """The ``<tbody>`` content of each table of the diff page (empty when it has no rows)."""

    shifts: SafeString
    letters: SafeString
    reworded: SafeString
    moved: SafeString
    added: SafeString
    removed: SafeString


def diff_tables(diff: VersionDiff) -> DiffTables:
    names = letter_names()
    return DiffTables(
        shifts=_safe(_shift_rows(diff, names)),
        letters=_safe(_letter_rows(diff)),
        reworded=_safe(_reworded_rows(diff)),
        moved=_safe(_moved_rows(diff)),
        added=_safe(_lettered_rows(diff.added, diff.new_parties, "added", "ins")),
        removed=_safe(_lettered_rows(diff.removed, diff.old_parties, "removed", "del")),
    )


def _safe(rows: list[str]) -> SafeString:
    return mark_safe("".join(rows))  # noqa: S308 - every text in these rows goes through html.escape()


def _shift_rows(diff: VersionDiff, names: dict[str, str]) -> list[str]:
    directions = {
        True: ("to-customer", escape(_("To the customer: more customer responsibility"))),
        False: ("to-provider", escape(_("To the provider: less customer responsibility"))),
    }
    rows = []
    for change, shift in diff.shifts:
        css, direction = directions[shift.more_customer_burden]
        rows.append(
            f'<tr class="{css}"><td>{escape(change.new.label)}</td><th scope="row">{escape(change.new.text)}</th>'
            f'<td><abbr title="{escape(letters_title(shift.letter, names))}">{escape(shift.letter)}</abbr></td>'
            f"<td>{escape(', '.join(shift.old_holders) or _EMPTY)}</td>"
            f"<td>{escape(', '.join(shift.new_holders) or _EMPTY)}</td><td>{direction}</td></tr>\n"
        )
    return rows


def _letter_rows(diff: VersionDiff) -> list[str]:
    rows = []
    for change in diff.with_letter_changes:
        label, text = escape(change.new.label), escape(change.new.text)
        rows.extend(
            f'<tr><td>{label}</td><th scope="row">{text}</th><td>{escape(cell.party)}</td>'
            f'<td class="letters"><del>{escape(cell.old or _EMPTY)}</del></td>'
            f'<td class="letters"><ins>{escape(cell.new or _EMPTY)}</ins></td></tr>\n'
            for cell in change.cells
        )
    return rows


_WORD_TAGS = {"insert": ("<ins>", "</ins>"), "delete": ("<del>", "</del>"), "equal": ("", "")}


def _reworded_rows(diff: VersionDiff) -> list[str]:
    rows = []
    for change in diff.reworded:
        words = "".join(f"{_WORD_TAGS[op][0]}{escape(text)}{_WORD_TAGS[op][1]}" for op, text in change.words)
        rows.append(f'<tr><td>{escape(change.new.label)}</td><th scope="row" class="words">{words}</th></tr>\n')
    return rows


def reworded_before_after(diff: VersionDiff) -> SafeString:
    """The reworded activities as rows old → new (the import preview): the old text with its
    deleted words struck out, the new one with its new words underlined."""
    rows = []
    for change in diff.reworded:
        old = [(op, escape(text)) for op, text in change.words if op != "insert"]
        new = [(op, escape(text)) for op, text in change.words if op != "delete"]
        before = "".join(f"<del>{text}</del>" if op == "delete" else text for op, text in old)
        after = "".join(f"<ins>{text}</ins>" if op == "insert" else text for op, text in new)
        rows.append(
            f'<tr><td>{escape(change.new.label)}</td><td class="words">{before}</td>'
            f'<th scope="row" class="words">{after}</th></tr>\n'
        )
    return _safe(rows)


def _moved_rows(diff: VersionDiff) -> list[str]:
    return [
        f'<tr><th scope="row">{escape(change.new.text)}</th>'
        f"<td>{escape(change.old.label)} {escape(change.old.section_title)}</td>"
        f"<td>{escape(change.new.label)} {escape(change.new.section_title)}</td></tr>\n"
        for change in diff.moved
    ]


def _lettered_rows(rows: list[Row], parties: list[str], css: str, tag: str) -> list[str]:
    return [
        f'<tr class="{css}"><td>{escape(row.label)}</td><th scope="row"><{tag}>{escape(row.text)}</{tag}></th>'
        + "".join(f'<td class="letters">{escape(row.activity.cells.get(party, ""))}</td>' for party in parties)
        + "</tr>\n"
        for row in rows
    ]
