"""Public downloads of a published version: ``/services/<slug>/versions/<n>.<format>``, any format of the registry."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import condition, require_safe

from ..caching.release import release_token
from ..formats import FORMATS, write
from ..matrices import matrix_load
from ..models import MatrixVersion


def _etag(request, slug, number, fmt):
    """A published version never changes: its fingerprint, the format and the release (whose
    writer made the file) identify every file made from it."""
    fingerprint = (
        MatrixVersion.objects.published()
        .filter(service__slug=slug, number=number)
        .values_list("fingerprint", flat=True)
        .first()
    )
    return f"{fingerprint}-{fmt}-{release_token()}" if fingerprint and fmt in FORMATS else None


@require_safe
@condition(etag_func=_etag)
def version_download(request, slug, number, fmt):
    """Send one published version in a file format; drafts and unknown formats are 404."""
    if fmt not in FORMATS:
        raise Http404("Unknown download format.")
    version = get_object_or_404(MatrixVersion.objects.published(), service__slug=slug, number=number)
    response = HttpResponse(write(matrix_load(version), fmt), content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{slug}-v{number}.{fmt}")
    response["Cache-Control"] = "public, max-age=86400"
    return response
