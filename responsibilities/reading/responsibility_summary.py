"""Who holds which letter how often: the responsibility summary of one version.

Computed from the plain matrix already in memory, so it costs no query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..formats.matrix import Matrix, MatrixSection, section_label
from ..letters import CANONICAL_ORDER

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


def _counts(parties: list[str], activities) -> tuple[int, dict[str, dict[str, int]]]:
    """How many activities, and per party the number holding each letter (one pass)."""
    counts = {party: dict.fromkeys(CANONICAL_ORDER, 0) for party in parties}
    total = 0
    for activity in activities:
        total += 1
        for party, letters in activity.cells.items():
            if letters and party in counts:
                party_counts = counts[party]
                for letter in letters:
                    party_counts[letter] += 1
    return total, counts


def _table(label: str, title: str, parties: list[str], total: int, counts: dict[str, dict[str, int]]) -> SummaryTable:
    rows = [
        PartyCounts(party, [LetterCount(letter, counts[party][letter], total) for letter in CANONICAL_ORDER])
        for party in parties
    ]
    return SummaryTable(label, title, total, rows)


def responsibility_summary(matrix: Matrix) -> Summary:
    """Per party, how many activities it is R, A, C and I for: overall and per top-level section."""
    overall_total = 0
    overall = {party: dict.fromkeys(CANONICAL_ORDER, 0) for party in matrix.parties}
    sections = []
    for index, section in enumerate(matrix.sections, start=1):
        total, counts = _counts(matrix.parties, _activities(section))
        overall_total += total
        for party, letters in counts.items():
            for letter, count in letters.items():
                overall[party][letter] += count
        if total:
            sections.append(_table(section_label((index,)), section.title, matrix.parties, total, counts))
    return Summary(_table("", matrix.title, matrix.parties, overall_total, overall), sections)
