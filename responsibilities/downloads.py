"""Public downloads of a published version: /services/<slug>/versions/<n>.xlsx|.csv|.ods|.json|.md."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from .formats import FORMATS, write
from .matrices import matrix_load
from .models import MatrixVersion

DOWNLOAD_FORMATS = ("xlsx", "csv", "ods", "json", "md")


@require_safe
def version_download(request, slug, number, fmt):
    """Send one published version in a file format; drafts and unknown formats are 404."""
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404("Unknown download format.")
    version = get_object_or_404(MatrixVersion.objects.published(), service__slug=slug, number=number)
    response = HttpResponse(write(matrix_load(version), fmt), content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{slug}-v{number}.{fmt}")
    # A published version never changes, so its files can be cached like its permalink.
    response["Cache-Control"] = "public, max-age=86400"
    if version.fingerprint:
        response["ETag"] = f'"{version.fingerprint[:32]}-{fmt}"'
    return response
