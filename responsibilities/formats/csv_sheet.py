"""CSV files: one sheet, read and written with Python's csv module (UTF-8, with a BOM on export).

Comma-separated, or the semicolon or tab that spreadsheets saved in some locales use.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from responsibilities.formats.base import MatrixFileError, decode_text

#: The header names this column; the delimiter is the one that makes a cell of it.
ACTIVITY = "activity"


def sheets(data: bytes, filename: str) -> Iterator[tuple[str, Iterator[tuple[int, list[str]]]]]:
    """The one sheet of a CSV file, its rows numbered as a spreadsheet shows them."""
    text = decode_text(data, filename)
    yield "", _rows(text, _delimiter(text), filename)


def _rows(text: str, delimiter: str, filename: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise MatrixFileError.single(
                f"this is not a readable CSV file ({exc})", filename=filename, row=reader.line_num, row_label="line"
            ) from None
        number += 1
        yield number, row


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab a spreadsheet saved in some locales uses: the one that
    splits the header row into an "Activity" column."""
    header = text.split("\n", 1)[0] if "\n" in text[:100_000] else text[:100_000]
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([header], delimiter=delimiter), [])
        if ACTIVITY in (cell.strip().lower() for cell in cells):
            return delimiter
    return ","


def write(sheets: Iterable[tuple[str, Iterable[list[str]]]]) -> bytes:
    """The first sheet as CSV (Excel's dialect, CRLF line ends) in UTF-8 with a BOM, so that
    spreadsheets open it as UTF-8."""
    stream = io.StringIO()
    writer = csv.writer(stream)
    for _, rows in sheets:
        writer.writerows(rows)
        break
    return stream.getvalue().encode("utf-8-sig")
