"""Atom feeds of published versions, per service and for the whole registry."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import ServiceFactory, make_version
from tests.history_helpers import three_versions

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response, in a test
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.find(f"{ATOM}id").text,
            "summary": entry.find(f"{ATOM}summary").text,
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_service_feed_has_one_entry_per_published_version_with_summary_and_diff_link(client):
    service, versions, _ = three_versions()
    items = entries(client.get(f"/services/{service.slug}/feed/"))
    assert [item["title"] for item in items] == [f"Email Pro — version {n}: Shared responsibilities" for n in (3, 2, 1)]
    assert items[0]["link"] == "http://testserver/services/email-pro/diff/2/3/"
    assert items[2]["link"] == "http://testserver/services/email-pro/versions/1/"
    assert "The customer now runs activity 2" in items[0]["summary"]
    assert "2 responsibility shifts to the customer" in items[0]["summary"]
    assert "1 activity reworded" in items[1]["summary"]
    assert items[0]["id"].startswith("urn:raci-registry:version:") and versions[2].fingerprint in items[0]["id"]
    assert len({item["id"] for item in items}) == 3


def test_drafts_never_appear_in_feeds(client):
    service, _, draft = three_versions()
    for url in (f"/services/{service.slug}/feed/", "/feed/"):
        response = client.get(url)
        assert b"SECRET DRAFT WORDING" not in response.content
        assert len(entries(response)) == 3


def test_registry_feed_lists_every_service_newest_first(client):
    three_versions()
    other = make_version(service=ServiceFactory(name="Web Hosting", slug="web-hosting"))
    unpublished = ServiceFactory(name="Hidden")
    make_version(service=unpublished, published=False)
    items = entries(client.get("/feed/"))
    assert items[0]["title"].startswith("Web Hosting — version 1")
    assert len(items) == 4
    assert not any("Hidden" in item["title"] for item in items)
    assert other.fingerprint in items[0]["id"]


def test_feed_of_an_unknown_or_unpublished_service_is_404(client):
    service = ServiceFactory()
    make_version(service=service, published=False)
    assert client.get(f"/services/{service.slug}/feed/").status_code == 404
    assert client.get("/services/nope/feed/").status_code == 404


def test_summary_html_is_escaped(client):
    service = ServiceFactory(slug="escape")
    make_version(service=service, summary="<script>alert(1)</script>")
    response = client.get("/services/escape/feed/")
    assert b"<script>" not in response.content
    assert "&lt;script&gt;" in entries(response)[0]["summary"]


@pytest.mark.parametrize("size", [10, 300])
def test_feed_query_counts_are_constant(client, django_assert_max_num_queries, size):
    service, _, _ = three_versions(activities=size)
    # The service, its versions, their translations (each entry in the reader's language).
    with django_assert_max_num_queries(3):
        client.get(f"/services/{service.slug}/feed/")
    with django_assert_max_num_queries(2):
        client.get("/feed/")
