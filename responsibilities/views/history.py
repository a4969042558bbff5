"""A service's history: the list of its published versions, and the version "as of" a date."""

from __future__ import annotations

import re
from datetime import date

from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..caching.http import cache_headers
from ..models import Service
from .language import service_translations, version_language_links
from .lookup import in_force_page
from .version import version_page

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@require_safe
def version_history(request, slug):
    """Every published version, newest first, with what changed from the one before."""
    service = get_object_or_404(Service.objects.listed(), slug=slug)
    versions = list(
        service.versions.published()
        .order_by("-number")
        .only(
            "number",
            "last_updated",
            "change_summary",
            "diff_summary",
            "ar_override",
            "published_at",
            "service_id",
            "language",
        )
    )
    translations = service_translations(request, service.pk)
    for version in versions:
        source = version.language or service.source_language
        version.language_links = version_language_links(
            service.slug, version.number, translations.languages(version.number, source)
        )
    context = {"service": service, "versions": versions, "current": service.current_version}
    return cache_headers(render(request, "responsibilities/history.html", context), permalink=False)


@require_safe
def version_as_of(request, slug, day):
    """The version in force on ``day`` (YYYY-MM-DD): the latest one dated on or before it."""
    service = get_object_or_404(Service.objects.listed(), slug=slug)
    parsed = parse_day(day)
    if parsed is None:
        message = _("“%(day)s” is not a date: write it as YYYY-MM-DD, e.g. 2023-01-31.") % {"day": day}
        return _not_in_force(request, service, message)
    page = in_force_page(service, parsed)
    if page is None:
        first = service.versions.published().order_by("number").values_list("last_updated", flat=True).first()
        message = _("No version of %(service)s was in force on %(day)s: the first version dates from %(first)s.") % {
            "service": service.name,
            "day": _long_date(parsed),
            "first": _long_date(first),
        }
        return _not_in_force(request, service, message)
    response = version_page(request, page, as_of=parsed)
    return cache_headers(response, permalink=False)


def parse_day(day: str) -> date | None:
    if not _ISO_DAY.fullmatch(day):
        return None
    try:
        return date.fromisoformat(day)
    except ValueError:
        return None


def _long_date(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def _not_in_force(request, service, message):
    context = {"service": service, "message": message}
    return render(request, "responsibilities/not_in_force.html", context, status=404)
