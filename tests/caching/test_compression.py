"""gzip for cached pages: one compression when cached, the body each request accepts, its own ETag."""

import gzip

import pytest
from django.test import RequestFactory

from responsibilities.caching.compression import accepts_gzip, compress
from responsibilities.services import draft_start, version_publish
from tests.factories import make_version, sample_matrix


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br, zstd", True),  # what browsers send
        ("GZIP", True),
        ("x-gzip", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("", False),
        ("identity", False),
        ("br, deflate", False),
        ("gzip;q=0", False),
        ("gzip;q=0.000, *", False),  # an explicit refusal wins over the wildcard
        ("*;q=0", False),
        ("gzip;q=nonsense", False),
    ],
)
def test_accept_encoding_is_read_with_its_quality_values(header, expected):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=header)
    assert accepts_gzip(request) is expected


def test_compression_is_the_same_bytes_every_time():
    body = b"<p>page</p>" * 1000
    assert compress(body) == compress(body) and gzip.decompress(compress(body)) == body


def _get(client, url, **headers):
    return client.get(url, **{f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"), [("", 200), ("versions/1/", 200), ("versions/1/?letter=R", 200), ("versions/1/?letter=X", 400)]
)
def test_the_gzip_body_is_the_plain_body_compressed_on_a_miss_and_on_a_hit(client, path, status):
    matrix = sample_matrix(30)
    matrix.sections[0].children[0].activities[0].text = "<script>alert(1)</script>"
    version = make_version(matrix=matrix)
    url = f"/services/{version.service.slug}/{path}"
    plain = client.get(url)
    # 400 for an unknown letter: such a page is never cached, but it is still compressed.
    assert plain.status_code == status and "Content-Encoding" not in plain
    for cache_state in ("first gzip request", "second gzip request"):
        packed = _get(client, url, accept_encoding="gzip, deflate, br")
        assert packed.status_code == status, cache_state
        assert packed["Content-Encoding"] == "gzip"
        assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 3
        assert gzip.decompress(packed.content) == plain.content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in gzip.decompress(packed.content).decode()
    for response in (plain, packed):
        assert "Accept-Encoding" in response["Vary"] and "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_each_representation_has_its_own_etag_and_304(client):
    version = make_version()
    url = f"/services/{version.service.slug}/versions/1/"
    plain = client.get(url)
    packed = _get(client, url, accept_encoding="gzip")
    assert plain["ETag"] != packed["ETag"] and packed["ETag"].startswith(f'"{version.fingerprint}.')
    revalidated = _get(client, url, accept_encoding="gzip", if_none_match=packed["ETag"])
    assert revalidated.status_code == 304 and "Accept-Encoding" in revalidated["Vary"]
    # A client holding the plain body that now accepts gzip gets the gzip body, not a 304.
    switched = _get(client, url, accept_encoding="gzip", if_none_match=plain["ETag"])
    assert switched.status_code == 200 and switched["Content-Encoding"] == "gzip"
    assert client.get(url, HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 200


@pytest.mark.django_db
def test_the_gzip_current_page_changes_the_moment_a_version_is_published(client):
    version = make_version()
    url = f"/services/{version.service.slug}/"
    first = _get(client, url, accept_encoding="gzip")
    assert _get(client, url, accept_encoding="gzip")["X-Page-Cache"] == "hit"
    draft = draft_start(service=version.service)
    assert b"Version 2" not in gzip.decompress(_get(client, url, accept_encoding="gzip").content)
    version_publish(draft=draft, summary="Second")
    after = _get(client, url, accept_encoding="gzip", if_none_match=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert b"Version 2" in gzip.decompress(after.content)


@pytest.mark.django_db
def test_json_by_content_negotiation_is_compressed_too(client):
    version = make_version()
    url = f"/services/{version.service.slug}/versions/1/"
    plain = client.get(url, HTTP_ACCEPT="application/json")
    packed = _get(client, url, accept="application/json", accept_encoding="gzip")
    assert packed["Content-Type"] == plain["Content-Type"] == "application/json"
    assert gzip.decompress(packed.content) == plain.content
