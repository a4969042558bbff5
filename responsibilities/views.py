"""Public read-only pages. Every page is built from a fixed number of queries."""

from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .filters import ServiceFilter
from .matrices import matrix_from_version
from .models import MatrixVersion, Service
from .reading import reading_context, reading_status, vary_for_readers, version_json_response, wants_json

DOWNLOAD_LINKS = [("xlsx", "Excel (XLSX)"), ("csv", "CSV"), ("ods", "ODS"), ("json", "JSON"), ("md", "Markdown")]


@require_safe
def catalogue(request):
    service_filter = ServiceFilter(request.GET or None, queryset=Service.objects.listed().with_summary())
    services = service_filter.qs if service_filter.is_bound else service_filter.queryset
    context = {"services": services, "filter": service_filter}
    response = render(request, "responsibilities/catalogue.html", context, status=400 if service_filter.errors else 200)
    return vary_for_readers(response)


def _render_version(request, version: MatrixVersion, *, is_current: bool):
    matrix = matrix_from_version(version)
    if wants_json(request):
        return version_json_response(version, matrix)
    context = {
        "service": version.service,
        "version": version,
        "matrix": matrix,
        "is_current": is_current,
        **reading_context(request, version, matrix),
        "download_formats": DOWNLOAD_LINKS,
    }
    response = render(request, "responsibilities/version.html", context, status=reading_status(context))
    return vary_for_readers(response)


@require_safe
def service_current(request, slug):
    service = get_object_or_404(Service.objects.select_related("current_version"), slug=slug)
    if service.current_version_id is None:
        raise Http404(_("This service has no published version yet."))
    version = MatrixVersion.objects.with_matrix().get(pk=service.current_version_id)
    return _render_version(request, version, is_current=True)


@require_safe
def version_detail(request, slug, number):
    version = get_object_or_404(MatrixVersion.objects.published().with_matrix(), service__slug=slug, number=number)
    return _render_version(request, version, is_current=version.service.current_version_id == version.pk)


@never_cache
@require_safe
def healthz(request):
    """Answer 200 "ok" when the database answers (for load balancers), 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    # Load balancers often probe with HEAD, which must carry no body (RFC 9110).
    return HttpResponse("" if request.method == "HEAD" else "ok", content_type="text/plain")
