"""What every format shares: the one error type, and building the section tree from numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from responsibilities.formats.matrix import Matrix, MatrixSection, section_label


@dataclass(frozen=True)
class FileProblem:
    """One thing wrong with an uploaded file, located the way its user sees the file."""

    message: str
    filename: str = ""
    row: int | None = None  # spreadsheet row (header = 1) or markdown line
    column: str = ""
    row_label: str = "row"  # "row" in a spreadsheet, "line" in a text document

    def __str__(self) -> str:
        where = [self.filename] if self.filename else []
        if self.row is not None:
            where.append(f"{self.row_label} {self.row}")
        if self.column:
            where.append(f"column “{self.column}”")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class MatrixFileError(ValueError):
    """A file could not be read; carries every problem found, not only the first."""

    def __init__(self, problems: list[FileProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @classmethod
    def single(cls, message: str, *, filename: str = "", **where) -> MatrixFileError:
        return cls([FileProblem(message, filename, **where)])


def decode_text(data: bytes, filename: str) -> str:
    """Decode UTF-8 text (a BOM is accepted) and unify line endings, or raise MatrixFileError."""
    if b"\x00" in data[:4096]:
        raise MatrixFileError.single("this is a binary file, not text", filename=filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise MatrixFileError.single(
            "the text is not UTF-8 (save the file as UTF-8 and try again)",
            filename=filename,
            row=line,
            row_label="line",
        ) from None
    return unify_newlines(text)


def unify_newlines(text: str) -> str:
    """Write every line break as "\\n" (spreadsheets and editors disagree on \\r\\n)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s*$")


def parse_section_number(raw: str) -> tuple[int, ...] | None:
    """Read "3.1.2", "3.1.2." or 3 as ``(3, 1, 2)``; None when it is not a section number."""
    match = _NUMBER.match(str(raw))
    if not match:
        return None
    return tuple(int(part) for part in match.group(1).split("."))


class SectionTree:
    """Rebuild nested sections from numbered headings met in reading order.

    Nesting follows the depth of the written number (``3.1.1.`` is depth 3), whatever the
    heading level; a missing parent or a skipped number is reported, never fatal, and no
    section is lost: numbering is then derived from order, as everywhere else.
    """

    def __init__(self, matrix: Matrix):
        self.matrix = matrix
        self.path: list[MatrixSection] = []  # the open section at each depth
        self.numbers: dict[tuple[int, ...], MatrixSection] = {}

    def open(self, number: tuple[int, ...], title: str, where: str) -> MatrixSection:
        depth = len(number)
        if depth > len(self.path) + 1:
            self.matrix.warnings.append(
                f"{where}: section {section_label(number)} has no parent section "
                f"{section_label(number[:-1])}; it was placed at level {len(self.path) + 1}"
            )
            depth = len(self.path) + 1
        parent = self.path[depth - 2] if depth > 1 else None
        siblings = parent.children if parent else self.matrix.sections
        section = MatrixSection(title=title)
        siblings.append(section)
        self.path[depth - 1 :] = [section]
        derived = self._number_of_path()
        if derived != number:
            self.matrix.warnings.append(
                f"{where}: section numbered {section_label(number)} is section "
                f"{section_label(derived)} by its position; it was renumbered"
            )
        self.numbers[number] = section
        return section

    def current_number(self) -> tuple[int, ...]:
        """The number, by position, of the section opened last: ``(2, 2)`` for "2.2."."""
        return self._number_of_path()

    def _number_of_path(self) -> tuple[int, ...]:
        number, siblings = [], self.matrix.sections
        for section in self.path:
            number.append(len(siblings))
            siblings = section.children
        return tuple(number)
