"""What changed between two published versions of a service (``/services/<slug>/diff/<a>/<b>/``).

In the language ``?lang=`` (else the interface language) chooses among the languages *both*
versions have; otherwise in the language they are written in. The rows are paired as the
versions themselves pair them (the matching of the written versions, kept by their
fingerprints), so a diff counts the same changes in every language: a translation renames
rows and columns, it never adds, moves or reassigns them.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..caching.http import cache_headers
from ..caching.keys import page_key
from ..caching.matchings import published_diff, stored_matching
from ..caching.store import cached_page
from ..diff import version_diff
from ..matrices import matrix_load
from ..models import MatrixVersion
from ..reading.diff_tables import diff_tables
from ..reading.languages import LanguageChoice, choose_language, language_name
from ..translations.reading import matrix_in_language
from .language import LANG, address_in_language, asked_language, service_translations
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
    # The diff page reads no query parameter but ?lang=. Without it the interface language (in
    # every key) and the versions' identities (which name the service's latest translation) fix
    # the language: no query for the key. With it, the language it resolves to, never the raw value.
    language = ""
    if asked_language(request) is not None:
        choice, fingerprints = _diff_language(request, old, new)
        digest = hashlib.sha256(f"{choice.shown}|{choice.explicit}|{choice.unavailable}|{fingerprints}".encode())
        language = digest.hexdigest()[:16]
    key = page_key(request, "diff", old.identity, new.identity, variant={"lang": language} if language else None)
    response = cached_page(
        request,
        key,
        lambda: _render_diff(request, old, new, _diff_language(request, old, new)[0]),
        group=f"diff:{old.pk}.{new.pk}",
    )
    return cache_headers(response, permalink=True)


def _diff_language(request, old: PageVersion, new: PageVersion) -> tuple[LanguageChoice, str]:
    """The language of the diff, among those both versions have, and its translations' fingerprints (one query)."""
    translations = service_translations(request, new.service_id)
    source = new.language
    old_languages = translations.languages(old.number, old.language)
    common = [code for code in translations.languages(new.number, source) if code in old_languages]
    choice = choose_language(asked_language(request), get_language(), common or [source], source)
    if choice.is_source:
        return choice, ""
    pair = (translations.by_number[old.number][choice.shown], translations.by_number[new.number][choice.shown])
    return choice, f"{pair[0].fingerprint}.{pair[1].fingerprint}"


def _render_diff(request, old: PageVersion, new: PageVersion, choice: LanguageChoice):
    versions = MatrixVersion.objects.select_related("service").in_bulk([old.pk, new.pk])
    old_version, new_version = versions[old.pk], versions[new.pk]
    old_matrix = new_matrix = None
    if choice.is_source:
        diff = published_diff(
            matrix_load(old_version),
            matrix_load(new_version),
            old_fingerprint=old.fingerprint,
            new_fingerprint=new.fingerprint,
        )
    else:
        old_matrix = matrix_in_language(old_version, choice.shown)
        new_matrix = matrix_in_language(new_version, choice.shown)
        # The rows are paired as in the versions as written, whatever language the page shows.
        matching = stored_matching(old.fingerprint, new.fingerprint)
        try:
            diff = version_diff(old_matrix, new_matrix, matching=matching) if matching is not None else None
        except ValueError:  # pairs kept for other rows: match the versions as written again
            diff = None
        if diff is None:
            written = published_diff(
                matrix_load(old_version),
                matrix_load(new_version),
                old_fingerprint=old.fingerprint,
                new_fingerprint=new.fingerprint,
            )
            diff = version_diff(old_matrix, new_matrix, matching=written.matching())
    interface = get_language()
    context = {
        "service": new_version.service,
        "old": old_version,
        "new": new_version,
        "new_change_summary": new_matrix.change_summary if new_matrix else new_version.change_summary,
        "current_number": new.current_number,
        "diff": diff,
        "summary": diff.summary(),
        "tables": diff_tables(diff),
        "content": {
            "shown": choice.shown,
            "shown_name": language_name(choice.shown, interface),
            "is_source": choice.is_source,
            # Asked for a language the two versions do not both have: the page says so.
            "unavailable": choice.unavailable,
            "query": f"?{urlencode({LANG: choice.query_value})}" if choice.query_value else "",
        },
        "page_address": address_in_language(request.path, choice.query_value),
    }
    return render(request, "responsibilities/diff.html", context)
