"""What changed between two versions of a matrix: rows, sections, cells and responsibility shifts.

Pure functions over plain ``Matrix`` objects, no database. Which old row each new row continues
is decided by ``matching`` (key, identical text, then similarity), so a reworded row reads as
*reworded* rather than as one row removed and another added. Every count of what changed (the
diff page, the history, the publish page, the import preview, grid saves, the audit trail)
comes from ``VersionDiff.summary()``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.text import slugify

from ..formats.matrix import Matrix
from ..parties import customer_party
from .matching import Row, SectionChange, match_activities, match_sections, matrix_rows, pairs_at
from .shifts import TO_CUSTOMER, TO_PROVIDER, Shift, responsibility_shifts
from .words import word_diff

_SPACES = re.compile(r"\s+")


# --- Result -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellChange:
    party: str
    old: str
    new: str


@dataclass
class ActivityChange:
    """An activity present in both versions whose text, section or letters changed."""

    old: Row
    new: Row
    words: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete|insert, text)
    cells: list[CellChange] = field(default_factory=list)
    shifts: list[Shift] = field(default_factory=list)
    moved: bool = False

    @property
    def reworded(self) -> bool:
        return bool(self.words)


@dataclass
class VersionDiff:
    old_parties: list[str]
    new_parties: list[str]
    parties_added: list[str] = field(default_factory=list)
    parties_removed: list[str] = field(default_factory=list)
    sections: list[SectionChange] = field(default_factory=list)
    added: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)
    changed: list[ActivityChange] = field(default_factory=list)
    unchanged: int = 0
    #: Every (old row, new row) the matching paired, changed or not, in the new version's order.
    pairs: list[tuple[Row, Row]] = field(default_factory=list)

    def matching(self) -> list[tuple[int, int]]:
        """The (old index, new index) of every pair, to give ``version_diff`` again (reading order)."""
        return [(old_row.index, new_row.index) for old_row, new_row in self.pairs]

    @property
    def reworded(self) -> list[ActivityChange]:
        return [change for change in self.changed if change.reworded]

    @property
    def moved(self) -> list[ActivityChange]:
        return [change for change in self.changed if change.moved]

    @property
    def with_letter_changes(self) -> list[ActivityChange]:
        return [change for change in self.changed if change.cells]

    @property
    def shifts(self) -> list[tuple[ActivityChange, Shift]]:
        return [(change, shift) for change in self.changed for shift in change.shifts]

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.parties_added, self.parties_removed, self.sections, self.added, self.removed, self.changed)
        )

    def summary(self) -> dict[str, int]:
        """The counts shown on top of the diff, on the history page and in the feeds."""
        shifts = [shift for _, shift in self.shifts]
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "reworded": len(self.reworded),
            "moved": len(self.moved),
            "letters_changed": sum(len(change.cells) for change in self.changed),
            "activities_with_letter_changes": len(self.with_letter_changes),
            "shifts": len(shifts),
            "shifts_to_customer": sum(1 for shift in shifts if shift.direction == TO_CUSTOMER),
            "shifts_to_provider": sum(1 for shift in shifts if shift.direction == TO_PROVIDER),
            "sections_added": sum(1 for change in self.sections if change.kind == "added"),
            "sections_removed": sum(1 for change in self.sections if change.kind == "removed"),
            "sections_renamed": sum(1 for change in self.sections if change.kind == "renamed"),
            "parties_added": len(self.parties_added),
            "parties_removed": len(self.parties_removed),
            "unchanged": self.unchanged,
        }


# --- Entry point --------------------------------------------------------------------------


def version_diff(old: Matrix, new: Matrix, *, matching: Sequence[tuple[int, int]] | None = None) -> VersionDiff:
    """Compare two matrices: activities added, removed, reworded, moved; letters; shifts.

    ``matching``: the (old index, new index) of every pair an earlier call found for the same
    two matrices (``VersionDiff.matching()``), to skip matching them again; ``ValueError`` if it
    does not fit them.
    """
    result = VersionDiff(old_parties=list(old.parties), new_parties=list(new.parties))
    old_party_keys = {_party_key(name): name for name in old.parties}
    new_party_keys = {_party_key(name): name for name in new.parties}
    result.parties_added = [name for key, name in new_party_keys.items() if key not in old_party_keys]
    result.parties_removed = [name for key, name in old_party_keys.items() if key not in new_party_keys]
    # Same party, possibly spelt in another case: compare its cells under the new name.
    party_pairs = [(old_party_keys[key], name) for key, name in new_party_keys.items() if key in old_party_keys]

    old_rows, new_rows = matrix_rows(old), matrix_rows(new)
    if matching is None:
        pairs, lone_old, lone_new = match_activities(old_rows, new_rows)
    else:
        pairs, lone_old, lone_new = pairs_at(old_rows, new_rows, matching)
    section_map, result.sections = match_sections(old, new, pairs)

    old_customer, new_customer = customer_party(old.parties), customer_party(new.parties)
    result.pairs = sorted(pairs, key=lambda pair: pair[1].index)
    for old_row, new_row in result.pairs:
        change = ActivityChange(old=old_row, new=new_row)
        if old_row.text != new_row.text and (
            old_row.norm != new_row.norm  # cheap: the texts differ by more than spacing and case
            or _SPACES.sub(" ", old_row.text).strip() != _SPACES.sub(" ", new_row.text).strip()
        ):
            change.words = word_diff(old_row.text, new_row.text)
        change.moved = section_map.get(old_row.section) != new_row.section
        for old_name, new_name in party_pairs:
            before, after = old_row.activity.cells.get(old_name, ""), new_row.activity.cells.get(new_name, "")
            if before != after:
                change.cells.append(CellChange(new_name, before, after))
        if change.cells:
            change.shifts = responsibility_shifts(
                old_row.activity.cells, old_customer, new_row.activity.cells, new_customer
            )
        if change.words or change.moved or change.cells:
            result.changed.append(change)
        else:
            result.unchanged += 1
    result.added = sorted(lone_new, key=lambda row: row.index)
    result.removed = sorted(lone_old, key=lambda row: row.index)
    return result


# --- Parties and shifts -------------------------------------------------------------------


def _party_key(name: str) -> str:
    return slugify(name) or name.strip().casefold()
