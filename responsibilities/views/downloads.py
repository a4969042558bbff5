"""Public downloads of a published version: ``/services/<slug>/versions/<n>.<format>``, any format of the registry.

A published version never changes, so each file is written once per format and release and
kept in the page cache (``caching.keys.download_key``); a download then costs one query.
"""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import condition, require_safe

from ..caching import compression
from ..caching.keys import download_key, per_request
from ..caching.release import release_token
from ..caching.store import cached_page
from ..formats import FORMATS, write
from ..matrices import matrix_load
from ..models import MatrixVersion


def _published(request, slug, number) -> tuple[int, str] | None:
    """(pk, fingerprint) of the published version, once per request (validators and view ask)."""
    return per_request(
        request,
        ("download", slug, number),
        lambda: (
            MatrixVersion.objects.published()
            .filter(service__slug=slug, number=number)
            .values_list("pk", "fingerprint")
            .first()
        ),
    )


def _etag(request, slug, number, fmt):
    """A published version never changes: its fingerprint, the format and the release (whose
    writer made the file) identify every file made from it; a gzip body is another one."""
    found = _published(request, slug, number) if fmt in FORMATS else None
    if not found or not found[1]:
        return None
    gzip = compression.etag_suffix(request) if not FORMATS[fmt].binary else ""
    return f"{found[1]}-{fmt}-{release_token()}{gzip}"


@require_safe
@condition(etag_func=_etag)
def version_download(request, slug, number, fmt):
    """Send one published version in a file format; drafts and unknown formats are 404."""
    found = _published(request, slug, number) if fmt in FORMATS else None
    if found is None:
        raise Http404("No such download.")
    pk, fingerprint = found
    content_type = FORMATS[fmt].content_type

    def render():
        return HttpResponse(write(matrix_load(MatrixVersion(pk=pk)), fmt), content_type=content_type)

    if fingerprint:
        response = cached_page(request, download_key(pk, fingerprint, fmt), render, compress=not FORMATS[fmt].binary)
    else:  # a version published before fingerprints were kept: not worth a cache entry
        response = render()
    response["Content-Disposition"] = content_disposition_header(True, f"{slug}-v{number}.{fmt}")
    response["Cache-Control"] = "public, max-age=86400"
    return response
