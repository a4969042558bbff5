"""Limits on what users send us, in one place: settings with sane defaults, and the checks.

Every importer (the admin upload, ``import_raci``) asks here, so a limit and its message are
the same wherever a file comes in.
"""

from __future__ import annotations

from django.conf import settings

from .formats.base import MatrixFileError

#: Largest imported file unless ``RACI_MAX_IMPORT_BYTES`` says otherwise.
DEFAULT_MAX_IMPORT_BYTES = 5 * 1024 * 1024


def max_import_bytes() -> int:
    """The largest file an import accepts, in bytes (setting ``RACI_MAX_IMPORT_BYTES``)."""
    return getattr(settings, "RACI_MAX_IMPORT_BYTES", DEFAULT_MAX_IMPORT_BYTES)


def check_import_size(size: int, filename: str) -> None:
    """Refuse a file of ``size`` bytes over the import limit, naming both sizes."""
    limit = max_import_bytes()
    if size > limit:
        raise MatrixFileError.single(
            f"the file is {human_size(size)}, over the {human_size(limit)} limit for imports", filename=filename
        )


def human_size(count: int) -> str:
    """A byte count as people read it: "200 bytes", "12 KB", "5.0 MB"."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count} bytes"


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
