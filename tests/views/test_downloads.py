"""Public downloads of published versions in every format."""

import pytest

from responsibilities.formats import read_file
from responsibilities.formats.json_format import fingerprint
from tests.factories import ServiceFactory, make_version

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
}


@pytest.mark.parametrize("fmt", sorted(CONTENT_TYPES))
def test_download_sends_the_version_in_each_format_with_type_and_file_name(client, fmt, django_assert_max_num_queries):
    version = make_version(service=ServiceFactory(slug="email-pro"), activities=30)

    with django_assert_max_num_queries(8):
        response = client.get(f"/services/email-pro/versions/{version.number}.{fmt}")

    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="email-pro-v{version.number}.{fmt}"'
    matrix = read_file(response.content, filename=f"x.{fmt}")
    assert matrix.activity_count() == 30


def test_download_json_carries_the_fingerprint_shown_on_the_version_page(client):
    version = make_version(service=ServiceFactory(slug="email-pro"))

    matrix = read_file(client.get("/services/email-pro/versions/1.json").content, filename="v.json")

    assert matrix.warnings == []
    assert fingerprint(matrix) == version.fingerprint


def test_download_of_a_draft_or_unknown_format_is_404(client):
    service = ServiceFactory(slug="email-pro")
    make_version(service=service)
    make_version(service=service, published=False)

    assert client.get("/services/email-pro/versions/2.xlsx").status_code == 404
    assert client.get("/services/email-pro/versions/1.pdf").status_code == 404
    assert client.get("/services/nope/versions/1.csv").status_code == 404


def test_version_page_links_every_download(client):
    make_version(service=ServiceFactory(slug="email-pro"))

    body = client.get("/services/email-pro/versions/1/").content.decode()

    for fmt in CONTENT_TYPES:
        assert f'href="/services/email-pro/versions/1.{fmt}"' in body


def test_download_revalidates_with_its_etag(client):
    make_version(service=ServiceFactory(slug="email-pro"))
    first = client.get("/services/email-pro/versions/1.csv")

    again = client.get("/services/email-pro/versions/1.csv", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"] and again.status_code == 304


def test_a_new_release_gets_a_new_download_etag(client, settings):
    make_version(service=ServiceFactory(slug="email-pro"), activities=3)
    settings.RACI_RELEASE = "release-1"
    first = client.get("/services/email-pro/versions/1.csv")["ETag"]
    settings.RACI_RELEASE = "release-2"

    again = client.get("/services/email-pro/versions/1.csv", HTTP_IF_NONE_MATCH=first)

    assert again.status_code == 200 and again["ETag"] != first


def test_each_file_is_written_once_per_version_format_and_release(
    client, monkeypatch, settings, django_assert_max_num_queries
):
    from responsibilities.views import downloads

    make_version(service=ServiceFactory(slug="email-pro"), activities=5)
    written = []
    real_write = downloads.write
    monkeypatch.setattr(downloads, "write", lambda matrix, fmt: written.append(fmt) or real_write(matrix, fmt))
    settings.RACI_RELEASE = "release-1"
    first = client.get("/services/email-pro/versions/1.xlsx")

    with django_assert_max_num_queries(1):
        again = client.get("/services/email-pro/versions/1.xlsx")
    client.get("/services/email-pro/versions/1.csv")
    settings.RACI_RELEASE = "release-2"
    client.get("/services/email-pro/versions/1.xlsx")

    assert again.content == first.content and again["Content-Disposition"] == first["Content-Disposition"]
    assert written == ["xlsx", "csv", "xlsx"]


def test_text_downloads_are_gzipped_for_clients_that_accept_it_with_their_own_etag(client):
    import gzip

    make_version(service=ServiceFactory(slug="email-pro"), activities=5)
    plain = client.get("/services/email-pro/versions/1.json")

    zipped = client.get("/services/email-pro/versions/1.json", HTTP_ACCEPT_ENCODING="gzip")
    spreadsheet = client.get("/services/email-pro/versions/1.xlsx", HTTP_ACCEPT_ENCODING="gzip")

    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == plain.content
    assert zipped["ETag"] != plain["ETag"]
    assert not spreadsheet.has_header("Content-Encoding")  # a zip archive already
