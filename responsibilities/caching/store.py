"""The page cache: rendered pages of published versions, in the shared cache and in memory.

A published version never changes, so its rendered page is kept under a key naming its
content (``keys``); publishing changes the key the current page is looked up under, so every
app server serves the new page at once without deleting anything. Each process also keeps the
pages it served last in memory, in front of the shared cache, and every page is kept with its
gzip body, compressed once.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from redis.exceptions import RedisError

from . import compression
from .redis_backend import cache_cleared

#: Rendered pages of published versions only depend on immutable rows: keep them a day.
PAGE_TTL = 24 * 60 * 60


class _PagesInMemory:
    """The pages this process served last, in front of the shared cache.

    Safe without any invalidation because a key names the content of its page (versions'
    fingerprints, the service): publishing changes the key the current page is looked up
    under, never the page stored under a key. It spares fetching a large page from Redis
    on every request. Clearing the shared cache still clears it: entries are tied to a
    generation token kept in the shared cache (one small read per request).

    An entry is ``(body, content type, gzipped body)`` (None for a body kept as it is).
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
    def _size(item: tuple[bytes, str, bytes | None]) -> int:
        return len(item[0]) + len(item[2] or b"")

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


def _variants_left(group: str) -> bool:
    """Whether one more page of ``group`` (a version's pages, a diff's) may be kept.

    Every filter the query string can ask for is a page of its own; a bound on how many of one
    version's pages are kept (``RACI_PAGE_VARIANTS_PER_VERSION``, default 64, counted for a
    day, as long as pages are kept) stops a flood of distinct filters from filling the cache:
    beyond it, pages are rendered and served without being kept.
    """
    key = f"raci:page-variants:{group}"
    if not cache.add(key, 0, PAGE_TTL) and cache.get(key) is None:
        return False  # the cache is unreachable (the page would not be kept anyway)
    try:
        return cache.incr(key) <= getattr(settings, "RACI_PAGE_VARIANTS_PER_VERSION", 64)
    except (ValueError, RedisError):  # expired meanwhile, or Redis unreachable: keep nothing new
        return False


def cached_page(request, key: str, render, *, compress: bool = True, group: str = "") -> HttpResponse:
    """The cached bytes of a page under ``key``, rendering (and keeping) them on a miss.

    The page is kept with its gzip body, compressed once here; each request gets the body
    its Accept-Encoding allows (``compression``). ``compress=False`` for bodies that are
    compressed already (XLSX, ODS): kept and sent as they are. Pages of one ``group`` are kept
    up to a bound (``_variants_left``).
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
        return compression.encode(response, request, gzipped) if compress else response
    response = render()
    gzipped = None
    if response.status_code == 200 and not response.streaming and (not group or _variants_left(group)):
        gzipped = compression.compress(response.content) if compress else None
        item = (response.content, response["Content-Type"], gzipped)
        cache.set(key, item, PAGE_TTL)
        if memory_key:
            pages_in_memory.put(memory_key, item)
    response["X-Page-Cache"] = "miss"
    return compression.encode(response, request, gzipped) if compress else response
