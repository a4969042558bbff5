"""Lay a plain matrix out for reading: numbered sections, each with its table rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..formats.matrix import Matrix, MatrixActivity, section_label


@dataclass
class Row:
    activity: MatrixActivity
    letters: list[str]  # one entry per party, in column order


@dataclass
class Block:
    """One section heading and the table of its own activities (possibly none)."""

    label: str  # "3.1.2."
    depth: int  # 1 for "3.", 2 for "3.1."...
    title: str
    rows: list[Row] = field(default_factory=list)
    note: str = ""  # prose shown under the heading, above the table

    @property
    def heading_level(self) -> int:
        return min(self.depth + 1, 6)


def matrix_blocks(matrix: Matrix) -> list[Block]:
    """Every section in reading order, with its activities' letters in party-column order."""
    blocks = []
    for number, section in matrix.walk():
        rows = [
            Row(activity, [activity.cells.get(party, "") for party in matrix.parties])
            for activity in section.activities
        ]
        blocks.append(Block(section_label(number), len(number), section.title, rows, section.note))
    return blocks
