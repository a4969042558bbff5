"""ETag and 304 on every read of the API.

A view that can name its content before building it (a published version: its fingerprint)
answers a fresh client's ``If-None-Match`` with 304 before any work (``fresh``); every other
read gets an ETag of the bytes it sends (``ReadView``), so a client revalidating an unchanged
list also gets its 304.
"""

from __future__ import annotations

import hashlib

from django.utils.cache import get_conditional_response, quote_etag
from rest_framework.views import APIView

from ..caching.keys import page_etag


def version_etag(request, *pages, extra: str = "", variant: dict[str, str] | None = None) -> str:
    """The ETag of a read showing these published versions (content, path, variant, release);
    ``extra`` names whatever else it shows (the versions' translations)."""
    identity = "|".join(f"{page.pk}.{page.fingerprint}" for page in pages) + f"|{extra}"
    return quote_etag(page_etag(request, pages[-1].fingerprint, identity, variant))


def fresh(request, etag: str, last_modified=None):
    """The 304 to answer when the client's copy (``If-None-Match``) is this one, else None."""
    timestamp = int(last_modified.timestamp()) if last_modified else None
    return get_conditional_response(request, etag=etag, last_modified=timestamp)


class ReadView(APIView):
    """A read: GET and HEAD only, with an ETag on every 200 and a 304 for a fresh client."""

    http_method_names = ["get", "head", "options"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if not response.has_header("ETag"):
            if hasattr(response, "render"):
                response.render()
            response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        return get_conditional_response(request, etag=response["ETag"], response=response)
