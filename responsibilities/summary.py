"""Who holds which letter how often: the responsibility summary of one version.

Computed from the plain matrix already in memory, so it costs no query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .formats.matrix import Matrix, MatrixSection, section_label
from .letters import CANONICAL_ORDER

#: Width in SVG user units of a bar standing for every activity of the table.
BAR_WIDTH = 100


@dataclass
class LetterCount:
    letter: str
    count: int
    total: int

    @property
    def bar_width(self) -> int:
        """The bar's width out of ``BAR_WIDTH`` (at least 1 when the count is not zero, so it shows)."""
        if not self.total or not self.count:
            return 0
        return max(1, round(BAR_WIDTH * self.count / self.total))

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


@dataclass
class PartyCounts:
    party: str
    letters: list[LetterCount]


@dataclass
class SummaryTable:
    """Counts for one scope: the whole version or one top-level section."""

    label: str  # "" for the whole version, else "3."
    title: str
    activities: int
    parties: list[PartyCounts] = field(default_factory=list)


@dataclass
class Summary:
    overall: SummaryTable
    sections: list[SummaryTable]
    letters: str = CANONICAL_ORDER


def _activities(section: MatrixSection):
    yield from section.activities
    for child in section.children:
        yield from _activities(child)


def _table(label: str, title: str, parties: list[str], activities) -> SummaryTable:
    activities = list(activities)
    total = len(activities)
    rows = []
    for party in parties:
        cells = [activity.cells.get(party, "") for activity in activities]
        rows.append(
            PartyCounts(
                party,
                [LetterCount(letter, sum(letter in cell for cell in cells), total) for letter in CANONICAL_ORDER],
            )
        )
    return SummaryTable(label, title, total, rows)


def responsibility_summary(matrix: Matrix) -> Summary:
    """Per party, how many activities it is R, A, C and I for: overall and per top-level section."""
    overall = _table("", matrix.title, matrix.parties, (activity for _, activity in matrix.activities()))
    sections = [
        _table(section_label((index,)), section.title, matrix.parties, _activities(section))
        for index, section in enumerate(matrix.sections, start=1)
    ]
    return Summary(overall, [table for table in sections if table.activities])
