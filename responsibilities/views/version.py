"""A version's page: the current one at ``/services/<slug>/`` and every permalink.

HTML laid out like the published document, or the interchange JSON by content negotiation;
built from a fixed number of queries and kept in the page cache.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..caching.http import cache_headers, conditional
from ..caching.keys import page_key
from ..caching.store import cached_page
from ..formats import FORMATS
from ..letters import LETTERS
from ..matrices import matrix_load
from ..models import MatrixVersion
from ..reading.page import (
    filter_status_code,
    page_variant,
    reading_context,
    vary_for_readers,
    version_json_response,
    wants_json,
)
from .lookup import PageVersion, current_page, numbered_page
from .standing import version_standing


def _render_version(request, page: PageVersion, **extra):
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
        "download_formats": FORMATS.values(),
        "raci_letters": LETTERS,
        "standing": version_standing(page),
        **extra,
    }
    response = render(request, "responsibilities/version.html", context, status=filter_status_code(context))
    return vary_for_readers(response)


def version_page(request, page: PageVersion, **extra):
    """The rendered page of one published version, from the page cache when possible."""
    key = page_key(request, "version", page.identity, *extra.values(), variant=page_variant(request))
    return cached_page(request, key, lambda: _render_version(request, page, **extra), group=f"version:{page.pk}")


@require_safe
@conditional(current_page, variant=page_variant)
def service_current(request, slug):
    response = version_page(request, current_page(request, slug))
    return cache_headers(response, permalink=False)


@require_safe
@conditional(numbered_page, variant=page_variant)
def version_detail(request, slug, number):
    response = version_page(request, numbered_page(request, slug, number))
    return cache_headers(response, permalink=True)
