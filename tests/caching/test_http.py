"""ETag, Last-Modified and 304 on version pages; the fingerprint every page shows."""

import pytest
from django.utils.http import http_date

from responsibilities.formats.json_format import fingerprint
from responsibilities.matrices import matrix_load
from responsibilities.models import MatrixVersion
from responsibilities.services import draft_start, version_publish
from tests.factories import make_version
from tests.history_helpers import three_versions

pytestmark = pytest.mark.django_db


# --- ETag, Last-Modified, 304 ----------------------------------------------------------------


def test_permalink_sends_etag_starting_with_the_fingerprint_and_last_modified(client):
    version = make_version()
    response = client.get(f"/services/{version.service.slug}/versions/1/")
    assert response["ETag"].startswith(f'"{version.fingerprint}.')
    assert response["Last-Modified"] == http_date(version.published_at.timestamp())
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]


def test_permalink_answers_304_to_a_matching_etag_or_date(client):
    version = make_version()
    url = f"/services/{version.service.slug}/versions/1/"
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_superseded_permalink_gets_a_new_etag_and_date_because_its_banner_changed(client):
    version = make_version()
    url = f"/services/{version.service.slug}/versions/1/"
    before = client.get(url)
    version_publish(draft=draft_start(service=version.service), summary="Second")
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert "superseded" in after.content.decode()
    assert after["ETag"] != before["ETag"]


def test_the_etag_differs_per_language_and_query_string(client):
    version = make_version()
    url = f"/services/{version.service.slug}/versions/1/"
    english = client.get(url)["ETag"]
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="fr")["ETag"] != english
    assert client.get(url + "?letter=R")["ETag"] != english


def test_current_page_revalidates_and_changes_the_moment_a_version_is_published(client):
    version = make_version()
    url = f"/services/{version.service.slug}/"
    first = client.get(url)
    assert "no-cache" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    second = version_publish(draft=draft_start(service=version.service), summary="Second")
    response = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert "Version 2" in response.content.decode()
    assert response["ETag"].startswith(f'"{second.fingerprint}.')


def test_unknown_version_is_404_before_any_validator(client):
    version = make_version()
    response = client.get(f"/services/{version.service.slug}/versions/9/", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 404


# --- Fingerprint ---------------------------------------------------------------------------


def test_each_version_page_shows_the_fingerprint_of_its_canonical_json(client):
    service, versions, _ = three_versions()
    for version in versions:
        loaded = MatrixVersion.objects.get(pk=version.pk)
        expected = fingerprint(matrix_load(loaded))
        html = client.get(f"/services/{service.slug}/versions/{version.number}/").content.decode()
        assert f"<code>{expected}</code>" in html
    assert len({version.fingerprint for version in versions}) == 3
