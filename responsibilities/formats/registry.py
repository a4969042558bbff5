"""The format registry: every interchange format, and everything derived from the list.

Each format reads bytes into a plain ``Matrix`` and writes one back. Adding a format is one
module plus one entry of ``FORMATS``: the public downloads and their links, ``import_raci``
and ``export_raci`` (choices and help), the admin's import and export forms all read this list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import PurePath

from responsibilities import limits
from responsibilities.formats import json_format, markdown, spreadsheet
from responsibilities.formats.base import MatrixFileError
from responsibilities.formats.matrix import Matrix


@dataclass(frozen=True)
class Format:
    extension: str  # also its name in URLs and options: /versions/3.xlsx, --format xlsx
    label: str  # what people call it: "Excel (XLSX)"
    content_type: str
    read: Callable[..., Matrix]
    write: Callable[[Matrix], bytes]
    binary: bool = False  # cannot be written to a terminal
    aliases: tuple[str, ...] = ()  # other file extensions read as this format


FORMATS: dict[str, Format] = {
    "xlsx": Format(
        "xlsx",
        "Excel (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        partial(spreadsheet.read, fmt="xlsx"),
        partial(spreadsheet.write, fmt="xlsx"),
        binary=True,
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
        binary=True,
    ),
    "json": Format("json", "JSON", json_format.CONTENT_TYPE, json_format.read, json_format.write),
    "md": Format("md", "Markdown", markdown.CONTENT_TYPE, markdown.read, markdown.write, aliases=("markdown",)),
}


def format_for(filename: str, fmt: str | None = None) -> Format:
    """The format named, or the one the file's extension says; MatrixFileError if unknown."""
    key = (fmt or PurePath(filename).suffix.lstrip(".")).lower()
    for candidate in FORMATS.values():
        if key == candidate.extension or key in candidate.aliases:
            return candidate
    raise MatrixFileError.single(
        f"“{key or filename}” is not a format I can read (use one of: {', '.join(FORMATS)})", filename=filename
    )


def is_importable(filename: str) -> bool:
    """Whether a file's extension names a format (how a folder's files are picked)."""
    suffix = PurePath(filename).suffix.lstrip(".").lower()
    return any(suffix == f.extension or suffix in f.aliases for f in FORMATS.values())


def read_file(data: bytes, *, filename: str, fmt: str | None = None) -> Matrix:
    """Read a file of any known format into a Matrix within the limits, or raise MatrixFileError."""
    matrix = format_for(filename, fmt).read(data, filename=filename)
    limits.check_matrix(matrix, filename)
    return matrix


def write(matrix: Matrix, fmt: str) -> bytes:
    return format_for("", fmt).write(matrix)


def extensions_sentence(conjunction: str = "or") -> str:
    """The formats' names for a help text: "xlsx, csv, ods, json or md"."""
    names = list(FORMATS)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def labels_sentence(conjunction: str = "or") -> str:
    """The formats' labels for a help text: "Excel (XLSX), CSV, … or Markdown"."""
    labels = [f.label for f in FORMATS.values()]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} {conjunction} {labels[-1]}"
