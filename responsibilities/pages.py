"""Which version a public URL shows, its HTTP validators, and the cache of rendered pages.

A published version never changes, so its rendered page is cached under a key made of
version primary keys (plus the service's current version, which the "superseded" banner
depends on, the language and the full query string). Publishing changes the service's
current version, so the current page and every banner move on at once, on every app
server, without deleting anything: no per-process state, no invalidation to forget.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from raci_project.cache import cache_cleared

from . import encoding
from .models import MatrixVersion, Service
from .prepared import PreparedFirst

#: Rendered pages of published versions only depend on immutable rows: keep them a day.
PAGE_TTL = 24 * 60 * 60
#: Browsers and proxies may reuse a permalink for this long before revalidating (only the
#: "superseded" banner can change on it).
PERMALINK_MAX_AGE = 300

FIELDS = (
    "pk",
    "number",
    "fingerprint",
    "published_at",
    "last_updated",
    "service_id",
    "service__slug",
    "service__current_version_id",
    "service__current_version__number",
    "service__current_version__published_at",
    "service__current_version__fingerprint",
    "service__name",
    "service__family",
    "service__description",
)


@dataclass(frozen=True)
class PageVersion:
    """The few facts about a published version a page needs before rendering anything."""

    pk: int
    number: int
    fingerprint: str
    published_at: datetime
    last_updated: date
    service_id: int
    slug: str
    current_pk: int
    current_number: int
    current_published_at: datetime
    current_fingerprint: str
    service_name: str
    service_family: str
    service_description: str

    @property
    def is_current(self) -> bool:
        return self.pk == self.current_pk

    @cached_property
    def identity(self) -> str:
        """What the page shows, named by content: this version, the current one, the service."""
        service = hashlib.sha256(
            "\x1f".join((self.service_name, self.service_family, self.service_description)).encode()
        ).hexdigest()
        return f"{self.pk}.{self.fingerprint[:20]}.{self.current_pk}.{self.current_fingerprint[:20]}.{service[:12]}"

    @property
    def last_modified(self) -> datetime:
        """When this page last changed: its publication, or the latest one after it (banner)."""
        return max(self.published_at, self.current_published_at)

    @classmethod
    def from_values(cls, values: dict) -> PageVersion:
        return cls(*(values[name] for name in FIELDS))


def _memo(request, key, compute):
    # The validators and the view ask for the same version: one query per request.
    memo = request.__dict__.setdefault("_raci_pages", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _first_or_404(queryset, message) -> PageVersion:
    values = queryset.values(*FIELDS).first()
    if values is None:
        raise Http404(message)
    return PageVersion.from_values(values)


#: Asked on every request for the current page, cached or not: compiled once (see prepared.py).
_CURRENT = PreparedFirst(
    MatrixVersion,
    # At most one row: no ORDER BY to build or run.
    lambda slug: (
        MatrixVersion.objects.published().filter(service__slug=slug, service__current_version=F("pk")).order_by()
    ),
    FIELDS,
)


def _current_or_404(slug) -> PageVersion:
    values = _CURRENT.first(slug)
    if values is None:
        raise Http404(_("This service has no published version yet."))
    return PageVersion.from_values(values)


def current_page(request, slug, **kwargs) -> PageVersion:
    """The service's current version (one query); 404 without a published one."""
    return _memo(request, ("current", slug), lambda: _current_or_404(slug))


def numbered_page(request, slug, number, **kwargs) -> PageVersion:
    """Published version ``number`` of the service (one query); drafts are 404."""
    return _memo(
        request,
        ("number", slug, number),
        lambda: _first_or_404(
            MatrixVersion.objects.published().filter(service__slug=slug, number=number),
            _("No published version %(number)s of this service.") % {"number": number},
        ),
    )


def in_force_page(service: Service, day: date) -> PageVersion | None:
    """The version in force on ``day`` (one query), or None before the first one."""
    values = service.versions.in_force_on(day).values(*FIELDS).first()
    return PageVersion.from_values(values) if values else None


# --- HTTP validators ----------------------------------------------------------------------


def _variant(request) -> str:
    """What else the bytes of a page depend on: language, query string, negotiated type."""
    raw = "|".join((get_language() or "", request.META.get("QUERY_STRING", ""), request.META.get("HTTP_ACCEPT", "")))
    return _memo(request, ("variant", raw), lambda: hashlib.sha256(raw.encode()).hexdigest()[:16])


def _etag(page: PageVersion, request) -> str:
    # Starts with the version's fingerprint, so an auditor can recognise it; the rest changes
    # with the banner (a newer version), the service's name and the language or filters. The
    # gzip body is another representation of the same page: its ETag ends in "-gzip".
    rest = hashlib.sha256(f"{page.identity}|{_variant(request)}".encode()).hexdigest()[:16]
    return f"{page.fingerprint}.{rest}{encoding.etag_suffix(request)}"


def conditional(resolve):
    """Send ETag / Last-Modified for the version ``resolve`` finds and answer 304 when fresh."""
    check = condition(
        etag_func=lambda request, *args, **kwargs: _etag(resolve(request, *args, **kwargs), request),
        last_modified_func=lambda request, *args, **kwargs: resolve(request, *args, **kwargs).last_modified,
    )

    def decorator(view):
        checked = check(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # A 304 must name the same Vary as the 200 it stands for (RFC 9110 §15.4.5).
            response = checked(request, *args, **kwargs)
            if response.status_code == 304:
                patch_vary_headers(response, ("Accept-Encoding",))
            return response

        return wrapper

    return decorator


def cache_headers(response: HttpResponse, *, permalink: bool) -> HttpResponse:
    """Permalinks may be reused for a while; the current page is revalidated every time."""
    if permalink:
        patch_cache_control(response, public=True, max_age=PERMALINK_MAX_AGE)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Accept", "Accept-Language", "Cookie"))
    return response


# --- Page cache ---------------------------------------------------------------------------


def page_key(request, kind: str, *parts) -> str:
    return f"raci:page:{kind}:{'.'.join(str(part) for part in parts)}:{_variant(request)}"


class _PagesInMemory:
    """The pages this process served last, in front of the shared cache.

    Safe without any invalidation because a key names the content of its page (versions'
    fingerprints, the service): publishing changes the key the current page is looked up
    under, never the page stored under a key. It spares fetching a large page from Redis
    on every request. Clearing the shared cache still clears it: entries are tied to a
    generation token kept in the shared cache (one small read per request).

    An entry is ``(body, content type, gzipped body)``.
    """

    GENERATION_KEY = "raci:pages:generation"

    def __init__(self):
        self._items: OrderedDict[str, tuple[bytes, str, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def _limit() -> int:
        return getattr(settings, "RACI_PAGES_IN_MEMORY_BYTES", 32 * 1024 * 1024)

    def get(self, key: str):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    @staticmethod
    def _size(item: tuple[bytes, str, bytes]) -> int:
        return len(item[0]) + len(item[2])

    def put(self, key: str, item: tuple[bytes, str, bytes]) -> None:
        limit = self._limit()
        if self._size(item) > limit // 4:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = item
            self._bytes += self._size(item)
            while self._bytes > limit:
                _, evicted = self._items.popitem(last=False)
                self._bytes -= self._size(evicted)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


pages_in_memory = _PagesInMemory()


def _read_generation() -> str:
    token = cache.get(_PagesInMemory.GENERATION_KEY)
    if token is None:
        cache.add(_PagesInMemory.GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(_PagesInMemory.GENERATION_KEY) or ""
    return token


class _Generation:
    """The shared cache's generation token, re-read at most every ``RACI_PAGES_GENERATION_RECHECK`` seconds.

    Only with a cache that announces its own clears (``ResilientRedisCache``): a clear by this
    process empties its pages at once, a clear by another process reaches it within that time.
    A hit on the current page thus costs no Redis round trip. Any other cache is asked every time.
    """

    def __init__(self):
        self._last: tuple[str, float] | None = None  # (token, when read), replaced as a whole

    @staticmethod
    def _recheck() -> float:
        if not getattr(cache, "announces_clear", False):
            return 0.0
        return getattr(settings, "RACI_PAGES_GENERATION_RECHECK", 1.0)

    def get(self) -> str:
        last, now = self._last, time.monotonic()
        if last is not None and now - last[1] < self._recheck():
            return last[0]
        token = _read_generation()
        self._last = (token, now)
        return token

    def forget(self, **kwargs) -> None:
        self._last = None
        pages_in_memory.clear()


_generation_token = _Generation()
cache_cleared.connect(_generation_token.forget, dispatch_uid="raci-pages-generation")


def _generation() -> str:
    return _generation_token.get()


def cached_page(request, key: str, render) -> HttpResponse:
    """The cached bytes of a page under ``key``, rendering (and keeping) them on a miss.

    The page is kept with its gzip body, compressed once here; each request gets the body
    its Accept-Encoding allows (``encoding``).
    """
    generation = _generation()
    memory_key = f"{generation}:{key}" if generation else ""
    hit = pages_in_memory.get(memory_key) if memory_key else None
    if hit is None:
        hit = cache.get(key)
        if hit is not None and len(hit) != 3:
            hit = None  # an entry written before gzip bodies were kept: render it again
        if hit is not None and memory_key:
            pages_in_memory.put(memory_key, hit)
    if hit is not None:
        content, content_type, gzipped = hit
        response = HttpResponse(content, content_type=content_type)
        response["X-Page-Cache"] = "hit"
        return encoding.encode(response, request, gzipped)
    response = render()
    gzipped = None
    if response.status_code == 200 and not response.streaming:
        gzipped = encoding.compress(response.content)
        item = (response.content, response["Content-Type"], gzipped)
        cache.set(key, item, PAGE_TTL)
        if memory_key:
            pages_in_memory.put(memory_key, item)
    response["X-Page-Cache"] = "miss"
    return encoding.encode(response, request, gzipped)


# --- Where a version stands -----------------------------------------------------------------


@dataclass(frozen=True)
class VersionStanding:
    """What the banner and links of a version page say about its place in the history."""

    number: int
    count: int
    is_current: bool
    superseded_on: date | None
    current_url: str
    history_url: str
    feed_url: str
    permalink: str
    previous_diff_url: str
    current_diff_url: str


def version_status(page: PageVersion) -> dict:
    """Banner and links for a version page (one query, for superseded versions only)."""
    superseded_on = None
    if not page.is_current:
        superseded_on = (
            MatrixVersion.objects.published()
            .filter(service_id=page.service_id, number=page.number + 1)
            .values_list("last_updated", flat=True)
            .first()
        )
    slug = page.slug
    return {
        "standing": VersionStanding(
            number=page.number,
            count=page.current_number,
            is_current=page.is_current,
            superseded_on=superseded_on,
            current_url=reverse("responsibilities:service", kwargs={"slug": slug}),
            history_url=reverse("responsibilities:history", kwargs={"slug": slug}),
            feed_url=reverse("responsibilities:service_feed", kwargs={"slug": slug}),
            permalink=reverse("responsibilities:version", kwargs={"slug": slug, "number": page.number}),
            previous_diff_url=reverse(
                "responsibilities:diff", kwargs={"slug": slug, "a": page.number - 1, "b": page.number}
            )
            if page.number > 1
            else "",
            current_diff_url=reverse("responsibilities:diff_current", kwargs={"slug": slug, "a": page.number})
            if not page.is_current
            else "",
        )
    }
