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
