"""The documentation markdown of the published pages (see tests/data/corpus).

A page is front matter (``title``, ``updated``), a "Last updated …" line, an introduction, the
R/A/C/I legend, then numbered headings (``### 1.``, ``#### 1.1.``, ``##### **3.1.1. …**``) each
followed by one table: ``| Activity | Customer | OVHcloud |``, and optionally prose: the
section's note. Whatever follows the matrix under an unnumbered heading ("Go further") is not
part of it. The page is parsed by markdown-it-py (``markdown_text.parser``), so text is what the
documentation site shows; tables and their recoveries are read by ``markdown_tables``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from html.parser import HTMLParser

from responsibilities.formats.base import FileProblem, MatrixFileError, SectionTree, decode_text
from responsibilities.formats.markdown_tables import TableReader
from responsibilities.formats.markdown_text import (
    date_line,
    english_date,
    inline_to_text,
    inline_tokens,
    parse_date,
    parser,
    prose_line,
    shorten,
    text_to_inline,
    visible_text,
)
from responsibilities.formats.matrix import Matrix, MatrixSection, section_label
from responsibilities.letters import LETTERS

CONTENT_TYPE = "text/markdown; charset=utf-8"

_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.(?:\s+|$)(.*)$|^(\d+(?:\.\d+)+)\s+(.*)$", re.DOTALL)
#: Container blocks whose paragraphs are read as prose, with the marker of each list item.
_CONTAINERS = ("bullet_list_open", "ordered_list_open", "blockquote_open")


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
        self.offset = 0  # index in ``lines`` of the first line given to the parser
        self.in_matrix = False
        self.ignoring: str | bool = False  # the unnumbered heading after the matrix, once met
        self.tables = TableReader(self)

    # --- what every part uses -------------------------------------------------------------

    def problem(self, line: int, message: str, column: str = "") -> None:
        self.problems.append(FileProblem(message, self.filename, line, column, "line"))

    def warn(self, line: int, message: str) -> None:
        self.matrix.warnings.append(f"line {line}: {message}")

    def text(self, source: str, line: int) -> str:
        """The visible text of a piece of inline markdown, within the limits on such a piece."""
        from responsibilities.limits import inline_problem  # limits import formats: not at the top

        refused = inline_problem(source)
        if refused:
            self.problem(line, refused)
            return ""
        return inline_to_text(source)

    def section_label(self) -> str:
        return section_label(self.tree.current_number())

    def add_note(self, text: str, line: int, *, written_as_row: bool = False) -> None:
        """Keep prose met inside a numbered section as (a paragraph of) that section's note."""
        section = self.section
        text = prose(text)
        if section is None or not text:
            return
        section.note = f"{section.note}\n\n{text}" if section.note else text
        if written_as_row:
            self.warn(
                line,
                f"“{shorten(text)}” is a line of prose written as a table row; "
                f"it was kept as the note of section {self.section_label()}",
            )

    # --- the page ---------------------------------------------------------------------------

    def read(self) -> Matrix:
        from responsibilities.limits import max_line_length

        front, start = self._front_matter()
        self._check_line_lengths(start, max_line_length())
        if self.problems:
            raise MatrixFileError(self.problems)
        self.matrix.title = front.get("title", "")
        front_date = self._front_date(front)
        self.offset = start
        body_date, body_date_line = self._walk(parser().parse("\n".join(self.lines[start:])))
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

    def _check_line_lengths(self, start: int, limit: int) -> None:
        long_lines = [i + 1 for i in range(start, len(self.lines)) if len(self.lines[i]) > limit]
        for number in long_lines[:3]:
            self.problem(
                number,
                f"the line is {len(self.lines[number - 1]):,} characters long, over the {limit:,}-character "
                "limit for one line of a page",
            )
        if len(long_lines) > 3:
            self.problem(long_lines[3], f"and {len(long_lines) - 3:,} more lines over the limit")

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
            self.matrix.warnings.append(f"the front matter date “{shorten(raw)}” is not a date and was ignored")
        return parsed

    def _settle_date(self, front_date, body_date, body_line) -> None:
        self.matrix.last_updated = front_date or body_date
        if front_date and body_date and front_date != body_date:
            self.matrix.warnings.append(
                f"line {body_line}: the page says it was last updated on {body_date.isoformat()} but "
                f"its front matter says {front_date.isoformat()}; the front matter date was kept"
            )

    def _walk(self, tokens) -> tuple[date | None, int | None]:
        """Read the top-level blocks in order: headings open sections, tables fill them, prose
        before the matrix is the introduction and prose inside a section its note."""
        self.body_date = self.body_line = None
        self.paragraphs: list[str] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            end = _block_end(tokens, index)
            first = self.offset + token.map[0] + 1 if token.map else 0  # its line in the file
            if token.type == "heading_open":
                self._heading(int(token.tag[1:]), tokens[index + 1].content, first)
            elif token.type == "paragraph_open":
                self._paragraph(token.map, tokens[index + 1].content, first)
            elif token.type == "table_open":
                if not self.ignoring:
                    self.tables.table(self.offset + token.map[0], self.offset + token.map[1])
                elif self.tables.is_activity_table(self.offset + token.map[0]):
                    self.matrix.warnings.append(
                        f"line {first}: this table comes under the unnumbered heading “{self.ignoring}” and was "
                        "not imported; number the heading (e.g. “### 6. …”) to import it"
                    )
            elif token.type == "html_block":
                self._prose(_html_text(token.content), first)
            elif token.type in ("fence", "code_block"):
                self._prose(token.content.rstrip("\n"), first)
            elif token.type in _CONTAINERS:
                self._prose("\n".join(self._contained_lines(tokens, index, end)), first)
            index = end + 1
        self.matrix.introduction = "\n\n".join(p for p in self.paragraphs if p)
        return self.body_date, self.body_line

    def _heading(self, level: int, source: str, line: int) -> None:
        text, numbered = self._heading_text(source, line)
        if numbered:
            self.in_matrix, self.ignoring = True, False
            self._open_section(numbered, line, level)
        elif self.in_matrix:
            self.ignoring = text.strip() or True  # "Go further" and other appendices
        elif not self.matrix.title and level == 1:
            self.matrix.title = text.strip()
        self.tables.close()

    def _heading_text(self, source: str, line: int) -> tuple[str, tuple[str, str] | None]:
        """A heading's visible text, and its (number, title) when it is numbered. The number is
        found in what a reader sees (``**3.1.1.** Daily``), and spaces around it are layout,
        but a space the author wrote as an entity belongs to the title."""
        from responsibilities.limits import inline_problem

        refused = inline_problem(source)
        if refused:
            self.problem(line, refused)
            return "", None
        tokens = inline_tokens(source)
        text, marked = visible_text(tokens), visible_text(tokens, mark_written=True)
        start = len(marked) - len(marked.lstrip())
        end = len(marked.rstrip())
        numbered = _NUMBERED.match(marked[start:end])
        if not numbered:
            return text, None
        number_group, title_group = (1, 2) if numbered.group(1) else (3, 4)
        title = text[start + numbered.start(title_group) : end]
        return text, (numbered.group(number_group), title)

    def _paragraph(self, span: list[int], source: str, line: int) -> None:
        if self.ignoring:
            return
        raw = self.lines[self.offset + span[0] : self.offset + span[1]]
        if self.in_matrix and all(row.strip().startswith("|") for row in raw):
            self.tables.pipe_rows(line, raw)
        elif self.in_matrix:
            self.add_note(self.text(source, line), line)
        else:
            self._introduction(raw, source, line)

    def _introduction(self, raw: list[str], source: str, line: int) -> None:
        """A paragraph before the matrix: prose of the introduction, except its "Last updated" line."""
        dated = [date_line(row.strip()) for row in raw]
        if not any(is_date for is_date, _ in dated):
            self.paragraphs.append(prose(self.text(source, line)))
            return
        group: list[str] = []
        for offset, (row, (is_date, found)) in enumerate(zip(raw, dated, strict=True)):
            if not is_date:
                group.append(row.strip())
                continue
            self.paragraphs.append(prose(self.text("\n".join(group), line)) if group else "")
            group = []
            if found and self.body_date is None:
                self.body_date, self.body_line = found, line + offset
            elif not found:
                self.warn(line + offset, f"“{shorten(row.strip())}” does not give a date I can read")
        self.paragraphs.append(prose(self.text("\n".join(group), line)) if group else "")

    def _prose(self, text: str, line: int) -> None:
        """Prose from a block other than a paragraph (HTML, code, a list, a quote)."""
        if self.ignoring or not text.strip():
            return
        if self.in_matrix:
            self.add_note(text, line)
        else:
            self.paragraphs.append(prose(text))

    def _contained_lines(self, tokens, start: int, end: int) -> list[str]:
        """The paragraphs of a list or quote, one per line, list items with their marker."""
        lines, marker = [], ""
        for index in range(start, end):
            token = tokens[index]
            if token.type == "list_item_open":
                marker = f"{token.info}{token.markup} " if token.info else f"{token.markup} "
            elif token.type == "inline":
                line = self.offset + token.map[0] + 1 if token.map else 0
                lines.append(marker + self.text(token.content, line))
                marker = ""
        return lines

    def _open_section(self, numbered: tuple[str, str], line: int, level: int) -> None:
        raw_number, title = numbered
        number = tuple(int(part) for part in raw_number.split("."))
        parent_level = self.levels.get(number[:-1])
        if parent_level is not None and level <= parent_level:
            self.warn(
                line,
                f"heading {raw_number}. is written at its parent's level ({'#' * level}); it was nested by its number",
            )
        self.levels[number] = level
        self.section = self.tree.open(number, title, f"line {line}")


def prose(text: str) -> str:
    """One paragraph's text as a reader sees it: its lines, without empty ones (a ``<br>`` at the
    end of a line, or in a one-cell row, breaks the line once); "" when it has no line."""
    return "\n".join(line for line in text.split("\n") if line)


def _block_end(tokens, index: int) -> int:
    """The index of the token closing the block that opens at ``index`` (itself if none)."""
    if tokens[index].nesting != 1:
        return index
    depth = 0
    for end in range(index, len(tokens)):
        depth += tokens[end].nesting
        if depth == 0:
            return end
    return len(tokens) - 1


class _TextOfHtml(HTMLParser):
    """The text a browser shows for a block of HTML: data, without tags or comments."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "br":
            self.parts.append("\n")


def _html_text(source: str) -> str:
    reader = _TextOfHtml()
    reader.feed(source)
    reader.close()
    return "\n".join(line.strip() for line in "".join(reader.parts).strip().split("\n"))


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


def write(matrix: Matrix) -> bytes:
    """Write a Matrix as a documentation page that ``read`` gives back unchanged."""
    out = ["---", f"title: {json.dumps(matrix.title, ensure_ascii=False)}"]
    if matrix.last_updated:
        out.append(f"updated: {matrix.last_updated.isoformat()}")
    out += ["---", ""]
    if matrix.last_updated:
        out += [f"**Last updated {english_date(matrix.last_updated)}**", ""]
    out += _paragraphs(matrix.introduction)
    out += ["## RACI definition", "", "| Roles |", "| --- |"]
    out += [f"| {letter.code}: {letter.documentation_legend} |" for letter in LETTERS] + [""]
    header = "| **Activity** | " + " | ".join(f"**{text_to_inline(p)}**" for p in matrix.parties) + " |"
    delimiter = "| --- |" + " --- |" * len(matrix.parties)
    for number, section in matrix.walk():
        level = "#" * min(2 + len(number), 6)
        out += [f"{level} {section_label(number)} {text_to_inline(section.title)}".rstrip(), ""]
        out += _paragraphs(section.note)
        if section.activities or not section.children:
            out += [header, delimiter]
            for activity in section.activities:
                cells = [text_to_inline(activity.text)] + [activity.cells.get(p, "") for p in matrix.parties]
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def _paragraphs(text: str) -> list[str]:
    """Prose (an introduction, a section note) as escaped paragraphs, each followed by a blank line."""
    out = []
    for paragraph in text.split("\n\n") if text else []:
        out += [prose_line(line) for line in paragraph.split("\n")] + [""]
    return out
