"""The release token: names the code, templates, translations and static files being served.

It is part of every page-cache key and every ETag, so a deploy that changes a template, a
message or a static file's hash never serves (or confirms with a 304) a page rendered by the
previous release, without anyone flushing a cache. ``RACI_RELEASE`` (e.g. the commit being
deployed) sets it; otherwise it is a hash of those files' contents, computed once per process.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

#: What a rendered page depends on besides the database, relative to BASE_DIR.
_SOURCES = ("raci_project", "responsibilities", "templates", "locale")
_SUFFIXES = {".py", ".html", ".po", ".txt"}
#: Where collectstatic writes the hashed names of the static files (ManifestStaticFilesStorage).
_MANIFEST = "staticfiles.json"


def release_token() -> str:
    """A short token that changes with every release (``RACI_RELEASE``, else a content hash)."""
    configured = getattr(settings, "RACI_RELEASE", "")
    return configured or _content_token(str(settings.BASE_DIR), str(settings.STATIC_ROOT))


@cache
def _content_token(base_dir: str, static_root: str) -> str:
    digest = hashlib.sha256()
    base = Path(base_dir)
    files = [
        path
        for folder in _SOURCES
        for path in (base / folder).rglob("*")
        if path.suffix in _SUFFIXES and path.is_file() and "__pycache__" not in path.parts
    ]
    manifest = Path(static_root) / _MANIFEST
    if manifest.is_file():
        files.append(manifest)
    else:  # no collectstatic (development, tests): the static files themselves
        files.extend(path for folder in settings.STATICFILES_DIRS for path in Path(folder).rglob("*") if path.is_file())
    for path in sorted(files):
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]
