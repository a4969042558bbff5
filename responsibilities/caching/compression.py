"""gzip for cached pages: compressed once when a page is cached, served to clients that accept it.

A 2,000-activity page is close to a megabyte of HTML and about 65 KiB gzipped. Compressing it
on every request (Django's GZipMiddleware) would cost more than serving it from the cache, so
the page cache keeps both bodies and a request picks one by its ``Accept-Encoding`` header.
The two bodies are two representations: each has its own ETag, and every response says
``Vary: Accept-Encoding``.
"""

from __future__ import annotations

import gzip

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

#: zlib's default: most of level 9's saving for a fraction of its time.
LEVEL = 6


def accepts_gzip(request) -> bool:
    """True when ``Accept-Encoding`` allows gzip (RFC 9110 §12.5.3: ``gzip``/``x-gzip`` or ``*``, q > 0)."""
    header = request.META.get("HTTP_ACCEPT_ENCODING", "")
    if not header:
        return False
    named, wildcard = None, None
    for item in header.split(","):
        coding, _, params = item.strip().partition(";")
        coding = coding.strip().lower()
        if coding not in ("gzip", "x-gzip", "*"):
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if coding == "*":
            wildcard = quality
        else:
            named = quality if named is None else max(named, quality)
    quality = named if named is not None else wildcard
    return quality is not None and quality > 0


def compress(content: bytes) -> bytes:
    """The gzip body of ``content``: the same bytes on every server (no timestamp in the header)."""
    return gzip.compress(content, compresslevel=LEVEL, mtime=0)


def encode(response: HttpResponse, request, gzipped: bytes | None = None) -> HttpResponse:
    """Give ``response`` the body ``request`` accepts: ``gzipped`` (compressed now when not given) or as is.

    Whatever the choice, the response varies on Accept-Encoding. Streaming responses are left alone.
    """
    if response.streaming:
        return response
    patch_vary_headers(response, ("Accept-Encoding",))
    if accepts_gzip(request) and not response.has_header("Content-Encoding"):
        response.content = gzipped if gzipped is not None else compress(response.content)
        response["Content-Encoding"] = "gzip"
    return response


def etag_suffix(request) -> str:
    """Appended to a page's ETag: the gzip body is another representation, with another ETag."""
    return "-gzip" if accepts_gzip(request) else ""
