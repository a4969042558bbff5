"""The documentation markdown of the published pages (see tests/data/corpus).

A page is front matter (``title``, ``updated``), a "Last updated …" line, an introduction, the
R/A/C/I legend, then numbered headings (``### 1.``, ``#### 1.1.``, ``##### **3.1.1. …**``) each
followed by one table: ``| Activity | Customer | OVHcloud |``. Whatever follows the matrix under
an unnumbered heading ("Go further") is not part of it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

from responsibilities.formats.base import FileProblem, MatrixFileError, SectionTree, decode_text
from responsibilities.formats.markdown_text import (
    date_line,
    english_date,
    inline_to_text,
    parse_date,
    strip_strong,
    text_to_inline,
)
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection, section_label
from responsibilities.letters import LETTERS, LettersError, normalize_letters

CONTENT_TYPE = "text/markdown; charset=utf-8"

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.(?:\s+|$)(.*)$|^(\d+(?:\.\d+)+)\s+(.*)$")
_BOLD = re.compile(r"(?<!\\)\*\*|(?<!\\)__")
_DELIMITER = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def read(data: bytes, *, filename: str = "") -> Matrix:
    """Read one documentation page into a Matrix, or raise MatrixFileError."""
    if not data.strip():
        raise MatrixFileError.single("the file is empty", filename=filename)
    lines = decode_text(data, filename).split("\n")
    return _PageReader(lines, filename).read()


class _PageReader:
    def __init__(self, lines: list[str], filename: str):
        self.lines = lines
        self.filename = filename
        self.matrix = Matrix(parties=[])
        self.tree = SectionTree(self.matrix)
        self.problems: list[FileProblem] = []
        self.reordered: Counter[tuple[str, str]] = Counter()
        self.section: MatrixSection | None = None
        self.levels: dict[tuple[int, ...], int] = {}

    def problem(self, line: int, message: str, column: str = "") -> None:
        self.problems.append(FileProblem(message, self.filename, line, column, "line"))

    def read(self) -> Matrix:
        front, start = self._front_matter()
        self.matrix.title = front.get("title", "")
        front_date = self._front_date(front)
        body_date, body_date_line = self._walk(start)
        self._settle_date(front_date, body_date, body_date_line)
        if self.reordered:
            examples = ", ".join(f"{raw} → {canonical}" for (raw, canonical), _ in self.reordered.most_common())
            total = sum(self.reordered.values())
            self.matrix.warnings.append(
                f"{total} cell{'s' if total > 1 else ''} written in another order or spelling "
                f"{'were' if total > 1 else 'was'} normalised ({examples})"
            )
        if not self.matrix.parties and not self.problems:
            self.problem(len(self.lines), "no RACI table (| Activity | party… |) was found in the page")
        if self.problems:
            raise MatrixFileError(self.problems)
        return self.matrix

    def _front_matter(self) -> tuple[dict[str, str], int]:
        if not self.lines or self.lines[0].strip() != "---":
            return {}, 0
        values = {}
        for index in range(1, len(self.lines)):
            line = self.lines[index]
            if line.strip() == "---":
                return values, index + 1
            key, sep, value = line.partition(":")
            if sep and key.strip() and not line[:1].isspace():
                values[key.strip().lower()] = _front_value(value.strip())
        self.problem(1, "the front matter that starts here is never closed by a “---” line")
        return {}, 0

    def _front_date(self, front: dict[str, str]) -> date | None:
        raw = front.get("updated", "")
        if not raw:
            return None
        parsed = parse_date(raw)
        if parsed is None:
            self.matrix.warnings.append(f"the front matter date “{raw}” is not a date and was ignored")
        return parsed

    def _settle_date(self, front_date, body_date, body_line) -> None:
        self.matrix.last_updated = front_date or body_date
        if front_date and body_date and front_date != body_date:
            self.matrix.warnings.append(
                f"line {body_line}: the page says it was last updated on {body_date.isoformat()} but "
                f"its front matter says {front_date.isoformat()}; the front matter date was kept"
            )

    def _walk(self, start: int) -> tuple[date | None, int | None]:
        body_date = body_line = None
        paragraphs: list[list[str]] = [[]]
        in_matrix = ignoring = False
        index = start
        while index < len(self.lines):
            number = index + 1
            line = self.lines[index].strip()
            heading = _HEADING.match(line)
            if heading:
                text = strip_strong(heading.group(2))
                # "**3.1.1.** Daily operations": bold markers around the number alone.
                numbered = _NUMBERED.match(_BOLD.sub("", text).strip())
                if numbered:
                    in_matrix, ignoring = True, False
                    self._open_section(numbered, number, len(heading.group(1)))
                elif in_matrix:
                    ignoring = inline_to_text(text).strip() or True  # "Go further" and other appendices
                elif not self.matrix.title and len(heading.group(1)) == 1:
                    self.matrix.title = inline_to_text(text)
                paragraphs.append([])
            elif line.startswith("|"):
                end = index
                while end < len(self.lines) and self.lines[end].strip().startswith("|"):
                    end += 1
                if not ignoring:
                    self._table(index, end, in_matrix)
                elif self._is_activity_table(index):
                    self.matrix.warnings.append(
                        f"line {number}: this table comes under the unnumbered heading “{ignoring}” and was "
                        "not imported; number the heading (e.g. “### 6. …”) to import it"
                    )
                index = end
                paragraphs.append([])
                continue
            elif not line:
                paragraphs.append([])
            elif not in_matrix:
                is_date, found = date_line(line)
                if is_date:
                    if found and body_date is None:
                        body_date, body_line = found, number
                    elif not found:
                        self.matrix.warnings.append(f"line {number}: “{line}” does not give a date I can read")
                    paragraphs.append([])
                elif not line.startswith("<!--"):
                    paragraphs[-1].append(inline_to_text(line))
            index += 1
        self.matrix.introduction = "\n\n".join("\n".join(p) for p in paragraphs if p)
        return body_date, body_line

    def _is_activity_table(self, index: int) -> bool:
        header = [inline_to_text(strip_strong(cell)).strip() for cell in _split_cells(self.lines[index])]
        return bool(self.matrix.parties) and header[1:] == self.matrix.parties

    def _open_section(self, numbered: re.Match, line: int, level: int) -> None:
        raw_number = numbered.group(1) or numbered.group(3)
        title = inline_to_text((numbered.group(2) if numbered.group(1) else numbered.group(4)).strip())
        number = tuple(int(part) for part in raw_number.split("."))
        parent_level = self.levels.get(number[:-1])
        if parent_level is not None and level <= parent_level:
            self.matrix.warnings.append(
                f"line {line}: heading {raw_number}. is written at its parent's level ({'#' * level}); "
                "it was nested by its number"
            )
        self.levels[number] = level
        self.section = self.tree.open(number, title, f"line {line}")

    def _table(self, start: int, end: int, in_matrix: bool) -> None:
        rows = [(i + 1, _split_cells(self.lines[i])) for i in range(start, end)]
        header_line, header = rows[0]
        header = [inline_to_text(strip_strong(cell)).strip() for cell in header]
        if not in_matrix:
            if not header or header[0].lower() not in ("activity", "activité", "activite"):
                return  # the R/A/C/I legend, or any other table of the introduction
            self.matrix.warnings.append(
                f"line {header_line}: a table comes before any numbered heading; "
                "it was kept as an untitled first section"
            )
            self.section = self.tree.open((1,), "", f"line {header_line}")
        body = rows[1:]
        if body and _DELIMITER.match(self.lines[body[0][0] - 1].strip()):
            body = body[1:]
        else:
            self.problem(header_line + 1, "the table header is not followed by a “| --- |” line")
        parties = header[1:]
        if not self._check_parties(parties, header_line):
            return
        for line, cells in body:
            self._row(line, cells)

    def _check_parties(self, parties: list[str], line: int) -> bool:
        if not parties:
            self.problem(line, "the table has an Activity column but no party column")
            return False
        if not self.matrix.parties:
            duplicates = sorted({p for p in parties if parties.count(p) > 1})
            for name in duplicates:
                self.problem(line, "two columns have this name", column=name)
            if any(not p for p in parties):
                self.problem(line, "a party column has no name")
            if duplicates or any(not p for p in parties):
                return False
            self.matrix.parties = parties
        elif parties != self.matrix.parties:
            self.problem(
                line,
                f"this table's parties ({', '.join(parties)}) differ from the first table's "
                f"({', '.join(self.matrix.parties)})",
            )
            return False
        return True

    def _row(self, line: int, cells: list[str]) -> None:
        parties = self.matrix.parties
        width = len(parties) + 1
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]
        if len(cells) > width:
            self.problem(line, f"the row has {len(cells)} cells but the table has {width} columns")
            return
        if len(cells) < width:
            self.matrix.warnings.append(f"line {line}: row had {len(cells)} cells, padded to {width}")
            cells = cells + [""] * (width - len(cells))
        text = inline_to_text(cells[0].strip())
        letters = {}
        for party, raw in zip(parties, cells[1:], strict=True):
            raw = inline_to_text(raw.strip()).strip()
            try:
                letters[party] = normalize_letters(raw)
            except LettersError as exc:
                self.problem(line, str(exc), column=party)
                continue
            if letters[party] != raw:
                self.reordered[(raw, letters[party])] += 1
        if not text.strip() and not any(letters.values()):
            return  # a blank row: nothing to keep
        self.section.activities.append(MatrixActivity(text=text, cells=letters))


def _front_value(raw: str) -> str:
    """Read a front-matter value: bare, 'single-quoted' or "double-quoted" (JSON escapes)."""
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        try:
            return json.loads(raw)
        except ValueError:
            return raw[1:-1]
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1].replace("''", "'")
    return raw


def _split_cells(line: str) -> list[str]:
    """Split a table row on its unescaped pipes, dropping the outer ones."""
    cells, current, index, line = [], [], 0, line.strip()
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            current.append(line[index : index + 2])
            index += 2
            continue
        if char == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    cells.append("".join(current))
    if line.startswith("|"):
        cells = cells[1:]
    if line.endswith("|") and not line.endswith("\\|") and cells:
        cells = cells[:-1]
    return cells


def write(matrix: Matrix) -> bytes:
    """Write a Matrix as a documentation page that ``read`` gives back unchanged."""
    out = ["---", f"title: {json.dumps(matrix.title, ensure_ascii=False)}"]
    if matrix.last_updated:
        out.append(f"updated: {matrix.last_updated.isoformat()}")
    out += ["---", ""]
    if matrix.last_updated:
        out += [f"**Last updated {english_date(matrix.last_updated)}**", ""]
    for paragraph in matrix.introduction.split("\n\n") if matrix.introduction else []:
        out += [_prose_line(line) for line in paragraph.split("\n")] + [""]
    out += ["## RACI definition", "", "| Roles |", "| --- |"]
    out += [f"| {letter.code}: {letter.documentation_legend} |" for letter in LETTERS] + [""]
    header = "| **Activity** | " + " | ".join(f"**{text_to_inline(p)}**" for p in matrix.parties) + " |"
    delimiter = "| --- |" + " --- |" * len(matrix.parties)
    for number, section in matrix.walk():
        level = "#" * min(2 + len(number), 6)
        out += [f"{level} {section_label(number)} {text_to_inline(section.title)}".rstrip(), ""]
        if section.activities or not section.children:
            out += [header, delimiter]
            for activity in section.activities:
                cells = [text_to_inline(activity.text)] + [activity.cells.get(p, "") for p in matrix.parties]
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def _prose_line(line: str) -> str:
    """Escape one introduction line so that it reads back as prose, never as the date line."""
    escaped = text_to_inline(line)
    if date_line(escaped)[0]:
        index = next(i for i, char in enumerate(escaped) if char.isalpha())
        escaped = f"{escaped[:index]}&#{ord(escaped[index])};{escaped[index + 1 :]}"
    return escaped
