"""What changed between two published versions of a service (``/services/<slug>/diff/<a>/<b>/``)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..caching.http import cache_headers
from ..caching.keys import page_key
from ..caching.matchings import published_diff
from ..caching.store import cached_page
from ..matrices import matrix_load
from ..models import MatrixVersion
from ..reading.diff_tables import diff_tables
from .lookup import PageVersion, versions_for_diff


@require_safe
def version_diff_page(request, slug, a, b=None):
    """What changed from version ``a`` to version ``b`` (the current one when ``b`` is None)."""
    found = versions_for_diff(slug, a, b)
    if not found:
        raise Http404(_("No published version of this service."))
    current_number = next(iter(found.values())).current_number
    b = current_number if b is None else b
    if a not in found or b not in found:
        missing = a if a not in found else b
        raise Http404(_("No published version %(number)s of this service.") % {"number": missing})
    old, new = found[a], found[b]
    # The diff page reads no query parameter: every query string shares its one entry.
    key = page_key(request, "diff", old.identity, new.identity)
    response = cached_page(request, key, lambda: _render_diff(request, old, new), group=f"diff:{old.pk}.{new.pk}")
    return cache_headers(response, permalink=True)


def _render_diff(request, old: PageVersion, new: PageVersion):
    versions = MatrixVersion.objects.select_related("service").in_bulk([old.pk, new.pk])
    old_version, new_version = versions[old.pk], versions[new.pk]
    diff = published_diff(
        matrix_load(old_version),
        matrix_load(new_version),
        old_fingerprint=old.fingerprint,
        new_fingerprint=new.fingerprint,
    )
    context = {
        "service": new_version.service,
        "old": old_version,
        "new": new_version,
        "current_number": new.current_number,
        "diff": diff,
        "summary": diff.summary(),
        "tables": diff_tables(diff),
        "page_address": request.path,
    }
    return render(request, "responsibilities/diff.html", context)
