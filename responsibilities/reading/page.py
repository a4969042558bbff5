"""What a version page adds for its readers: filters, row counts, the summary, JSON by content negotiation.

Everything here works on the version and plain matrix the view already loaded: no query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import JsonResponse
from django.utils.cache import patch_vary_headers

from ..caching.keys import per_request
from ..filters import MatrixFilter, customer_party, filter_blocks, matrix_filter_params, row_count
from ..formats.json_format import as_dict, fingerprint
from ..formats.matrix import Matrix
from ..models import MatrixVersion
from .blocks import matrix_blocks
from .responsibility_summary import responsibility_summary

HTML, JSON = "text/html", "application/json"


@dataclass(frozen=True)
class ShownParty:
    """A party column as the page shows it: the version's slug (the same in every language), its shown name."""

    slug: str
    name: str


def wants_json(request) -> bool:
    """True when the client prefers JSON to HTML (``Accept: application/json``)."""
    return request.get_preferred_type([HTML, JSON]) == JSON


def version_document(
    version: MatrixVersion, matrix: Matrix, *, languages: Sequence[str] = (), translation_fingerprint: str = ""
) -> dict:
    """The interchange JSON of a version: the nested matrix plus its SHA-256 fingerprint.

    In a translation (``matrix.language``) the fingerprint is the translation's. ``languages``
    (the version's, its own first) are listed only when there is more than one: the document
    of a version without translations stays what it was before translations existed.
    """
    document = as_dict(matrix)
    if matrix.language:
        document["fingerprint"] = translation_fingerprint or fingerprint(matrix)
    else:
        document["fingerprint"] = version.fingerprint or fingerprint(matrix)
    if len(languages) > 1:
        document["languages"] = list(languages)
    return document


def version_json_response(
    version: MatrixVersion, matrix: Matrix, *, languages: Sequence[str] = (), translation_fingerprint: str = ""
) -> JsonResponse:
    document = version_document(version, matrix, languages=languages, translation_fingerprint=translation_fingerprint)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    patch_vary_headers(response, ["Accept"])
    return response


def reading_context(request, version: MatrixVersion, matrix: Matrix) -> dict:
    """Context for the filter form, the filtered rows, the row counts and the responsibility summary."""
    parties = sorted(version.parties.all(), key=lambda party: (party.order, party.pk))
    # The customer is a fact of the version, found by the names it is written with; a
    # translation only renames the columns (``matrix.parties``, in the same order).
    customer_index = parties.index(customer_party(parties)) if parties else None
    parties = [ShownParty(party.slug, name) for party, name in zip(parties, matrix.parties, strict=True)]
    params = matrix_filter_params(request.GET)
    matrix_filter = MatrixFilter(params or None, parties=parties)
    criteria = matrix_filter.criteria
    all_blocks = matrix_blocks(matrix)
    blocks = filter_blocks(all_blocks, criteria)
    customer = parties[customer_index] if customer_index is not None else None
    described = []
    if criteria.party_index is not None:
        described.append(parties[criteria.party_index].name)
    if criteria.letter:
        described.append(criteria.letter)
    if criteria.words:
        described.append(" ".join(f"“{word}”" for word in criteria.words))
    customer_query = urlencode({"party": customer.slug, "letter": "R"}) if customer else ""
    return {
        "blocks": blocks,
        "filter": matrix_filter,
        "filter_active": criteria.active,
        "filter_description": " · ".join(described),
        "rows_shown": row_count(blocks),
        "rows_total": row_count(all_blocks),
        "customer_party": customer,
        "customer_query": customer_query,
        # The language switcher comes back here: the page's own address, without unknown parameters.
        "page_address": f"{request.path}?{urlencode(params)}" if params else request.path,
        "summary": responsibility_summary(matrix),
    }


def page_variant(request) -> dict[str, str]:
    """What a version page's bytes depend on besides its versions (its page-cache key and ETag):
    HTML with the filter's parameters, or the JSON (which filters do not change). Worked out once
    per request: the ETag and the page-cache key both ask."""
    return per_request(request, "page_variant", lambda: _page_variant(request))


def _page_variant(request) -> dict[str, str]:
    if wants_json(request):
        return {"type": "json"}
    return {"type": "html", "filter": urlencode(matrix_filter_params(request.GET))}


def filter_status_code(context: dict) -> int:
    """400 when the request carried a filter value that does not exist (the page says which)."""
    return 400 if context["filter"].is_bound and context["filter"].form.errors else 200


def vary_for_readers(response):
    """The page depends on the Accept header (HTML or JSON) and on the language cookie."""
    patch_vary_headers(response, ["Accept", "Cookie"])
    return response
