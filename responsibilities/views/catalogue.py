"""The catalogue: every service with a published version, once, in the reader's language where it can be.

Filtered by family and words (in the service, its current version, or that version's translations).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Max
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ..filters import ServiceFilter
from ..models import Service
from ..reading.languages import best_match, language_name
from ..reading.page import vary_for_readers
from ..translations.models import Translation
from .language import LANG, LanguageLink


@require_safe
def catalogue(request):
    service_filter = ServiceFilter(request.GET or None, queryset=Service.objects.listed().with_summary())
    services = list(service_filter.qs if service_filter.is_bound else service_filter.queryset)
    _add_languages(services)
    context = {"services": services, "filter": service_filter}
    response = render(request, "responsibilities/catalogue.html", context, status=400 if service_filter.errors else 200)
    return vary_for_readers(response)


@dataclass(frozen=True)
class LanguageBehind:
    """A language the service is translated into, but only up to an older version."""

    code: str
    name: str  # in the reader's language
    number: int
    url: str


def _add_languages(services: list[Service]) -> None:
    """Give each service its current version's title in the reader's language (``shown_title``,
    ``shown_language``), links to that version's languages, and the languages that are behind.
    Two queries whatever the number of services."""
    if not services:
        return
    ids = [service.pk for service in services]
    current = Translation.objects.latest_published().filter(
        version__service_id__in=ids, version=F("version__service__current_version")
    )
    titles: dict[int, dict[str, str]] = defaultdict(dict)
    for service_id, language, title in current.values_list("version__service_id", "language", "title"):
        titles[service_id][language] = title
    newest: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Translation.objects.published()
        .filter(version__service_id__in=ids)
        .order_by()
        .values("version__service_id", "language")
        .annotate(number=Max("version__number"))
        .values_list("version__service_id", "language", "number")
    )
    for service_id, language, number in rows:
        newest[service_id][language] = number
    interface = get_language()
    for service in services:
        version = service.current_version
        source = version.language or service.source_language
        translated = titles.get(service.pk, {})
        languages = [source, *sorted(code for code in translated if code != source)]
        shown = best_match(interface or "", languages) or source
        service.shown_language = shown
        service.shown_title = translated.get(shown) or version.title
        url = service.get_absolute_url()
        service.language_links = [
            LanguageLink(code, language_name(code), f"{url}?{urlencode({LANG: code})}") for code in languages
        ]
        service.languages_behind = [
            LanguageBehind(
                code,
                language_name(code, interface),
                number,
                reverse("responsibilities:version", kwargs={"slug": service.slug, "number": number})
                + f"?{urlencode({LANG: code})}",
            )
            for code, number in sorted(newest.get(service.pk, {}).items())
            if number < version.number and code not in translated
        ]
