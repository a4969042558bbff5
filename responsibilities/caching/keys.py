"""What a cached page and its ETag are named by: the page's content, what else it depends on, the release.

A key names the content of its page (versions' fingerprints, the slug, see
``views.lookup.PageVersion.identity``), what else its bytes depend on and nothing more, so
publishing or deploying changes the key a page is looked up under and nothing ever needs
deleting, while requests that get the same bytes share one entry:

- the page's canonical path (``/services/<slug>/`` and ``/versions/3/`` are two pages; other
  spellings of an address are redirected to it first, ``views.addresses``);
- the interface language;
- the page's *variant*: what the view says its bytes depend on, as names and values: the
  known filter parameters, normalised (``filters.matrix_filter_params``), and the negotiated
  type (``html``/``json``). A view adds what else it depends on to its variant (the content
  language, for instance). Unknown query parameters and raw headers never reach a key, so a
  ``?poll=N`` flood or exotic ``Accept`` headers all share one entry;
- the release token (``release``), so a new release never serves a page rendered by the old one.
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


def request_variant(request, variant: dict[str, str]) -> str:
    """A short name for everything but the content a page's bytes depend on (see the module)."""
    parts = [release_token(), request.path, get_language() or ""]
    parts += [f"{name}={value}" for name, value in sorted(variant.items())]
    raw = "\x1f".join(parts)
    return per_request(request, ("variant", raw), lambda: hashlib.sha256(raw.encode()).hexdigest()[:16])


def page_key(request, kind: str, *parts, variant: dict[str, str] | None = None) -> str:
    """The page cache's key for a page of ``kind`` showing ``parts`` (content identities)."""
    return f"raci:page:{kind}:{'.'.join(str(part) for part in parts)}:{request_variant(request, variant or {})}"


def page_etag(request, fingerprint: str, identity: str, variant: dict[str, str] | None = None) -> str:
    """Starts with the version's fingerprint, so an auditor can recognise it; the rest changes
    with the banner (a newer version), the slug, the variant and the release. The gzip body is
    another representation of the same page: its ETag ends in "-gzip"."""
    rest = hashlib.sha256(f"{identity}|{request_variant(request, variant or {})}".encode()).hexdigest()[:16]
    return f"{fingerprint}.{rest}{compression.etag_suffix(request)}"


def download_key(version_pk: int, fingerprint: str, fmt: str, language: str = "") -> str:
    """A published version's file in one format: what it holds (the fingerprint: the version's,
    or its translation's in ``language``), the format and the release (whose writer made the
    bytes); no other request detail, so every reader shares it."""
    return f"raci:download:{version_pk}.{fingerprint}:{language}:{fmt}:{release_token()}"
