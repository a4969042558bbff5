"""A version's page: the current one at ``/services/<slug>/`` and every permalink.

HTML laid out like the published document, or the interchange JSON by content negotiation, in
the language ``?lang=`` (else the interface language) chooses among the version's; built from
a fixed number of queries and kept in the page cache.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..caching.http import cache_headers, conditional
from ..caching.keys import page_key
from ..caching.store import cached_page
from ..formats import FORMATS
from ..letters import LETTERS
from ..models import MatrixVersion
from ..reading.page import (
    filter_status_code,
    page_variant,
    reading_context,
    vary_for_readers,
    version_json_response,
    wants_json,
)
from ..translations.reading import matrix_in_language
from .language import PageLanguage, address_in_language, asked_language, content_language_context, page_language
from .lookup import PageVersion, current_page, numbered_page
from .standing import version_standing


def _render_version(request, page: PageVersion, language: PageLanguage, **extra):
    version = MatrixVersion.objects.select_related("service").get(pk=page.pk)
    matrix = matrix_in_language(version, language.shown)
    if wants_json(request):
        return version_json_response(
            version, matrix, languages=language.languages, translation_fingerprint=language.fingerprint
        )
    context = {
        "service": version.service,
        "version": version,
        "matrix": matrix,
        "is_current": page.is_current,
        **reading_context(request, version, matrix),
        "download_formats": FORMATS.values(),
        "raci_letters": LETTERS,
        "standing": version_standing(page),
        "content": content_language_context(request, page, language),
        **extra,
    }
    # The language switcher comes back to this page in the language it shows.
    context["page_address"] = address_in_language(context["page_address"], language.choice.query_value)
    response = render(request, "responsibilities/version.html", context, status=filter_status_code(context))
    return vary_for_readers(response)


def _language_key(request, page: PageVersion) -> str:
    """What the page cache key and ETag add for the language, without a query when they can.

    Without ``?lang=`` the interface language (in every key) and ``page.identity`` (which
    names the service's latest translation) fix which language is shown: no query. With it,
    the language it resolves to (one query), never the raw value.
    """
    if asked_language(request) is None:
        return ""
    return page_language(request, page).identity


class LanguagePage:
    """A version page in one language: what its ETag and Last-Modified name (``caching.http.conditional``)."""

    def __init__(self, request, page: PageVersion):
        self.page = page
        #: The ETag starts with the version's fingerprint, so an auditor recognises it in any language.
        self.fingerprint = page.fingerprint
        self.identity = f"{page.identity}.{_language_key(request, page)}"
        self.last_modified = page.last_modified


def current_in_language(request, slug, **kwargs) -> LanguagePage:
    return LanguagePage(request, current_page(request, slug))


def numbered_in_language(request, slug, number, **kwargs) -> LanguagePage:
    return LanguagePage(request, numbered_page(request, slug, number))


def version_page(request, page: PageVersion, **extra):
    """The rendered page of one published version, from the page cache when possible."""
    variant = {**page_variant(request), "lang": _language_key(request, page)}
    key = page_key(request, "version", page.identity, *extra.values(), variant=variant)
    return cached_page(
        request,
        key,
        lambda: _render_version(request, page, page_language(request, page), **extra),
        group=f"version:{page.pk}",
    )


@require_safe
@conditional(current_in_language, variant=page_variant)
def service_current(request, slug):
    response = version_page(request, current_page(request, slug))
    return cache_headers(response, permalink=False)


@require_safe
@conditional(numbered_in_language, variant=page_variant)
def version_detail(request, slug, number):
    response = version_page(request, numbered_page(request, slug, number))
    return cache_headers(response, permalink=True)
