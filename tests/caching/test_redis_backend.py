"""The Redis cache backend: Django's RedisCache, which survives a Redis outage as an empty cache."""

import time

import pytest
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from bench.load import free_port
from responsibilities.caching import redis_backend as resilient
from tests.factories import make_version
from tests.redis_server import TEST_REDIS_URL, needs_redis


@pytest.fixture(autouse=True)
def _no_outage(monkeypatch):
    monkeypatch.setattr(resilient._Outage, "until", 0.0)


def backend(location, **options):
    return resilient.ResilientRedisCache(
        location, {"KEY_PREFIX": "test-cache", "OPTIONS": {"socket_connect_timeout": 0.5, **options}}
    )


def test_an_unreachable_redis_is_an_empty_cache_and_logged_once(caplog):
    cache = backend(f"redis://127.0.0.1:{free_port()}/0")
    with caplog.at_level("WARNING", logger="responsibilities.caching.redis_backend"):
        assert cache.get("page", "missing") == "missing"
        cache.set("page", b"html", 60)
        assert cache.get_many(["page", "other"]) == {}
        assert cache.add("page", b"html") is False
        assert cache.has_key("page") is False
        assert cache.delete("page") is False
        assert cache.set_many({"a": 1}) == []
        cache.delete_many(["a"])
    assert [record.message for record in caplog.records if "Redis cache unavailable" in record.message] != []
    assert len(caplog.records) == 1


def test_during_an_outage_redis_is_not_tried_again_for_a_few_seconds(monkeypatch):
    cache = backend(f"redis://127.0.0.1:{free_port()}/0")
    attempts = []

    def refuse(self, key=None, *, write=False):
        attempts.append(key)
        raise RedisConnectionError("refused")

    monkeypatch.setattr(resilient.ResilientRedisCacheClient, "get_client", refuse)
    assert cache.get("page", "fallback") == "fallback"
    assert len(attempts) == 1 and resilient._Outage.active()
    assert cache.get("page", "fallback") == "fallback"
    cache.set("page", b"html", 60)
    assert len(attempts) == 1
    # Once the pause is over, Redis is asked again.
    monkeypatch.setattr(resilient._Outage, "until", time.monotonic() - 1)
    cache.get("page")
    assert len(attempts) == 2


def test_counters_and_flushes_still_fail_loudly():
    cache = backend(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(RedisConnectionError):
        cache.clear()
    with pytest.raises(RedisConnectionError):
        cache.incr("counter")


@needs_redis
def test_a_reachable_redis_stores_values():
    cache = backend(TEST_REDIS_URL)
    cache.set("page", (b"<html>", "text/html"), 30)
    assert cache.get("page") == (b"<html>", "text/html")
    assert cache.delete("page") is True
    assert cache.get("page") is None


@needs_redis
def test_the_redis_client_is_made_once_per_pool_and_keeps_working():
    cache = backend(TEST_REDIS_URL)
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set("again", b"1", 30)
    assert cache.get("again") == b"1" and cache.delete("again") is True


@pytest.mark.django_db
def test_public_pages_are_served_while_redis_is_down(client):
    version = make_version(activities=5)
    dead = {
        "BACKEND": "responsibilities.caching.redis_backend.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5},
    }
    with override_settings(CACHES={"default": dead}):
        for url in ["/", f"/services/{version.service.slug}/", f"/services/{version.service.slug}/versions/1/"]:
            assert client.get(url).status_code == 200
