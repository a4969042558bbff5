"""XLSX files through openpyxl: streamed in read-only mode, written in write-only mode.

Both modes cost a constant amount of memory per row, whatever the sheet's size. The archive
is checked against the limits (``limits.check_archive``) before openpyxl opens it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from responsibilities import limits
from responsibilities.formats.base import MatrixFileError

ZIP_MAGIC = b"PK\x03\x04"


def _unreadable(filename: str) -> MatrixFileError:
    return MatrixFileError.single(
        "this is not a readable XLSX file (is it damaged, or another format?)", filename=filename
    )


def sheets(data: bytes, filename: str) -> Iterator[tuple[str, Iterator[tuple[int, tuple]]]]:
    """Each worksheet's title and its rows as ``(row number, cell values)``, read as they are used."""
    if not data.startswith(ZIP_MAGIC):
        raise MatrixFileError.single("this is not an XLSX file", filename=filename)
    limits.check_archive(data, filename, "xlsx")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 -- openpyxl raises many kinds of error on a damaged file
        raise _unreadable(filename) from None
    try:
        for sheet in book.worksheets:
            # Rows as stored, not padded to the size the file declares (which may lie).
            sheet.reset_dimensions()
            yield sheet.title, _rows(sheet, filename)
    finally:
        book.close()


def _rows(sheet, filename: str) -> Iterator[tuple[int, tuple]]:
    rows = sheet.iter_rows(values_only=True)
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception:  # noqa: BLE001 -- a damaged sheet fails while it is read
            raise _unreadable(filename) from None
        number += 1
        yield number, row


def write(sheets: Iterable[tuple[str, Iterable[list[str]]]]) -> bytes:
    """A workbook with one worksheet per ``(title, rows)``; the first row of each is bold.

    Every cell is text (empty ones are left out); the caller has escaped formulas.
    """
    book = openpyxl.Workbook(write_only=True)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "A2"
        rows = iter(rows)
        header = []
        for value in next(rows, []):
            cell = WriteOnlyCell(sheet, value=value or None)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in rows:
            cells = []
            for value in row:
                if value and "\n" in value:
                    value = WriteOnlyCell(sheet, value=value)
                    value.alignment = wrap
                cells.append(value or None)
            sheet.append(cells)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
