"""Django's Redis cache, made to survive a Redis outage.

The cache only holds rendered pages under keys derived from the database (a publish changes
the key, nothing is ever deleted to stay correct), so an unreachable Redis can safely be
treated as an empty cache: pages are rendered from the database, slower but correct, instead
of every request failing. After a failure the process leaves Redis alone for a few seconds,
so readers do not each wait for a connection timeout.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: Seconds a process skips Redis after a failure before trying again.
RETRY_AFTER = 5.0

#: Sent after this process cleared the shared cache, so what it keeps in memory can follow.
cache_cleared = Signal()


class _Outage:
    """When this process may try Redis again (shared by every thread's cache instance)."""

    lock = threading.Lock()
    until = 0.0

    @classmethod
    def active(cls) -> bool:
        return time.monotonic() < cls.until

    @classmethod
    def start(cls, error: Exception) -> None:
        with cls.lock:
            first = not cls.active()
            cls.until = time.monotonic() + RETRY_AFTER
        if first:
            logger.warning("Redis cache unavailable (%s): serving without it for %.0f s", error, RETRY_AFTER)


def _tolerant(method, fallback):
    """``method``, or ``fallback(*args)`` when Redis fails or failed a moment ago."""

    def call(self, *args):
        if _Outage.active():
            return fallback(*args)
        try:
            return method(self, *args)
        except RedisError as error:
            _Outage.start(error)
            return fallback(*args)

    call.__name__ = method.__name__
    return call


def _nothing(*args):
    return None


def _false(*args):
    return False


class ResilientRedisCacheClient(RedisCacheClient):
    """Misses instead of errors: reads find nothing and writes are dropped while Redis is down."""

    get = _tolerant(RedisCacheClient.get, lambda key, default: default)
    get_many = _tolerant(RedisCacheClient.get_many, lambda keys: {})
    has_key = _tolerant(RedisCacheClient.has_key, _false)
    add = _tolerant(RedisCacheClient.add, _false)
    set = _tolerant(RedisCacheClient.set, _nothing)
    set_many = _tolerant(RedisCacheClient.set_many, lambda data, timeout: [])
    touch = _tolerant(RedisCacheClient.touch, _false)
    delete = _tolerant(RedisCacheClient.delete, _false)
    delete_many = _tolerant(RedisCacheClient.delete_many, _nothing)
    # incr and clear keep raising: a counter or an explicit flush must not pretend to work.

    def get_client(self, key=None, *, write=False):
        """One ``redis.Redis`` per connection pool, made once: Django makes a new one per call,
        and building its table of response callbacks cost a cached page more than the GET itself.
        (A client is a thin, thread-safe handle on its pool.)"""
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's ``RedisCache`` with the client above (same LOCATION and OPTIONS)."""

    #: ``clear()`` sends ``cache_cleared`` (the page cache relies on it: ``caching.store``).
    announces_clear = True

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def clear(self):
        try:
            return super().clear()
        finally:
            cache_cleared.send(sender=type(self))
