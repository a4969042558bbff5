"""Drafts are never visible on public pages: 404 where named, absent everywhere else."""

import pytest

from responsibilities.services import draft_start, version_publish
from tests.factories import ServiceFactory, make_version
from tests.history_helpers import three_versions

pytestmark = pytest.mark.django_db


# --- Drafts never leak ----------------------------------------------------------------------


def test_drafts_are_404_on_every_public_url_and_absent_everywhere_else(client):
    service, _, draft = three_versions()
    slug = service.slug
    for url in (
        f"/services/{slug}/versions/4/",
        f"/services/{slug}/diff/3/4/",
        f"/services/{slug}/diff/4/current/",
        f"/services/{slug}/diff/4/3/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        "/",
        f"/services/{slug}/",
        f"/services/{slug}/versions/",
        f"/services/{slug}/as-of/2099-12-31/",
        f"/services/{slug}/diff/1/current/",
        f"/services/{slug}/feed/",
        "/feed/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "SECRET DRAFT WORDING" not in html, url
        assert "Version 4" not in html and "version 4" not in html, url


def test_a_service_with_only_a_draft_is_invisible(client):
    service = ServiceFactory(slug="hidden", name="Hidden Service")
    draft = draft_start(service=service)
    assert draft.is_draft
    for url in (
        "/services/hidden/",
        "/services/hidden/versions/",
        "/services/hidden/as-of/2099-01-01/",
        "/services/hidden/feed/",
    ):
        assert client.get(url).status_code == 404, url
    assert "Hidden Service" not in client.get("/").content.decode()
    assert "Hidden Service" not in client.get("/feed/").content.decode()


def test_the_catalogue_shows_a_new_version_as_soon_as_it_is_published(client):
    version = make_version(service=ServiceFactory(name="Email Pro"))
    assert "Version 1" in client.get("/").content.decode()
    version_publish(draft=draft_start(service=version.service), summary="Second")
    html = client.get("/").content.decode()
    assert "Version 2" in html and "Version 1" not in html
