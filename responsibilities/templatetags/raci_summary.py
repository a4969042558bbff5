"""Render responsibility summary tables in Python: a version can have hundreds of top-level sections,
and a template include per table (and per cell) would cost more than the whole matrix."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..letters import letter_names
from ..reading.responsibility_summary import BAR_WIDTH, SummaryTable

register = template.Library()


def _bar(width: int) -> str:
    fill = f'<rect class="bar-fill" width="{width}" height="10"/>' if width else ""
    return (
        f'<svg class="bar" aria-hidden="true" focusable="false" width="{BAR_WIDTH}" height="10" '
        f'viewBox="0 0 {BAR_WIDTH} 10"><rect class="bar-track" width="{BAR_WIDTH}" height="10"/>{fill}</svg>'
    )


#: Every bar there can be, drawn once.
_BARS = [_bar(width) for width in range(BAR_WIDTH + 1)]


def _caption(table: SummaryTable) -> str:
    if table.label:
        return ngettext(
            "%(label)s %(title)s: %(counter)s activity", "%(label)s %(title)s: %(counter)s activities", table.activities
        ) % {"label": table.label, "title": table.title, "counter": table.activities}
    return ngettext(
        "Whole matrix: how many of its %(counter)s activity each party holds each letter for",
        "Whole matrix: how many of its %(counter)s activities each party holds each letter for",
        table.activities,
    ) % {"counter": table.activities}


@register.simple_tag
def summary_table(table: SummaryTable):
    """One table: a row per party, a column per letter, each count with a bar drawn to scale.

    Built with plain strings (every text escaped, numbers are ints): format_html per cell
    would dominate the page for a version with hundreds of sections.
    """
    names = letter_names()
    head = "".join(
        f'<th scope="col"><abbr title="{escape(name)}">{letter}</abbr></th>' for letter, name in names.items()
    )
    rows = []
    for row in table.parties:
        cells = "".join(
            f'<td class="count letter-{cell.letter.lower()}"><span class="number">{int(cell.count)}</span>'
            f"{_BARS[cell.bar_width]}</td>"
            for cell in row.letters
        )
        rows.append(f'<tr><th scope="row">{escape(row.party)}</th>{cells}</tr>')
    body = "\n".join(rows)
    return mark_safe(  # noqa: S308 - every interpolated text above is escaped
        f'<table class="summary">\n<caption>{escape(_caption(table))}</caption>\n'
        f'<thead><tr><th scope="col">{escape(_("Party"))}</th>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>'
    )
