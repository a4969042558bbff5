"""Public read-only pages. Every page is built from a fixed number of queries."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import pages
from .filters import ServiceFilter
from .matrices import matrix_load
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


def _render_version(request, page: pages.PageVersion, **extra):
    version = MatrixVersion.objects.select_related("service").get(pk=page.pk)
    matrix = matrix_load(version)
    if wants_json(request):
        return version_json_response(version, matrix)
    context = {
        "service": version.service,
        "version": version,
        "matrix": matrix,
        "is_current": page.is_current,
        **reading_context(request, version, matrix),
        "download_formats": DOWNLOAD_LINKS,
        **pages.version_status(page),
        **extra,
    }
    response = render(request, "responsibilities/version.html", context, status=reading_status(context))
    return vary_for_readers(response)


def version_page(request, page: pages.PageVersion, **extra):
    """The rendered page of one published version, from the page cache when possible."""
    key = pages.page_key(request, "version", page.identity, *extra.values())
    return pages.cached_page(request, key, lambda: _render_version(request, page, **extra))


@require_safe
@pages.conditional(pages.current_page)
def service_current(request, slug):
    response = version_page(request, pages.current_page(request, slug))
    return pages.cache_headers(response, permalink=False)


@require_safe
@pages.conditional(pages.numbered_page)
def version_detail(request, slug, number):
    response = version_page(request, pages.numbered_page(request, slug, number))
    return pages.cache_headers(response, permalink=True)


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
