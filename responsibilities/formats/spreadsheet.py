"""Spreadsheets (XLSX, CSV, ODS): one row per activity, one column per party.

| Section | Section title | Activity | Customer | OVHcloud |

A row with an empty Activity declares a section that has no activities of its own. A
``Section note`` column before Activity (written only when a section has a note) carries the
prose shown with a section, on the section's first row. XLSX and ODS carry a second sheet
``About`` with the version's metadata. Each file kind has a module of its own (``xlsx``, ``ods``,
``csv_sheet``) that streams a file's sheets as numbered rows and writes sheets of text cells,
straight with the format's own writer (linear in the cells: a 5,000-party version is written in
seconds); this module lays the matrix out in rows and reads rows back into a Matrix, one row at
a time, within the limits (``limits``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from responsibilities import limits
from responsibilities.formats.base import (
    FileProblem,
    MatrixFileError,
    SectionTree,
    parse_section_number,
    unify_newlines,
)
from responsibilities.formats.matrix import Matrix, MatrixActivity
from responsibilities.letters import LettersError, normalize_letters

SECTION, SECTION_TITLE, ACTIVITY = "Section", "Section title", "Activity"
SECTION_NOTE = "Section note"
MATRIX_SHEET, ABOUT_SHEET = "Matrix", "About"
ABOUT_FIELDS = {
    "service": "service",
    "title": "title",
    "version": "version",
    "last updated": "last_updated",
    "introduction": "introduction",
    "change summary": "change_summary",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
#: Each file kind's module (``_kind``): ``sheets(data, filename)`` yields (title, rows) and
#: ``write(sheets)`` gives bytes. Imported when used: a CSV import loads no spreadsheet library.
#: The control characters XML cannot hold (as openpyxl's ILLEGAL_CHARACTERS_RE).
XML_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _kind(fmt: str):
    """The module of one file kind, imported on first use (plain imports: ``-X importtime`` sees them)."""
    if fmt == "xlsx":
        from responsibilities.formats import xlsx as kind
    elif fmt == "ods":
        from responsibilities.formats import ods as kind
    else:
        from responsibilities.formats import csv_sheet as kind
    return kind


def get_column_letter(index: int) -> str:
    """A column's letter (1 → "A", 27 → "AA"), as spreadsheets name them."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def escape_formula(text: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with ``'`` (and one that already
    starts with ``'``, so that import can always remove exactly one)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_formula(text: str) -> str:
    return text.removeprefix("'")


def matrix_rows(matrix: Matrix, clean=lambda text: text) -> Iterator[list[str]]:
    """The flat sheet: the header, then one row per activity and one per section that has no
    activity to carry it (and a Section note column when a section has a note); ``clean``
    prepares each text cell for the file (formula escaping)."""
    notes = any(section.note for _, section in matrix.walk())
    yield [SECTION, SECTION_TITLE, *([SECTION_NOTE] if notes else []), ACTIVITY, *map(clean, matrix.parties)]
    for number, section in matrix.walk():
        head = [".".join(map(str, number)), clean(section.title)]
        note = [clean(section.note)] if notes else []  # on the section's first row only
        if not section.activities:
            yield [*head, *note, "", *("" for _ in matrix.parties)]
        for activity in section.activities:
            letters = (activity.cells.get(party, "") for party in matrix.parties)
            yield [*head, *note, clean(activity.text), *letters]
            note = [""] if notes else []


def about_rows(matrix: Matrix, clean=lambda text: text) -> list[list[str]]:
    rows = [["Field", "Value"]]
    for label, attribute in ABOUT_FIELDS.items():
        value = getattr(matrix, attribute)
        rows.append([label, clean(value.isoformat() if isinstance(value, date) else str(value or ""))])
    return rows


def write(matrix: Matrix, fmt: str = "xlsx") -> bytes:
    """Write the matrix as an ``xlsx``, ``csv`` or ``ods`` file; no cell is ever a formula."""
    clean = _cleaner(xml=fmt != "csv")
    sheets = [(MATRIX_SHEET, matrix_rows(matrix, clean))]
    if fmt != "csv":
        sheets.append((ABOUT_SHEET, about_rows(matrix, clean)))
    return _kind(fmt).write(sheets)


def _cleaner(*, xml: bool):
    """Escape formulas; in XLSX/ODS also replace the control characters XML cannot hold."""

    def clean(text: str) -> str:
        text = escape_formula(text)
        return XML_ILLEGAL.sub("\ufffd", text) if xml else text

    return clean


def read(data: bytes, *, filename: str = "", fmt: str = "xlsx") -> Matrix:
    """Read an ``xlsx``, ``csv`` or ``ods`` file into a Matrix, or raise MatrixFileError.

    Rows are read one at a time and reading stops at the first limit crossed, so what a file
    costs is bounded by the limits, not by what it claims to hold.
    """
    if not data.strip():
        raise MatrixFileError.single("the file is empty", filename=filename)
    matrix = about = None
    for title, rows in _kind(fmt).sheets(data, filename):
        rows = _within_a_sheet(rows, filename)
        if title == ABOUT_SHEET and about is None:
            about = _about_values(rows)
        elif matrix is None and title != ABOUT_SHEET:
            matrix = _SheetReader(filename).read(rows)
    if matrix is None:
        raise MatrixFileError.single("the workbook has no sheet with the matrix", filename=filename)
    if about:
        _read_about(about, matrix, filename)
    return matrix


def _within_a_sheet(rows: Iterable[tuple[int, list]], filename: str) -> Iterator[tuple[int, list]]:
    """The rows, up to the last row a spreadsheet can have: blank rows cost nothing in a file
    (XLSX numbers its rows, ODS repeats them), so their count must be bounded too."""
    for number, values in rows:
        if number > limits.LAST_SHEET_ROW:
            raise MatrixFileError.single(
                f"the sheet goes on beyond row {limits.LAST_SHEET_ROW:,}, the last row of a spreadsheet",
                filename=filename,
            )
        yield number, values


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return unify_newlines(unescape_formula(str(value)))


class _Stop(Exception):
    """Reading ends here: a limit was crossed (the problem is recorded)."""


class _SheetReader:
    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[FileProblem] = []
        self.rows_read = 0

    def problem(self, row: int | None, message: str, column: str = "") -> None:
        self.problems.append(FileProblem(message, self.filename, row, column))

    def read(self, rows: Iterable[tuple[int, list]]) -> Matrix:
        rows = iter(rows)
        header_row, headers = next(((n, v) for n, v in rows if any(_cell_text(x).strip() for x in v)), (1, []))
        headers = [_cell_text(h).strip() for h in headers]
        while headers and not headers[-1]:
            headers.pop()
        columns = self._columns(header_row, headers)
        if self.problems:
            raise MatrixFileError(self.problems)
        lowered = [h.lower() for h in headers[: columns[2]]]
        self.note_col = lowered.index(SECTION_NOTE.lower()) if SECTION_NOTE.lower() in lowered else None
        parties = headers[columns[2] + 1 :]
        matrix = Matrix(parties=parties)
        tree = SectionTree(matrix)
        try:
            for number, raw in rows:
                self._line(number, raw, len(headers), columns, parties, tree)
        except _Stop:
            pass
        if self.problems:
            raise MatrixFileError(self.problems)
        return matrix

    def _line(self, number: int, raw: list, width: int, columns, parties: list[str], tree: SectionTree) -> None:
        values = [_cell_text(v) for v in raw]
        extra = next((i for i in range(width, len(values)) if values[i].strip()), None)
        if extra is not None:
            last = max(i for i in range(width, len(values)) if values[i].strip())
            message = f"the row has {last + 1} cells but the header has {width} columns"
            self.problem(number, message, get_column_letter(extra + 1))
            return
        values = values[:width] + [""] * (width - len(values))
        if not any(v.strip() for v in values):
            return
        self.rows_read += 1
        if message := limits.rows_problem(self.rows_read):
            self.problem(number, message)
            raise _Stop
        self._row(number, values, columns, parties, tree)
        if len(self.problems) > 1000:
            raise _Stop

    def _columns(self, row: int, headers: list[str]) -> tuple[int, int, int]:
        lowered = [h.lower() for h in headers]
        found = []
        for name in (SECTION, SECTION_TITLE, ACTIVITY):
            if name.lower() in lowered:
                found.append(lowered.index(name.lower()))
            else:
                self.problem(row, "this column is missing from the header row", name)
                found.append(-1)
        if self.problems:
            return tuple(found)
        parties = headers[found[2] + 1 :]
        if not parties:
            self.problem(row, "there is no party column after “Activity” (e.g. Customer, OVHcloud)")
        if message := limits.parties_problem(len(parties)):
            self.problem(row, message)
            return tuple(found)
        for offset, name in enumerate(parties):
            column = get_column_letter(found[2] + 2 + offset)
            if not name:
                self.problem(row, "this column has no name", column)
            elif message := limits.text_problem(name, "party name", limits.PARTY_NAME_CHARS):
                self.problem(row, message, column)
        for name in sorted({p for p in parties if p and parties.count(p) > 1}):
            self.problem(row, "two columns have this name", name)
        return tuple(found)

    def _row(self, row: int, values: list[str], columns, parties: list[str], tree: SectionTree) -> None:
        section_col, title_col, activity_col = columns
        raw_number = values[section_col]
        if len(raw_number) > 200 and raw_number.strip().strip(".").replace(".", "").isdigit():
            # A number of hundreds of levels: said as such, without building it.
            parts = raw_number.strip().strip(".").split(".")
            shown = tuple(int(part[:9]) for part in parts[:12])
            self.problem(row, limits.depth_problem(shown + (0,) * (len(parts) - len(shown))), SECTION)
            return
        number = parse_section_number(raw_number) if len(raw_number) <= 200 else None
        if number is None:
            shown = raw_number.strip()[:60] + ("…" if len(raw_number.strip()) > 60 else "")
            message = f"“{shown}” is not a section number like 1 or 3.1.2" if shown else "the section number is missing"
            self.problem(row, message, SECTION)
            return
        if message := limits.depth_problem(number):
            self.problem(row, message, SECTION)
            return
        text, title = values[activity_col], values[title_col]
        note = values[self.note_col] if self.note_col is not None else ""
        too_long = [
            (column, message)
            for column, message in (
                (ACTIVITY, limits.text_problem(text, "activity")),
                (SECTION_TITLE, limits.text_problem(title, "section title", limits.SECTION_TITLE_CHARS)),
                (SECTION_NOTE, limits.text_problem(note, "section note")),
            )
            if message
        ]
        for column, message in too_long:
            self.problem(row, message, column)
        cells = {}
        for offset, party in enumerate(parties):
            letters = values[activity_col + 1 + offset]
            if len(letters) > 100:
                self.problem(row, f"this cell holds {len(letters):,} characters, not R/A/C/I letters", party)
                continue
            try:
                cells[party] = normalize_letters(letters)
            except LettersError as exc:
                self.problem(row, str(exc), party)
        if too_long:
            return
        section = tree.numbers.get(number)
        if section is None:
            section = tree.open(number, title, f"row {row}")
            section.note = note
        elif title and title != section.title:
            tree.matrix.warnings.append(
                f"row {row}: section {'.'.join(map(str, number))} was titled “{section.title}” above; "
                f"“{title}” was ignored"
            )
        if note and not section.note:
            section.note = note
        elif note and note != section.note:
            tree.matrix.warnings.append(
                f"row {row}: section {'.'.join(map(str, number))} has its note above; this row's note was ignored"
            )
        if not text.strip():
            if any(cells.values()):
                self.problem(row, "letters are given but the activity is empty", ACTIVITY)
            return
        section.activities.append(MatrixActivity(text=text, cells=cells))


def _about_values(rows: Iterable[tuple[int, list]]) -> list[tuple[int, str, object]]:
    """The About sheet's known fields: (row, label, value); other rows are skipped."""
    found = []
    for number, raw in rows:
        if len(found) > 2 * len(ABOUT_FIELDS):
            break
        if len(raw) < 2:
            continue
        label = _cell_text(raw[0]).strip().lower()
        if label in ABOUT_FIELDS:
            found.append((number, label, raw[1]))
    return found


def _read_about(about: list[tuple[int, str, object]], matrix: Matrix, filename: str) -> None:
    problems = []
    for index, label, value in about:
        attribute = ABOUT_FIELDS[label]
        text = _cell_text(value)
        if message := limits.text_problem(text, label):
            problems.append(FileProblem(message, filename, index, "Value"))
        elif attribute == "version":
            if text.strip():
                try:
                    matrix.version = int(text)
                except ValueError:
                    problems.append(FileProblem(f"“{text[:40]}” is not a version number", filename, index, "Value"))
        elif attribute == "last_updated":
            if text.strip():
                try:
                    matrix.last_updated = date.fromisoformat(text.strip()[:10])
                except ValueError:
                    problems.append(FileProblem(f"“{text[:40]}” is not a date (YYYY-MM-DD)", filename, index, "Value"))
        else:
            setattr(matrix, attribute, text)
    if problems:
        raise MatrixFileError(
            [FileProblem(p.message, p.filename, p.row, p.column, "About sheet, row") for p in problems]
        )
