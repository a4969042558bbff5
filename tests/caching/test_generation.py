"""The generation token that ties each process's copies of pages to the shared cache."""

import pytest
from django.core.cache import cache, caches
from django.test import override_settings

from responsibilities.caching import store as pages
from tests.factories import make_version
from tests.redis_server import TEST_REDIS_URL, needs_redis

pytestmark = pytest.mark.django_db

REDIS = {
    "default": {
        "BACKEND": "responsibilities.caching.redis_backend.ResilientRedisCache",
        "LOCATION": TEST_REDIS_URL,
        "KEY_PREFIX": "test-generation",
    }
}


@pytest.fixture
def generation_reads(monkeypatch):
    reads = []
    real = pages._read_generation
    monkeypatch.setattr(pages, "_read_generation", lambda: reads.append(1) or real())
    monkeypatch.setattr(pages._generation_token, "_last", None)
    return reads


def test_a_cache_that_does_not_announce_its_clears_is_asked_every_time(client, generation_reads):
    version = make_version()
    for _ in range(3):
        client.get(f"/services/{version.service.slug}/")
    assert len(generation_reads) == 3


@needs_redis
def test_with_redis_the_token_is_reread_after_the_recheck_time_and_at_once_after_a_clear(client, generation_reads):
    version = make_version()
    url = f"/services/{version.service.slug}/"
    with override_settings(CACHES=REDIS):
        try:
            cache.clear()
            generation_reads.clear()
            assert client.get(url)["X-Page-Cache"] == "miss"
            assert client.get(url)["X-Page-Cache"] == "hit"
            assert client.get(url)["X-Page-Cache"] == "hit"
            assert len(generation_reads) == 1  # one Redis read for three requests
            # Another process clears the shared cache: seen once the recheck time has passed.
            caches.create_connection("default")._cache.get_client(write=True).flushdb()
            with override_settings(RACI_PAGES_GENERATION_RECHECK=60):
                assert client.get(url)["X-Page-Cache"] == "hit"  # not yet: its copy is still trusted
            with override_settings(RACI_PAGES_GENERATION_RECHECK=0):
                assert client.get(url)["X-Page-Cache"] == "miss"
            assert client.get(url)["X-Page-Cache"] == "hit"
            # This process clears it: its own copies go at once, whatever the recheck time.
            cache.clear()
            assert client.get(url)["X-Page-Cache"] == "miss"
        finally:
            cache.clear()
