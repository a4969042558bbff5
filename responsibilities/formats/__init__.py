"""Every interchange format behind one small interface: ``read_file`` and ``write``.

Each format reads bytes into a plain ``Matrix`` and writes one back; adding a format touches
one module and one line of ``FORMATS``. Problems with a file are raised as one
``MatrixFileError`` listing each ``FileProblem`` with its file, row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import PurePath

from responsibilities.formats import json_format, markdown, spreadsheet
from responsibilities.formats.base import FileProblem, MatrixFileError
from responsibilities.formats.matrix import Matrix

__all__ = ["FORMATS", "FileProblem", "Format", "Matrix", "MatrixFileError", "check_size", "read_file", "write"]

DEFAULT_MAX_IMPORT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Format:
    extension: str
    label: str
    content_type: str
    read: Callable[..., Matrix]
    write: Callable[[Matrix], bytes]


FORMATS: dict[str, Format] = {
    "xlsx": Format(
        "xlsx",
        "Excel (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        partial(spreadsheet.read, fmt="xlsx"),
        partial(spreadsheet.write, fmt="xlsx"),
    ),
    "csv": Format(
        "csv",
        "CSV",
        "text/csv; charset=utf-8",
        partial(spreadsheet.read, fmt="csv"),
        partial(spreadsheet.write, fmt="csv"),
    ),
    "ods": Format(
        "ods",
        "OpenDocument (ODS)",
        "application/vnd.oasis.opendocument.spreadsheet",
        partial(spreadsheet.read, fmt="ods"),
        partial(spreadsheet.write, fmt="ods"),
    ),
    "json": Format("json", "JSON", "application/json", json_format.read, json_format.write),
    "md": Format("md", "Markdown", markdown.CONTENT_TYPE, markdown.read, markdown.write),
}


def format_for(filename: str, fmt: str | None = None) -> Format:
    """The format named, or the one the file's extension says; MatrixFileError if unknown."""
    key = (fmt or PurePath(filename).suffix.lstrip(".")).lower()
    key = {"markdown": "md"}.get(key, key)
    if key not in FORMATS:
        known = ", ".join(FORMATS)
        raise MatrixFileError.single(
            f"“{key or filename}” is not a format I can read (use one of: {known})", filename=filename
        )
    return FORMATS[key]


def read_file(data: bytes, *, filename: str, fmt: str | None = None) -> Matrix:
    """Read a file of any known format into a Matrix, or raise MatrixFileError."""
    return format_for(filename, fmt).read(data, filename=filename)


def write(matrix: Matrix, fmt: str) -> bytes:
    return format_for("", fmt).write(matrix)


def check_size(data: bytes, filename: str, limit: int = DEFAULT_MAX_IMPORT_BYTES, *, size: int | None = None) -> None:
    """Refuse a file over ``limit`` bytes (setting RACI_MAX_IMPORT_BYTES, checked by the caller);
    ``size`` checks a file on disk before reading it."""
    size = len(data) if size is None else size
    if size > limit:
        raise MatrixFileError.single(
            f"the file is {_size(size)}, over the {_size(limit)} limit for imports", filename=filename
        )


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count} bytes"
