"""Publish validation: the rows that break the A/R rule, located the way a reader finds them.

The rule itself is ``letters.rule_problems``; this module applies it to a whole matrix for the
grid (on every save), the import preview and ``version_publish`` (re-checked on publish).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formats.matrix import Matrix, section_label
from ..letters import rule_problems
from ..matrices import matrix_load
from ..models import MatrixVersion


@dataclass(frozen=True)
class RowProblem:
    """One activity that breaks the A/R rule, located the way a reader finds it."""

    section: str  # "3.1.2."
    activity: str
    reasons: tuple[str, ...]

    def __str__(self):
        return f"{self.section} {self.activity}: {'; '.join(self.reasons)}"

    def as_dict(self) -> dict:
        return {"section": self.section, "activity": self.activity, "reasons": list(self.reasons)}


def matrix_problems(matrix: Matrix) -> list[RowProblem]:
    """Every activity that does not have exactly one A and at least one R."""
    problems = []
    for number, activity in matrix.activities():
        reasons = rule_problems(activity.cells)
        if reasons:
            problems.append(RowProblem(section_label(number), activity.text, tuple(reasons)))
    return problems


def version_problems(version: MatrixVersion) -> list[RowProblem]:
    return matrix_problems(matrix_load(version))
