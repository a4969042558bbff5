"""The plain, database-free shape of one matrix version that every format reads and writes.

A format module turns bytes into a ``Matrix`` (``read``) and a ``Matrix`` into bytes
(``write``); the services module moves a ``Matrix`` in and out of the database. Numbering is
never stored: it is derived from the order of sections, so renumbering cannot lose rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date


@dataclass
class MatrixActivity:
    """One row: the activity text and, per party name, its canonical letters ("" = no role)."""

    text: str
    cells: dict[str, str] = field(default_factory=dict)
    key: str = ""  # stable key carried across versions; empty for rows read from documents


@dataclass
class MatrixSection:
    title: str
    activities: list[MatrixActivity] = field(default_factory=list)
    children: list[MatrixSection] = field(default_factory=list)
    #: Prose the page gives with the section ("Domain names are reversible by design…"), shown
    #: above its table; paragraphs are separated by a blank line.
    note: str = ""


@dataclass
class Matrix:
    parties: list[str]
    sections: list[MatrixSection] = field(default_factory=list)
    title: str = ""
    introduction: str = ""
    last_updated: date | None = None
    change_summary: str = ""
    service: str = ""  # the service's name, when the file says it
    version: int | None = None  # the version number, when the file says it
    #: The language of its words when they are a translation (``fr-fr``); empty for a version
    #: in its own language, and for files that do not say.
    language: str = ""
    #: What a reader normalised or had to guess, in words a staff user understands.
    warnings: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[tuple[tuple[int, ...], MatrixSection]]:
        """Yield every section depth-first with its derived number, e.g. ``(3, 1, 2)``."""

        def visit(sections, prefix):
            for index, section in enumerate(sections, start=1):
                number = (*prefix, index)
                yield number, section
                yield from visit(section.children, number)

        yield from visit(self.sections, ())

    def activities(self) -> Iterator[tuple[tuple[int, ...], MatrixActivity]]:
        """Yield every activity in reading order with the number of its section."""
        for number, section in self.walk():
            for activity in section.activities:
                yield number, activity

    def activity_count(self) -> int:
        return sum(1 for _ in self.activities())


def section_label(number: tuple[int, ...]) -> str:
    """Write a section number the way the documents do: ``(3, 1, 2)`` -> ``"3.1.2."``."""
    return "".join(f"{part}." for part in number)


def same_matrix(first: Matrix, second: Matrix) -> bool:
    """Whether two matrices hold the same parties, sections, activities and letters (metadata aside)."""
    return _shape(first) == _shape(second)


def _shape(matrix: Matrix):
    def section(s):
        rows = tuple((a.text, tuple(a.cells.get(p, "") for p in matrix.parties)) for a in s.activities)
        return (s.title, s.note, rows, tuple(section(child) for child in s.children))

    return tuple(matrix.parties), tuple(section(s) for s in matrix.sections)
