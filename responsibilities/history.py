"""Public pages about a service's history: the list of versions, "as of" a date, and diffs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import pages
from .diff import Row, version_diff
from .matrices import matrix_load
from .models import MatrixVersion, Service
from .views import version_page

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@require_safe
def version_history(request, slug):
    """Every published version, newest first, with what changed from the one before."""
    service = get_object_or_404(Service.objects.listed(), slug=slug)
    versions = list(
        service.versions.published()
        .order_by("-number")
        .only("number", "last_updated", "change_summary", "diff_summary", "ar_override", "published_at", "service_id")
    )
    context = {"service": service, "versions": versions, "current": service.current_version}
    return pages.cache_headers(render(request, "responsibilities/history.html", context), permalink=False)


@require_safe
def version_as_of(request, slug, day):
    """The version in force on ``day`` (YYYY-MM-DD): the latest one dated on or before it."""
    service = get_object_or_404(Service.objects.listed(), slug=slug)
    parsed = _parse_day(day)
    if parsed is None:
        message = _("“%(day)s” is not a date: write it as YYYY-MM-DD, e.g. 2023-01-31.") % {"day": day}
        return _not_in_force(request, service, message)
    page = pages.in_force_page(service, parsed)
    if page is None:
        first = service.versions.published().order_by("number").values_list("last_updated", flat=True).first()
        message = _("No version of %(service)s was in force on %(day)s: the first version dates from %(first)s.") % {
            "service": service.name,
            "day": _long_date(parsed),
            "first": _long_date(first),
        }
        return _not_in_force(request, service, message)
    response = version_page(request, page, as_of=parsed)
    return pages.cache_headers(response, permalink=False)


def _parse_day(day: str) -> date | None:
    if not _ISO_DAY.fullmatch(day):
        return None
    try:
        return date.fromisoformat(day)
    except ValueError:
        return None


def _long_date(day: date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j F Y")


def _not_in_force(request, service, message):
    context = {"service": service, "message": message}
    return render(request, "responsibilities/not_in_force.html", context, status=404)


@require_safe
def version_diff_page(request, slug, a, b=None):
    """What changed from version ``a`` to version ``b`` (the current one when ``b`` is None)."""
    wanted = Q(number__in=[a] if b is None else [a, b])
    if b is None:
        wanted |= Q(service__current_version=F("pk"))
    found = {
        values["number"]: pages.PageVersion.from_values(values)
        for values in MatrixVersion.objects.published().filter(service__slug=slug).filter(wanted).values(*pages.FIELDS)
    }
    if not found:
        raise Http404(_("No published version of this service."))
    current_number = next(iter(found.values())).current_number
    b = current_number if b is None else b
    if a not in found or b not in found:
        missing = a if a not in found else b
        raise Http404(_("No published version %(number)s of this service.") % {"number": missing})
    old, new = found[a], found[b]
    key = pages.page_key(request, "diff", old.identity, new.identity)
    response = pages.cached_page(request, key, lambda: _render_diff(request, old, new))
    return pages.cache_headers(response, permalink=True)


def _render_diff(request, old: pages.PageVersion, new: pages.PageVersion):
    versions = MatrixVersion.objects.select_related("service").in_bulk([old.pk, new.pk])
    old_version, new_version = versions[old.pk], versions[new.pk]
    diff = version_diff(matrix_load(old_version), matrix_load(new_version))
    context = {
        "service": new_version.service,
        "old": old_version,
        "new": new_version,
        "current_number": new.current_number,
        "diff": diff,
        "summary": diff.summary(),
        "added": _with_letters(diff.added, diff.new_parties),
        "removed": _with_letters(diff.removed, diff.old_parties),
    }
    return render(request, "responsibilities/diff.html", context)


@dataclass(frozen=True)
class LetteredRow:
    row: Row
    letters: list[str]


def _with_letters(rows: list[Row], parties: list[str]) -> list[LetteredRow]:
    return [LetteredRow(row, [row.activity.cells.get(party, "") for party in parties]) for row in rows]
