"""Limits on what users send us, in one place: settings with sane defaults, and the checks.

Every importer (the admin upload, ``import_raci``) reads files through the format registry,
which asks here, so a limit and its message are the same wherever a file comes in. Each limit
is a setting (``RACI_MAX_…``, from the environment) with the default below; a refusal names
the file and where in it, and nothing is imported.

- the file's size, checked before it is read (``RACI_MAX_IMPORT_BYTES``);
- for XLSX and ODS, which are zip archives: the size their parts expand to and how many times
  they expand, read from the archive's directory before any spreadsheet library opens it (a
  zip bomb is refused at once, whatever it claims inside);
- for markdown pages, the length of a line and of one piece of inline markdown (below);
- in the matrix read: parties, rows, how deep sections nest (what the grid and the pages
  show), and the length of each text (the database's own limits for names and titles).
"""

from __future__ import annotations

import io
import os
import stat
import zipfile

from django.conf import settings

from .formats.base import FileProblem, MatrixFileError
from .formats.matrix import Matrix, section_label

#: Each limit's setting and its default.
DEFAULTS = {
    "RACI_MAX_IMPORT_BYTES": 5 * 1024 * 1024,  # the file as uploaded
    "RACI_MAX_UNCOMPRESSED_BYTES": 50 * 1024 * 1024,  # what an XLSX/ODS archive expands to
    "RACI_MAX_COMPRESSION_RATIO": 100,  # how many times one part of it may expand
    "RACI_MAX_PARTIES": 50,  # columns after Activity
    "RACI_MAX_ROWS": 20_000,  # activities (and sections) of one matrix
    "RACI_MAX_SECTION_DEPTH": 6,  # 1. → 1.1. → … → 1.1.1.1.1.1.
    "RACI_MAX_CELL_CHARS": 10_000,  # one text: an activity, a cell, the introduction…
}
#: Lengths the database holds (the model fields' max_length), whatever the settings say.
PARTY_NAME_CHARS = 100
SECTION_TITLE_CHARS = 500
TITLE_CHARS = 300
#: The ratio is only checked on parts that expand beyond this: tiny parts compress oddly.
RATIO_FROM_BYTES = 1024 * 1024
#: More parts than any spreadsheet has: each costs memory before anything is read.
MAX_ARCHIVE_MEMBERS = 1_000
#: Spreadsheets have at most this many rows (Excel, LibreOffice): reading stops beyond it.
LAST_SHEET_ROW = 1_048_576


def limit(name: str) -> int:
    """The value of one limit: its setting, else its default."""
    return int(getattr(settings, name, DEFAULTS[name]))


def max_import_bytes() -> int:
    """The largest file an import accepts, in bytes (setting ``RACI_MAX_IMPORT_BYTES``)."""
    return limit("RACI_MAX_IMPORT_BYTES")


def check_import_size(size: int, filename: str) -> None:
    """Refuse a file of ``size`` bytes over the import limit, naming both sizes."""
    maximum = max_import_bytes()
    if size > maximum:
        raise MatrixFileError.single(
            f"the file is {human_size(size)}, over the {human_size(maximum)} limit for imports", filename=filename
        )


def human_size(count: int) -> str:
    """A byte count as people read it: "200 bytes", "12 KB", "5.0 MB", "1.0 GB"."""
    if count >= 1024 * 1024 * 1024:
        return f"{count / (1024 * 1024 * 1024):.1f} GB"
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count} bytes"


def check_archive(data: bytes, filename: str, kind: str) -> None:
    """Refuse a zip archive (XLSX, ODS) that expands too much, from its directory alone.

    Python's zipfile never yields more bytes from a part than the directory declares (it stops
    there and the checksum fails), so the declared sizes bound what any reader can be made to
    hold, whatever the compressed data really contains.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise MatrixFileError.single(
            f"this is not a readable {kind.upper()} file (is it damaged, or another format?)", filename=filename
        ) from None
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise MatrixFileError.single(
            f"the archive holds {len(members):,} parts; a spreadsheet has far fewer than {MAX_ARCHIVE_MEMBERS:,}",
            filename=filename,
        )
    ratio, total = limit("RACI_MAX_COMPRESSION_RATIO"), limit("RACI_MAX_UNCOMPRESSED_BYTES")
    for member in members:
        if member.file_size > RATIO_FROM_BYTES and member.file_size > ratio * max(member.compress_size, 1):
            raise MatrixFileError.single(
                f"{member.filename} expands from {human_size(member.compress_size)} to {human_size(member.file_size)}, "
                f"more than {ratio} times: a real spreadsheet does not (is it a zip bomb?)",
                filename=filename,
            )
    expanded = sum(member.file_size for member in members)
    if expanded > total:
        raise MatrixFileError.single(
            f"the spreadsheet expands to {human_size(expanded)} when unpacked, over the {human_size(total)} limit",
            filename=filename,
        )


def parties_problem(count: int) -> str | None:
    maximum = limit("RACI_MAX_PARTIES")
    if count > maximum:
        return f"there are {count:,} parties; a matrix has at most {maximum:,}"
    return None


def rows_problem(count: int) -> str | None:
    """A message when ``count`` rows (activities, or sections) are over the limit."""
    maximum = limit("RACI_MAX_ROWS")
    if count > maximum:
        return f"the matrix has more than {maximum:,} rows, the limit; split it or remove rows"
    return None


def depth_problem(number: tuple[int, ...]) -> str | None:
    maximum = limit("RACI_MAX_SECTION_DEPTH")
    if len(number) > maximum:
        shown = section_label(number) if len(number) <= 12 else f"{section_label(number[:12])}…"
        return f"section {shown} is nested {len(number):,} levels deep; sections nest at most {maximum} levels"
    return None


def text_problem(text: str, what: str, maximum: int | None = None) -> str | None:
    """A message when one text is longer than the cell limit (or ``maximum``, when smaller)."""
    cell = limit("RACI_MAX_CELL_CHARS")
    maximum = cell if maximum is None else min(maximum, cell)
    if len(text) > maximum:
        return f"the {what} is {len(text):,} characters long; at most {maximum:,} are allowed"
    return None


def check_matrix(matrix: Matrix, filename: str) -> None:
    """Refuse a matrix read from any format that is over a limit, naming where.

    Walks the sections without recursion and stops at the depth limit, so no later step (the
    grid, the pages, the diff) meets a matrix it cannot show.
    """
    problems: list[str] = []
    add = problems.append
    for message in (
        parties_problem(len(matrix.parties)),
        *(text_problem(name, f"party name “{name[:40]}”", PARTY_NAME_CHARS) for name in matrix.parties),
        text_problem(matrix.title, "title", TITLE_CHARS),
        text_problem(matrix.introduction, "introduction"),
        text_problem(matrix.change_summary, "change summary"),
        text_problem(matrix.service, "service name", 200),
    ):
        if message:
            add(message)
    activities = sections = 0
    stack = [((index,), section) for index, section in reversed(list(enumerate(matrix.sections, start=1)))]
    while stack and len(problems) < 100:
        number, section = stack.pop()
        sections += 1
        where = f"section {section_label(number)}"
        deep = depth_problem(number)
        if deep:
            add(deep)
            continue
        if message := text_problem(section.title, f"title of {where}", SECTION_TITLE_CHARS):
            add(message)
        if message := text_problem(getattr(section, "note", ""), f"note of {where}"):
            add(message)
        for position, activity in enumerate(section.activities, start=1):
            activities += 1
            if message := text_problem(activity.text, f"text of activity {position} of {where}"):
                add(message)
        stack.extend(((*number, index), child) for index, child in reversed(list(enumerate(section.children, 1))))
        if sections > limit("RACI_MAX_ROWS") or activities > limit("RACI_MAX_ROWS"):
            add(rows_problem(max(sections, activities)))
            break
    if problems:
        raise MatrixFileError([FileProblem(message, filename) for message in problems])


def shown_path(path) -> str:
    """A file name as it can be printed: bytes that are not UTF-8 and control characters
    written as escapes (``caf\\xe9.csv``), so no message ever fails on, or is garbled by, a name."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 32 or ord(c) == 127 else c for c in text)


def name_problem(path) -> str | None:
    """Why a file's name cannot be imported (it is kept as the version's source): not UTF-8."""
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        return "the file's name or folder is not valid UTF-8 (the bytes shown as \\x..); rename it and try again"
    return None


def read_regular_file(path, filename: str) -> bytes:
    """The bytes of a regular file, at most the import limit, or MatrixFileError.

    A FIFO, a device (``/dev/zero``) or a socket is refused before it is read (opening never
    blocks: ``O_NONBLOCK``), and the read stops one byte past the limit whatever the file's
    declared size says (``/proc`` files and devices declare 0).
    """
    maximum = max_import_bytes()
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise MatrixFileError.single(_not_regular(os.stat(path).st_mode), filename=filename)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise MatrixFileError.single(f"cannot be read ({error.strerror})", filename=filename) from None
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode  # the file opened, not the one looked at before
        if not stat.S_ISREG(mode):
            raise MatrixFileError.single(_not_regular(mode), filename=filename)
        check_import_size(os.fstat(handle.fileno()).st_size, filename)
        data = handle.read(maximum + 1)
    if len(data) > maximum:
        raise MatrixFileError.single(
            f"the file is larger than the {human_size(maximum)} limit for imports (reading stopped there)",
            filename=filename,
        )
    return data


def _not_regular(mode: int) -> str:
    kind = (
        "a FIFO" if stat.S_ISFIFO(mode)
        else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "a folder" if stat.S_ISDIR(mode)
        else "not a regular file"
    )  # fmt: skip
    return f"this is {kind}, not a file; only regular files are imported"


# --- Text documents (markdown pages) ----------------------------------------------------------

#: Longest line of a text document unless ``RACI_MAX_LINE_LENGTH`` says otherwise (characters).
#: Real pages stay under 300; a longer line is a generated or damaged file.
DEFAULT_MAX_LINE_LENGTH = 4_000
#: Longest piece of inline markdown (a paragraph, a heading, a table cell), in characters.
MAX_INLINE_CHARACTERS = 20_000
#: Most "[" in one piece of inline markdown: each one may open a link the parser must follow,
#: so more of them would make reading the piece cost more than its length.
MAX_INLINE_BRACKETS = 64


def max_line_length() -> int:
    """The longest line a text document may hold (setting ``RACI_MAX_LINE_LENGTH``)."""
    return getattr(settings, "RACI_MAX_LINE_LENGTH", DEFAULT_MAX_LINE_LENGTH)


def inline_problem(text: str) -> str | None:
    """Why a piece of inline markdown is refused (too long, too many brackets), or None."""
    if len(text) > MAX_INLINE_CHARACTERS:
        return (
            f"this paragraph or cell is {len(text):,} characters long, over the "
            f"{MAX_INLINE_CHARACTERS:,}-character limit; split it"
        )
    brackets = text.count("[") - text.count("\\[")  # an escaped one opens nothing
    if brackets > MAX_INLINE_BRACKETS:
        return (
            f"this paragraph or cell holds {brackets:,} “[”, over the limit of {MAX_INLINE_BRACKETS} "
            "(links and brackets) in one paragraph or cell; escape them as “\\[” or split it"
        )
    return None
