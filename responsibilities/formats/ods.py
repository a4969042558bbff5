"""ODS (OpenDocument) spreadsheets, streamed: read with ElementTree's iterparse, written as XML.

odfpy builds the whole document in memory (a kilobyte or more per cell) and writes a million
cells in minutes; both directions here cost a constant amount of memory per row and time
linear in the cells. Reading follows ODF's rules for what a cell shows: its paragraphs, with
``<text:s>`` (spaces), ``<text:tab>`` and ``<text:line-break>``; repeated rows and columns
are counted, not expanded, while blank. Writing uses the same elements, so LibreOffice shows
exactly the text that was written. The archive is checked against the limits first.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from responsibilities import limits
from responsibilities.formats.base import MatrixFileError

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ZIP_MAGIC = b"PK\x03\x04"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
T_TABLE, T_ROW = f"{{{TABLE}}}table", f"{{{TABLE}}}table-row"
T_CELLS = {f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"}
ROWS_REPEATED, COLUMNS_REPEATED = f"{{{TABLE}}}number-rows-repeated", f"{{{TABLE}}}number-columns-repeated"
T_NAME = f"{{{TABLE}}}name"
PARAGRAPHS = {f"{{{TEXT}}}p", f"{{{TEXT}}}h"}
SPACE, TAB, LINE_BREAK = f"{{{TEXT}}}s", f"{{{TEXT}}}tab", f"{{{TEXT}}}line-break"
SPACE_COUNT = f"{{{TEXT}}}c"
#: Text that is not what the cell shows: comments, notes, tracked changes.
HIDDEN = {f"{{{OFFICE}}}annotation", f"{{{TEXT}}}note", f"{{{TEXT}}}tracked-changes"}
VALUE_TYPE, DATE_VALUE = f"{{{OFFICE}}}value-type", f"{{{OFFICE}}}date-value"
VALUE, STRING_VALUE = f"{{{OFFICE}}}value", f"{{{OFFICE}}}string-value"
#: LibreOffice's last column (and Excel's).
LAST_COLUMN = 16_384


def _unreadable(filename: str) -> MatrixFileError:
    return MatrixFileError.single(
        "this is not a readable ODS file (is it damaged, or another format?)", filename=filename
    )


def sheets(data: bytes, filename: str) -> Iterator[tuple[str, Iterator[tuple[int, list]]]]:
    """Each table's name and its rows as ``(row number, cell values)``, parsed as they are used.

    Every element is dropped from the tree once read, so a sheet costs the memory of one cell.
    """
    if not data.startswith(ZIP_MAGIC):
        raise MatrixFileError.single("this is not an ODS file", filename=filename)
    limits.check_archive(data, filename, "ods")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        content = archive.open("content.xml")
    except (KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError, OSError):
        raise _unreadable(filename) from None
    with archive, content:
        # expat refuses entity expansion bombs (input amplification limit) and ElementTree
        # never fetches external entities; the archive's size was bounded above.
        parser = ElementTree.iterparse(content, events=("start", "end"))  # noqa: S314
        events = _events(parser, filename)
        stack: list[ElementTree.Element] = []  # the open elements, root first
        for event, element in events:
            if event == "start":
                stack.append(element)
                if element.tag == T_TABLE:  # a sheet (tables in cells are read by _rows)
                    rows = _rows(events, stack, filename)
                    yield element.get(T_NAME, ""), rows
                    for _ in rows:  # what the reader did not take, up to the end of the table
                        pass
                continue
            stack.pop()
            _drop(stack, element)


def _events(parser, filename: str):
    try:
        yield from parser
    except (ElementTree.ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _unreadable(filename) from None


def _drop(stack: list, element) -> None:
    """Forget an element that was read (its parent would keep it): always the first child left."""
    if stack:
        stack[-1].remove(element)


def _rows(events, stack: list, filename: str) -> Iterator[tuple[int, list]]:
    """The rows of the table at the top of ``stack``, up to its end."""
    depth, number = len(stack), 1
    values, blank = [], 0  # the row being read: its cells so far, and blank cells not yet placed
    nested = in_cell = 0  # tables inside cells, cells open
    for event, element in events:
        tag = element.tag
        if event == "start":
            stack.append(element)
            nested += tag == T_TABLE
            in_cell += tag in T_CELLS
            continue
        stack.pop()
        if len(stack) < depth:  # the table itself ended
            _drop(stack, element)
            return
        if tag == T_TABLE:
            nested -= 1
        elif tag in T_CELLS:
            in_cell -= 1
            if not nested:
                repeat, value = _count(element.get(COLUMNS_REPEATED)), _cell_value(element)
                if value == "":
                    blank += repeat
                elif len(values) + blank + repeat > LAST_COLUMN:
                    raise MatrixFileError.single(
                        f"the row goes on beyond column {LAST_COLUMN:,}, the last column of a spreadsheet",
                        filename=filename,
                        row=number,
                    )
                else:
                    values.extend([""] * blank)
                    values.extend([value] * repeat)
                    blank = 0
        elif tag == T_ROW and not nested:
            repeat, row = _count(element.get(ROWS_REPEATED)), values
            values, blank = [], 0
            if not row:
                number += repeat  # blank rows, however many, cost nothing
            else:
                for _ in range(repeat):
                    yield number, row
                    number += 1
        if not in_cell:  # what a cell holds is read when the cell ends
            _drop(stack, element)


def _count(raw: str | None) -> int:
    """A repeat count; one that no spreadsheet could hold counts as more than any limit."""
    if not raw:
        return 1
    return int(raw) if raw.isdigit() and len(raw) <= 9 else 10**9


def _cell_value(cell):
    if cell.get(VALUE_TYPE) == "date" and cell.get(DATE_VALUE):
        raw = cell.get(DATE_VALUE)
        try:
            return datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw)
        except ValueError:
            pass
    paragraphs = [_paragraph_text(p) for p in cell if p.tag in PARAGRAPHS]
    if not paragraphs:  # a number or a value written without its text
        return cell.get(VALUE, "") or cell.get(STRING_VALUE, "")
    return "\n".join(paragraphs)


def _paragraph_text(paragraph) -> str:
    """What a paragraph shows, walking its spans and links without recursion (any depth)."""
    most = limits.limit("RACI_MAX_CELL_CHARS") + 1  # a longer text is refused anyway
    parts = [paragraph.text or ""]
    todo = [(child, False) for child in reversed(paragraph)]
    while todo:
        node, finished = todo.pop()
        if finished:
            parts.append(node.tail or "")
            continue
        todo.append((node, True))
        if node.tag == SPACE:
            parts.append(" " * min(_count(node.get(SPACE_COUNT)), most))
        elif node.tag == TAB:
            parts.append("\t")
        elif node.tag == LINE_BREAK:
            parts.append("\n")
        elif node.tag not in HIDDEN:
            parts.append(node.text or "")
            todo.extend((child, False) for child in reversed(node))
    return "".join(parts)


# --- Writing --------------------------------------------------------------------------------

_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'office:version="1.2"'
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_NAMESPACES}>'
    "<office:styles/></office:document-styles>"
)
_META = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {_NAMESPACES}>'
    "<office:meta><meta:generator>RACI Registry</meta:generator></office:meta></office:document-meta>"
)
_CONTENT_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NAMESPACES}>'
    '<office:automatic-styles><style:style style:name="header" style:family="table-cell">'
    '<style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/>'
    "</style:style></office:automatic-styles><office:body><office:spreadsheet>"
)
_CONTENT_TAIL = "</office:spreadsheet></office:body></office:document-content>"
#: Spaces XML would let an application collapse: leading, trailing, or after another space.
_SPACES = re.compile(r" {2,}|^ | $|\t")


def _spaces(match: re.Match) -> str:
    run = match.group()
    if run == "\t":
        return "<text:tab/>"
    edge = match.start() == 0 or match.end() == len(match.string)
    keep = "" if edge else " "
    count = len(run) - len(keep)
    return keep + ("<text:s/>" if count == 1 else f'<text:s text:c="{count}"/>')


def _cell(text: str, header: bool) -> str:
    paragraphs = "".join(f"<text:p>{_SPACES.sub(_spaces, escape(line))}</text:p>" for line in text.split("\n"))
    style = ' table:style-name="header"' if header else ""
    return f'<table:table-cell office:value-type="string"{style}>{paragraphs}</table:table-cell>'


def _row(values: list[str], header: bool) -> str:
    parts, blank = ["<table:table-row>"], 0
    for value in values:
        if not value:
            blank += 1
            continue
        if blank:
            repeat = f' table:number-columns-repeated="{blank}"' if blank > 1 else ""
            parts.append(f"<table:table-cell{repeat}/>")
            blank = 0
        parts.append(_cell(value, header))
    parts.append("</table:table-row>")
    return "".join(parts)


def write(sheets: Iterable[tuple[str, Iterable[list[str]]]]) -> bytes:
    """An ODS document with one table per ``(title, rows)``; the first row of each is bold.

    Every cell is text; the caller has escaped formulas and the characters XML cannot hold.
    The bytes depend on the cells alone (no timestamps), so the same version gives the same file.
    """
    body = [_CONTENT_HEAD]
    for title, rows in sheets:
        body.append(f"<table:table table:name={quoteattr(title)}>")
        body.extend(_row(row, index == 0) for index, row in enumerate(rows))
        body.append("</table:table>")
    body.append(_CONTENT_TAIL)
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, zipfile.ZIP_STORED)  # first, uncompressed (ODF)
        for name, text in (
            ("META-INF/manifest.xml", _MANIFEST),
            ("meta.xml", _META),
            ("styles.xml", _STYLES),
            ("content.xml", "".join(body)),
        ):
            archive.writestr(zipfile.ZipInfo(name), text.encode(), zipfile.ZIP_DEFLATED)
    return stream.getvalue()
