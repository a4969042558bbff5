"""The tables of a documentation page: header, rows, letters, and what a careful editor repairs.

A table is found by the parser (a header row, a ``| --- |`` line, rows); its lines are then
split as the parser splits them (``markdown_text.split_cells``) and each cell read as inline
markdown. Recoveries, each one warning naming the line and what was done:

- pipe rows after a blank line, with no header of their own, continue the table above them;
- a row of one cell in a table of several columns is prose: it becomes the section's note, as
  does a one-cell "row" written just above a table's header;
- a row with missing cells is padded with empty ones.

Columns before Activity (offer-applicability marks such as ``X``) are refused with a message
saying so: a matrix here holds one offering (see the README, "Import and export").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from responsibilities.formats.markdown_text import shorten, split_cells
from responsibilities.formats.matrix import MatrixActivity
from responsibilities.letters import LettersError, normalize_letters

if TYPE_CHECKING:
    from responsibilities.formats.markdown import _PageReader

ACTIVITY_NAMES = ("activity", "activities", "activité", "activités", "activite", "activites")
#: Cells that mark a row as applying to an offering, in the columns before Activity.
MARKS = {"x", "✓", "✔", "✗", "•", "*", "yes", "no", "oui", "non", "ja", "nein", "si", "sí"}


@dataclass
class _OpenTable:
    """The table last read in the current section: rows after a blank line continue it."""

    header: list[str]  # visible header texts, Activity first


class TableReader:
    def __init__(self, page: _PageReader):
        self.page = page
        self.open: _OpenTable | None = None
        self.refused_offer_columns = False

    def close(self) -> None:
        """A heading ends the table: rows after it cannot continue it."""
        self.open = None

    def header(self, index: int) -> list[str]:
        """The visible texts of the header row at ``lines[index]``."""
        return [self.page.text(cell, index + 1).strip() for cell in split_cells(self.page.lines[index])]

    def is_activity_table(self, index: int) -> bool:
        header = self.header(index)
        return bool(self.page.matrix.parties) and header[1:] == self.page.matrix.parties

    def table(self, start: int, end: int) -> None:
        """The table on ``lines[start:end]``: header, ``| --- |`` line, rows."""
        page = self.page
        header_line = start + 1
        header = self.header(start)
        names = [name.casefold() for name in header]
        activity = next((i for i, name in enumerate(names) if name in ACTIVITY_NAMES), None)
        if not page.in_matrix:
            if activity is None:
                return  # the R/A/C/I legend, or any other table of the introduction
            page.warn(
                header_line, "a table comes before any numbered heading; it was kept as an untitled first section"
            )
            page.section = page.tree.open((1,), "", f"line {header_line}")
        if activity:  # columns before Activity
            self._refuse_leading_columns(header[:activity], header[activity], start, end)
            return
        if not self._check_parties(header[1:], header_line):
            return
        self.open = _OpenTable(header)
        for index in range(start + 2, end):
            self.row(index + 1, page.lines[index])

    def pipe_rows(self, line: int, raw: list[str]) -> None:
        """Lines of pipe rows that the parser did not take as a table (no ``| --- |`` under them)."""
        page = self.page
        rows = [(line + offset, text, split_cells(text)) for offset, text in enumerate(raw)]
        first = rows[0][2]
        if (
            first
            and first[0].strip().casefold() in ACTIVITY_NAMES
            or (self.open and len(first) > 1 and self._visible(first, line) == self.open.header)
        ):
            page.problem(line + 1, "the table header is not followed by a “| --- |” line")
            return
        if self.open is None:
            if all(len(cells) == 1 for _, _, cells in rows):
                for number, _, cells in rows:
                    page.add_note(page.text(cells[0], number), number, written_as_row=True)
                return
            page.problem(line, "these table rows have no header row: write “| Activity | … |” and “| --- |” above them")
            return
        continued = sum(1 for _, _, cells in rows if not self._is_prose(cells))
        if continued:
            page.warn(
                line,
                f"the table above continues after a blank line: {continued} row{'s' if continued > 1 else ''} "
                f"without a header of {'their' if continued > 1 else 'its'} own "
                f"{'were' if continued > 1 else 'was'} added to section {page.section_label()}",
            )
        for number, text, _ in rows:
            self.row(number, text)

    def row(self, line: int, source: str) -> None:
        page = self.page
        parties = page.matrix.parties
        width = len(parties) + 1
        cells = split_cells(source)
        if self._is_prose(cells):
            page.add_note(page.text(cells[0], line), line, written_as_row=True)
            return
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]
        if len(cells) > width:
            page.problem(line, f"the row has {len(cells)} cells but the table has {width} columns")
            return
        if len(cells) < width:
            page.warn(line, f"row had {len(cells)} cells, padded to {width}")
            cells = cells + [""] * (width - len(cells))
        text = page.text(cells[0], line)
        letters = {}
        for party, raw_cell in zip(parties, cells[1:], strict=True):
            raw = page.text(raw_cell, line).strip()
            try:
                letters[party] = normalize_letters(raw)
            except LettersError as exc:
                page.problem(line, str(exc), column=party)
                continue
            if letters[party] != raw:
                page.reordered[(raw, letters[party])] += 1
        if not text.strip():
            if any(letters.values()):  # as in a spreadsheet: letters for no activity
                page.problem(line, "letters are given but the activity is empty", column="Activity")
            return  # else a blank row: nothing to keep
        page.section.activities.append(MatrixActivity(text=text, cells=letters))

    def _is_prose(self, cells: list[str]) -> bool:
        """One non-empty cell in a table of an activity and two or more parties: a line of prose.
        (With a single party, a one-cell row is a row missing its last cell.)"""
        return len(cells) == 1 and bool(cells[0].strip()) and len(self.page.matrix.parties) >= 2

    def _visible(self, cells: list[str], line: int) -> list[str]:
        return [self.page.text(cell, line).strip() for cell in cells]

    def _check_parties(self, parties: list[str], line: int) -> bool:
        page = self.page
        if not parties:
            page.problem(line, "the table has an Activity column but no party column")
            return False
        if not page.matrix.parties:
            duplicates = sorted({p for p in parties if parties.count(p) > 1})
            for name in duplicates:
                page.problem(line, "two columns have this name", column=name)
            if any(not p for p in parties):
                page.problem(line, "a party column has no name")
            if duplicates or any(not p for p in parties):
                return False
            page.matrix.parties = parties
        elif parties != page.matrix.parties:
            page.problem(
                line,
                f"this table's parties ({', '.join(parties)}) differ from the first table's "
                f"({', '.join(page.matrix.parties)})",
            )
            return False
        return True

    def _refuse_leading_columns(self, columns: list[str], activity: str, start: int, end: int) -> None:
        """Columns before Activity: say what they are and that they are not imported (once a page)."""
        if self.refused_offer_columns:
            return
        self.refused_offer_columns = True
        page = self.page
        quoted = [f"“{shorten(column, 40)}”" for column in columns]
        named = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
        plural = len(columns) > 1
        cells = [
            page.text(cell, index + 1).strip().casefold()
            for index in range(start + 2, end)
            for cell in split_cells(page.lines[index])[: len(columns)]
        ]
        if any(cells) and all(cell in MARKS for cell in cells if cell):
            message = (
                f"the column{'s' if plural else ''} {named} before “{activity}” mark{'' if plural else 's'} which "
                "offering each activity applies to; offer-applicability columns are not imported (a matrix "
                "describes one offering): import one page per offering, or remove "
                f"{'these columns' if plural else 'this column'}"
            )
        else:
            message = (
                f"the column{'s' if plural else ''} {named} come{'' if plural else 's'} before “{activity}”; "
                "a RACI table starts with its Activity column, followed by one column per party"
            )
        page.problem(start + 1, message)
