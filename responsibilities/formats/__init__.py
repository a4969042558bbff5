"""Interchange formats (spreadsheets, JSON, documentation markdown), pure: no database.

``registry`` lists them and reads or writes any of them; each format is a module of its own
behind ``read(data, filename=…) -> Matrix`` and ``write(matrix) -> bytes``; ``matrix`` is the
plain structure they share; ``base`` the one error type and the section tree.
"""

from responsibilities.formats.base import FileProblem, MatrixFileError
from responsibilities.formats.matrix import Matrix
from responsibilities.formats.registry import (
    FORMATS,
    Format,
    extensions_sentence,
    format_for,
    is_importable,
    labels_sentence,
    read_file,
    write,
)

__all__ = [
    "FORMATS",
    "FileProblem",
    "Format",
    "Matrix",
    "MatrixFileError",
    "extensions_sentence",
    "format_for",
    "is_importable",
    "labels_sentence",
    "read_file",
    "write",
]
