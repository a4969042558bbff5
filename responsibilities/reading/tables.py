"""The matrix tables of a version page, built in Python.

A 2,000-activity, 4-party version has some 10,000 cells: through the template engine (a
variable lookup, an autoescape and a gettext per cell) they cost most of the page's first
render. Here every text is escaped once with ``html.escape`` (what Django's ``escape`` calls,
without its lazy-string wrapper) and the letters' titles are
translated once per page, for the few distinct cells there are. The markup is the one the
template wrote: a heading and, when the section has activities, a captioned table with
``th scope="col"`` for the parties and ``th scope="row"`` for each activity.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..letters import letter_names, letters_title
from .blocks import Block


class _Cells:
    """The ``<td>`` of each distinct cell value, built the first time it is met."""

    def __init__(self):
        self.names = letter_names()
        self.cells: dict[str, str] = {"": '<td class="letters"></td>'}

    def __getitem__(self, letters: str) -> str:
        cell = self.cells.get(letters)
        if cell is None:
            title = escape(letters_title(letters, self.names))
            cell = self.cells[letters] = f'<td class="letters"><abbr title="{title}">{escape(letters)}</abbr></td>'
        return cell


def _activity_text(text: str) -> str:
    """What ``{{ text|linebreaksbr }}`` gives under autoescaping (newlines normalised, then escaped)."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def _note_html(note: str) -> str:
    """A section's note as ``{{ note|linebreaks }}`` gives it: paragraphs, line breaks, escaped."""
    paragraphs = [p for p in note.replace("\r\n", "\n").split("\n\n") if p.strip()]
    inner = "".join(f"<p>{escape(p.strip(chr(10))).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return f'<div class="section-note">{inner}</div>\n'


def matrix_sections_html(blocks: Iterable[Block], parties: Iterable[str], content_language: str = "") -> SafeString:
    """Every section of ``blocks``: its heading, and the table of its own activities if any.

    ``content_language``: the language of the matrix's words, when the page marks them with
    it; the column heading "Activity" then says it is in the interface's language.
    """
    cells = _Cells()
    party_heads = "".join(f'<th scope="col" class="party">{escape(party)}</th>' for party in parties)
    interface = f' lang="{escape(get_language() or "")}"' if content_language and get_language() else ""
    head = (
        f'<thead>\n<tr>\n<th scope="col" class="activity"{interface}>{escape(_("Activity"))}</th>\n'
        f"{party_heads}\n</tr>\n</thead>"
    )
    out: list[str] = []
    for block in blocks:
        name = f"{escape(block.label)} {escape(block.title)}"
        level = block.heading_level
        out.append(
            f'<section class="matrix-section depth-{int(block.depth)}">\n'
            f'<h{level} id="s-{escape(slugify(block.label))}">{name}</h{level}>\n'
        )
        if block.note:
            out.append(_note_html(block.note))
        if block.rows:
            out.append(f'<table class="raci">\n<caption>{name}</caption>\n{head}\n<tbody>\n')
            out.extend(
                f'<tr>\n<th scope="row" class="activity">{_activity_text(row.activity.text)}</th>\n'
                f"{''.join([cells[letters] for letters in row.letters])}\n</tr>\n"
                for row in block.rows
            )
            out.append("</tbody>\n</table>\n")
        out.append("</section>\n")
    return mark_safe("".join(out))  # noqa: S308 - every text above goes through html.escape()
