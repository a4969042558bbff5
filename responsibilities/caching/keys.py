"""What a cached page and its ETag are named by: the page's content, its variant, the release.

A key names the content of its page (versions' fingerprints, the service, see
``views.lookup.PageVersion.identity``), what else its bytes depend on (language, query string,
negotiated type) and the release token, so publishing or deploying changes the key a page is
looked up under and nothing ever needs deleting.
"""

from __future__ import annotations

import hashlib

from django.utils.translation import get_language

from . import compression
from .release import release_token


def per_request(request, key, compute):
    """``compute()`` once per request for ``key`` (validators and the view ask the same things)."""
    memo = request.__dict__.setdefault("_raci_pages", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


#: The content language's parameter: pages name the language they *resolved* in their key
#: parts instead (``views.language.PageLanguage.identity``), so no spelling of it makes a new entry.
CONTENT_LANGUAGE_PARAMETER = "lang"


def _query_without_content_language(query: str) -> str:
    if CONTENT_LANGUAGE_PARAMETER + "=" not in query:
        return query
    kept = [pair for pair in query.split("&") if pair.split("=", 1)[0] != CONTENT_LANGUAGE_PARAMETER]
    return "&".join(kept)


def request_variant(request) -> str:
    """What else the bytes of a page depend on: release, interface language, query string, negotiated type.

    Not the raw ``?lang=``: the page's key parts name the content language it resolved to.
    """
    raw = "|".join(
        (
            release_token(),
            get_language() or "",
            _query_without_content_language(request.META.get("QUERY_STRING", "")),
            request.META.get("HTTP_ACCEPT", ""),
        )
    )
    return per_request(request, ("variant", raw), lambda: hashlib.sha256(raw.encode()).hexdigest()[:16])


def page_key(request, kind: str, *parts) -> str:
    """The page cache's key for a page of ``kind`` showing ``parts`` (content identities)."""
    return f"raci:page:{kind}:{'.'.join(str(part) for part in parts)}:{request_variant(request)}"


def page_etag(request, fingerprint: str, identity: str) -> str:
    """Starts with the version's fingerprint, so an auditor can recognise it; the rest changes
    with the banner (a newer version), the service, the variant and the release. The gzip body is
    another representation of the same page: its ETag ends in "-gzip"."""
    rest = hashlib.sha256(f"{identity}|{request_variant(request)}".encode()).hexdigest()[:16]
    return f"{fingerprint}.{rest}{compression.etag_suffix(request)}"


def download_key(version_pk: int, fingerprint: str, fmt: str, language: str = "") -> str:
    """A published version's file in one format: what it holds (the fingerprint: the version's,
    or its translation's in ``language``), the format and the release (whose writer made the
    bytes); no other request detail, so every reader shares it."""
    return f"raci:download:{version_pk}.{fingerprint}:{language}:{fmt}:{release_token()}"
