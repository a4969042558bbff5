"""Spreadsheets (XLSX, CSV, ODS): one row per activity, one column per party.

| Section | Section title | Activity | Customer | OVHcloud |

A row with an empty Activity declares a section that has no activities of its own. A
``Section note`` column before Activity (written only when a section has a note) carries the
prose shown with a section, on the section's first row. Export rows
come from ``MatrixRowResource`` (django-import-export) and files are loaded and written through
its tablib formats; XLSX and ODS carry a second sheet ``About`` with the version's metadata,
which tablib reads and writes as a Databook in the same pass as the matrix sheet.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import tablib
from import_export import fields, resources
from tablib.exceptions import InvalidDimensions

from responsibilities.formats.base import (
    FileProblem,
    MatrixFileError,
    SectionTree,
    decode_text,
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


def get_column_letter(index: int) -> str:
    """openpyxl's letter of a column (1 → "A"), loaded only when a message names a column: a CSV
    import needs no spreadsheet library."""
    from openpyxl.utils import get_column_letter as column_letter

    return column_letter(index)


def escape_formula(text: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with ``'`` (and one that already
    starts with ``'``, so that import can always remove exactly one)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_formula(text: str) -> str:
    return text.removeprefix("'")


class MatrixRowResource(resources.Resource):
    """The flat sheet: section number and title, activity, then one column per party."""

    section = fields.Field(attribute="section", column_name=SECTION)
    section_title = fields.Field(attribute="section_title", column_name=SECTION_TITLE)
    activity = fields.Field(attribute="activity", column_name=ACTIVITY)

    def __init__(self, parties: list[str], *, notes: bool = False):
        super().__init__()
        if notes:  # the Section note column goes right after the section's title
            columns = {}
            for name, column in self.fields.items():
                columns[name] = column
                if name == "section_title":
                    columns["section_note"] = fields.Field(attribute="section_note", column_name=SECTION_NOTE)
            self.fields = columns
        for index, party in enumerate(parties):
            self.fields[f"party{index}"] = fields.Field(attribute=f"party{index}", column_name=party)

    @staticmethod
    def rows(matrix: Matrix, clean=lambda text: text):
        """Yield one dict per activity, and one per section that has no activity to carry it;
        ``clean`` prepares each text cell for the file (formula escaping)."""
        for number, section in matrix.walk():
            head = {"section": ".".join(map(str, number)), "section_title": clean(section.title)}
            note = clean(section.note)  # on the section's first row only
            if not section.activities:
                yield {**head, "section_note": note, "activity": ""}
            for activity in section.activities:
                cells = {f"party{i}": activity.cells.get(p, "") for i, p in enumerate(matrix.parties)}
                yield {**head, "section_note": note, "activity": clean(activity.text), **cells}
                note = ""


def write(matrix: Matrix, fmt: str = "xlsx") -> bytes:
    """Write the matrix as an ``xlsx``, ``csv`` or ``ods`` file; no cell is ever a formula."""
    clean = _cleaner(xml=fmt != "csv")
    notes = any(section.note for _, section in matrix.walk())
    resource = MatrixRowResource([clean(party) for party in matrix.parties], notes=notes)
    dataset = resource.export(MatrixRowResource.rows(matrix, clean))
    if fmt == "csv":
        return dataset.export("csv").encode("utf-8-sig")
    dataset.title = MATRIX_SHEET
    about = tablib.Dataset(headers=["Field", "Value"], title=ABOUT_SHEET)
    for label, attribute in ABOUT_FIELDS.items():
        value = getattr(matrix, attribute)
        about.append([label, clean(value.isoformat() if isinstance(value, date) else str(value or ""))])
    book = tablib.Databook([dataset, about])
    return book.export(fmt, column_width=None) if fmt == "xlsx" else book.export(fmt)


def _cleaner(*, xml: bool):
    """Escape formulas; in XLSX/ODS also replace the control characters XML cannot hold."""

    if xml:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # loaded by the XLSX writer anyway

    def clean(text: str) -> str:
        text = escape_formula(text)
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text) if xml else text

    return clean


def read(data: bytes, *, filename: str = "", fmt: str = "xlsx") -> Matrix:
    """Read an ``xlsx``, ``csv`` or ``ods`` file into a Matrix, or raise MatrixFileError."""
    if not data.strip():
        raise MatrixFileError.single("the file is empty", filename=filename)
    main, about, row_numbers = _load(data, filename, fmt)
    matrix = _SheetReader(filename, row_numbers).read(main)
    if about is not None:
        _read_about(about, matrix, filename)
    return matrix


def _load(data: bytes, filename: str, fmt: str):
    """Load the matrix sheet (and the About sheet) as tablib Datasets."""
    if fmt == "csv":
        text = decode_text(data, filename)
        delimiter = _csv_delimiter(text)
        try:
            dataset = tablib.import_set(text, format="csv", delimiter=delimiter)
        except InvalidDimensions:
            dataset = _csv_trimmed(text, filename, delimiter)
        except csv.Error as exc:
            raise MatrixFileError.single(f"this is not a readable CSV file ({exc})", filename=filename) from None
        return dataset, None, lambda: _csv_row_numbers(text, delimiter)
    magic = {"xlsx": b"PK\x03\x04", "ods": b"PK\x03\x04"}[fmt]
    if not data.startswith(magic):
        raise MatrixFileError.single(f"this is not an {fmt.upper()} file", filename=filename)
    try:
        book = tablib.Databook().load(io.BytesIO(data), fmt)
    except InvalidDimensions:
        raise MatrixFileError.single(
            "a row is longer than the header row; remove the cells beyond the last party column",
            filename=filename,
        ) from None
    except Exception:  # noqa: BLE001 -- openpyxl and odfpy raise many kinds of error on a damaged file
        raise MatrixFileError.single(
            f"this is not a readable {fmt.upper()} file (is it damaged, or another format?)", filename=filename
        ) from None
    sheets = book.sheets()
    if not sheets:
        raise MatrixFileError.single("the workbook has no sheet", filename=filename)
    about = next((s for s in sheets if s.title == ABOUT_SHEET), None)
    main = next((s for s in sheets if s is not about), sheets[0])
    return main, about, (lambda: _ods_row_numbers(data, main.title)) if fmt == "ods" else None


def _csv_delimiter(text: str) -> str:
    """Comma, or the semicolon or tab a spreadsheet saved in some locales uses: the one that
    splits the header row into an "Activity" column."""
    header = text.split("\n", 1)[0]
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([header], delimiter=delimiter), [])
        if ACTIVITY.lower() in (cell.strip().lower() for cell in cells):
            return delimiter
    return ","


def _csv_row_numbers(text: str, delimiter: str) -> list[int]:
    """The row number the user sees for each data row tablib kept (it skips blank lines)."""
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [number for number, row in enumerate(rows, start=1) if row][1:]


def _ods_row_numbers(data: bytes, title: str) -> list[int]:
    """The row number the user sees for each data row tablib kept: it skips rows without a
    real cell, and a run of blank rows is one element repeated."""
    from odf import opendocument, table

    sheet = next(
        (t for t in opendocument.load(io.BytesIO(data)).spreadsheet.getElementsByType(table.Table)
         if t.getAttribute("name") == title),
        None,
    )  # fmt: skip
    numbers, number = [], 1
    for row in sheet.getElementsByType(table.TableRow) if sheet is not None else []:
        if any(cell.hasChildNodes() or not cell.getAttribute("numbercolumnsrepeated") for cell in row.childNodes):
            numbers.append(number)
        number += int(row.getAttribute("numberrowsrepeated") or 1)
    return numbers[1:]


def _csv_trimmed(text: str, filename: str, delimiter: str) -> tablib.Dataset:
    """Rows longer than the header: an error naming each, unless the extra cells are all empty
    (trailing separators, as spreadsheets often write), which are then dropped."""
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    width = len(rows[0])
    problems = [
        FileProblem(
            f"the row has {len(row)} cells but the header has {width} columns",
            filename,
            number,
            get_column_letter(width + 1),
        )
        for number, row in enumerate(rows, start=1)
        if any(cell.strip() for cell in row[width:])
    ]
    if problems:
        raise MatrixFileError(problems)
    dataset = tablib.Dataset(headers=rows[0])
    for row in rows[1:]:
        if row:
            dataset.append(row[:width] + [""] * (width - len(row)))
    return dataset


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


class _Row:
    """A data row's number as the spreadsheet shows it, worked out only when a message needs it."""

    def __init__(self, reader: _SheetReader, index: int):
        self.reader, self.index = reader, index

    def __int__(self) -> int:
        return self.reader.row_number(self.index)

    def __str__(self) -> str:
        return str(int(self))


class _SheetReader:
    def __init__(self, filename: str, row_numbers):
        self.filename = filename
        self.find_row_numbers = row_numbers  # None when every data row is there (XLSX), else a function
        self.row_numbers: list[int] | None = None
        self.problems: list[FileProblem] = []

    def problem(self, row, message: str, column: str = "") -> None:
        self.problems.append(FileProblem(message, self.filename, None if row is None else int(row), column))

    def row_number(self, index: int) -> int:
        """Formats that skip blank rows (CSV, ODS) need their numbers counted again."""
        if self.find_row_numbers is not None and self.row_numbers is None:
            self.row_numbers = self.find_row_numbers()
        if self.row_numbers is not None and index < len(self.row_numbers):
            return self.row_numbers[index]
        return index + 2

    def read(self, dataset: tablib.Dataset) -> Matrix:
        headers = [_cell_text(h).strip() for h in (dataset.headers or [])]
        while headers and not headers[-1]:
            headers.pop()
        columns = self._columns(headers)
        if self.problems:
            raise MatrixFileError(self.problems)
        lowered = [h.lower() for h in headers[: columns[2]]]
        self.note_col = lowered.index(SECTION_NOTE.lower()) if SECTION_NOTE.lower() in lowered else None
        activity_col = columns[2]
        parties = headers[activity_col + 1 :]
        width = len(headers)
        matrix = Matrix(parties=parties)
        tree = SectionTree(matrix)
        for index, raw in enumerate(dataset):
            row = _Row(self, index)
            values = [_cell_text(v) for v in raw]
            extra = next((i for i in range(width, len(values)) if values[i].strip()), None)
            if extra is not None:
                self.problem(row, f"the row is longer than the header ({width} columns)", get_column_letter(extra + 1))
                continue
            values = values[:width] + [""] * (width - len(values))
            if not any(v.strip() for v in values):
                continue
            self._row(row, values, columns, parties, tree)
        if self.problems:
            raise MatrixFileError(self.problems)
        return matrix

    def _columns(self, headers: list[str]) -> tuple[int, int, int]:
        lowered = [h.lower() for h in headers]
        found = []
        for name in (SECTION, SECTION_TITLE, ACTIVITY):
            if name.lower() in lowered:
                found.append(lowered.index(name.lower()))
            else:
                self.problem(1, "this column is missing from the header row", name)
                found.append(-1)
        if self.problems:
            return tuple(found)
        parties = headers[found[2] + 1 :]
        if not parties:
            self.problem(1, "there is no party column after “Activity” (e.g. Customer, OVHcloud)")
        for offset, name in enumerate(parties):
            if not name:
                self.problem(1, "this column has no name", get_column_letter(found[2] + 2 + offset))
        for name in sorted({p for p in parties if p and parties.count(p) > 1}):
            self.problem(1, "two columns have this name", name)
        return tuple(found)

    def _row(self, row: _Row, values: list[str], columns, parties: list[str], tree: SectionTree) -> None:
        section_col, title_col, activity_col = columns
        number = parse_section_number(values[section_col])
        if number is None:
            shown = values[section_col].strip()
            message = f"“{shown}” is not a section number like 1 or 3.1.2" if shown else "the section number is missing"
            self.problem(row, message, SECTION)
            return
        cells = {}
        for offset, party in enumerate(parties):
            try:
                cells[party] = normalize_letters(values[activity_col + 1 + offset])
            except LettersError as exc:
                self.problem(row, str(exc), party)
        text, title = values[activity_col], values[title_col]
        note = values[self.note_col] if self.note_col is not None else ""
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


def _read_about(about: tablib.Dataset, matrix: Matrix, filename: str) -> None:
    problems = []
    for index, raw in enumerate(about, start=2):
        if len(raw) < 2:
            continue
        label, value = _cell_text(raw[0]).strip().lower(), raw[1]
        attribute = ABOUT_FIELDS.get(label)
        if attribute is None:
            continue
        text = _cell_text(value)
        if attribute == "version":
            if text.strip():
                try:
                    matrix.version = int(text)
                except ValueError:
                    problems.append(FileProblem(f"“{text}” is not a version number", filename, index, "Value"))
        elif attribute == "last_updated":
            if text.strip():
                try:
                    matrix.last_updated = date.fromisoformat(text.strip()[:10])
                except ValueError:
                    problems.append(FileProblem(f"“{text}” is not a date (YYYY-MM-DD)", filename, index, "Value"))
        else:
            setattr(matrix, attribute, text)
    if problems:
        raise MatrixFileError(
            [FileProblem(p.message, p.filename, p.row, p.column, "About sheet, row") for p in problems]
        )
