"""The page cache: rendered once, keyed by content, moved on by publishing, in memory too."""

import pytest

from responsibilities.caching.store import pages_in_memory
from responsibilities.models import MatrixVersion
from responsibilities.services import draft_start, version_publish
from tests.factories import make_version
from tests.history_helpers import three_versions

pytestmark = pytest.mark.django_db


# --- Page cache ----------------------------------------------------------------------------


def test_version_page_is_rendered_once_then_served_from_the_cache(client, django_assert_max_num_queries):
    version = make_version(activities=50)
    url = f"/services/{version.service.slug}/versions/1/"
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(1):
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_the_current_page_is_a_page_of_its_own_and_costs_one_query_once_cached(client, django_assert_max_num_queries):
    version = make_version(activities=50)
    slug = version.service.slug
    client.get(f"/services/{slug}/versions/1/?z=77")
    current = client.get(f"/services/{slug}/?z=77")
    assert current["X-Page-Cache"] == "miss"  # not the permalink's page, whose links are its own
    assert f'action="/services/{slug}/"' in current.content.decode()
    with django_assert_max_num_queries(1):
        response = client.get(f"/services/{slug}/")
    assert response["X-Page-Cache"] == "hit" and response.content == current.content


def test_cache_keys_hold_the_language_and_the_filter_normalised(client):
    version = make_version()
    url = f"/services/{version.service.slug}/versions/1/"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="fr")["X-Page-Cache"] == "miss"
    assert client.get(url + "?party=customer&letter=R")["X-Page-Cache"] == "miss"
    for same in ("?letter=R&party=customer", "?party=Customer&letter=r", "?party=customer&letter=R&q=&poll=3"):
        assert client.get(url + same)["X-Page-Cache"] == "hit", same
    assert client.get(url + "?party=customer&letter=R&q=number")["X-Page-Cache"] == "miss"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="fr")["X-Page-Cache"] == "hit"
    assert client.get(url, HTTP_ACCEPT="application/json")["X-Page-Cache"] == "miss"
    assert client.get(url + "?q=x", HTTP_ACCEPT="application/json, text/plain")["X-Page-Cache"] == "hit"


def test_unknown_parameters_share_the_page_and_never_show_in_it(client):
    version = make_version()
    url = f"/services/{version.service.slug}/versions/1/"
    first = client.get(url + "?utm_source=secret-token")
    assert "secret-token" not in first.content.decode()
    assert client.get(url).content == first.content


def test_a_poll_flood_does_not_grow_the_cache(client):
    from django.core.cache import cache

    version = make_version(activities=20)
    slug = version.service.slug
    for n in range(300):
        client.get(f"/services/{slug}/?poll={n}", HTTP_ACCEPT=f"text/html;q=0.{n % 9 + 1}, x/{n}")
        client.get(f"/services/{slug}/diff/1/current/?poll={n}")
    assert len(pages_in_memory._items) == 2
    assert len([key for key in cache._cache if ":raci:page:" in key]) == 2  # local memory: its keys


def test_a_bound_on_the_pages_kept_per_version(client, settings):
    settings.RACI_PAGE_VARIANTS_PER_VERSION = 3
    version = make_version()
    url = f"/services/{version.service.slug}/versions/1/"
    for word in ("one", "two", "three", "four", "five"):
        assert client.get(f"{url}?q={word}").status_code == 200
    assert [client.get(f"{url}?q={word}")["X-Page-Cache"] for word in ("one", "two", "three", "four", "five")] == [
        "hit",
        "hit",
        "hit",
        "miss",
        "miss",
    ]


def test_publishing_moves_the_current_page_and_banners_on_at_once(client):
    version = make_version()
    slug = version.service.slug
    client.get(f"/services/{slug}/")
    client.get(f"/services/{slug}/versions/1/")
    version_publish(draft=draft_start(service=version.service), summary="Second")
    current = client.get(f"/services/{slug}/")
    assert current["X-Page-Cache"] == "miss" and "Version 2" in current.content.decode()
    old = client.get(f"/services/{slug}/versions/1/")
    assert old["X-Page-Cache"] == "miss" and "Version 1 of 2, superseded" in old.content.decode()


def test_the_diff_page_is_cached(client, django_assert_max_num_queries):
    service, _, _ = three_versions(activities=40)
    url = f"/services/{service.slug}/diff/1/3/"
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(1):
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content


def test_diff_with_current_follows_a_new_publication(client):
    service, _, _ = three_versions()
    assert "to version 3" in client.get(f"/services/{service.slug}/diff/1/current/").content.decode()
    version_publish(draft=MatrixVersion.objects.drafts().get(service=service), summary="Fourth")
    assert "to version 4" in client.get(f"/services/{service.slug}/diff/1/current/").content.decode()


def test_cached_pages_work_with_uncached_rendering_too(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.RACI_PAGES_IN_MEMORY_BYTES = 0
    version = make_version()
    for _ in range(2):
        response = client.get(f"/services/{version.service.slug}/versions/1/")
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"


def test_pages_in_memory_spare_fetching_the_page_from_the_shared_cache(client, settings, monkeypatch):
    from django.core.cache import cache

    from responsibilities.caching.store import pages_in_memory

    version = make_version(activities=20)
    url = f"/services/{version.service.slug}/versions/1/"
    first = client.get(url)
    fetched = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *args, **kwargs: fetched.append(key) or real_get(key, *args, **kwargs)
    )
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert not [key for key in fetched if key.startswith("raci:page:")]
    monkeypatch.undo()
    settings.RACI_PAGES_IN_MEMORY_BYTES = len(first.content) * 5
    pages_in_memory.clear()
    for query in range(10):
        client.get(f"{url}?q=activity&n={query}")
    assert pages_in_memory._bytes <= settings.RACI_PAGES_IN_MEMORY_BYTES
    assert 0 < len(pages_in_memory._items) <= 5


def test_clearing_the_shared_cache_also_forgets_the_pages_in_memory(client):
    from django.core.cache import cache

    version = make_version()
    url = f"/services/{version.service.slug}/versions/1/"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    cache.clear()
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_renaming_the_service_keeps_the_published_page_and_its_etag(client):
    version = make_version()
    url = f"/services/{version.service.slug}/versions/1/"
    before = client.get(url)
    version.service.name = "Email Pro Renamed"
    version.service.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    assert client.get(url).content == before.content


def test_a_new_slug_changes_the_cached_page_and_its_etag(client):
    version = make_version()
    before = client.get(f"/services/{version.service.slug}/versions/1/")
    version.service.slug = "renamed"
    version.service.save()
    after = client.get("/services/renamed/versions/1/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and 'href="/services/renamed/"' in after.content.decode()
