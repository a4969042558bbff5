"""The read API: services, versions, one version (the public JSON), as-of, diff; ETags, 304s, query counts."""

import datetime
import json

import pytest

from responsibilities.services import draft_start
from tests.factories import ServiceFactory, make_version, sample_matrix

pytestmark = pytest.mark.django_db


def _two_versions(activities=10):
    """A service with version 1 and a version 2 where one activity is reworded and one shifts to the customer."""
    service = ServiceFactory(name="Email Pro", slug="email-pro")
    make_version(service=service, activities=activities, last_updated=datetime.date(2022, 1, 1))
    changed = sample_matrix(activities)
    first = changed.sections[0].children[0].activities
    first[0].text = "Activity number 1, reworded"
    first[1].cells = {"Customer": "RA", "OVHcloud": "I"}  # was the provider's RA
    make_version(service=service, matrix=changed, last_updated=datetime.date(2023, 6, 1), summary="Second")
    return service


def test_services_list_pages_filters_and_describes_each_service(client):
    _two_versions()
    other = ServiceFactory(name="Public Cloud Compute", slug="compute", family="Public Cloud")
    make_version(service=other)
    ServiceFactory(name="Draft only", slug="draft-only")  # no published version: not listed
    response = client.get("/api/v1/services/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    email = body["results"][0]
    assert email["slug"] == "email-pro"
    assert email["current_version"] == 2
    assert email["last_updated"] == "2023-06-01"
    assert email["family"] == "Web Cloud"
    assert email["url"] == "http://testserver/api/v1/services/email-pro/"
    assert email["page"] == "http://testserver/services/email-pro/"
    assert [s["slug"] for s in client.get("/api/v1/services/?family=Public+Cloud").json()["results"]] == ["compute"]
    assert [s["slug"] for s in client.get("/api/v1/services/?q=compute").json()["results"]] == ["compute"]
    # Words of the current matrix are searched too, as on the catalogue.
    assert client.get("/api/v1/services/?q=reworded").json()["count"] == 1


def test_an_unknown_family_is_a_400_naming_the_field(client):
    _two_versions()
    response = client.get("/api/v1/services/?family=Nowhere")
    assert response.status_code == 400
    body = response.json()
    assert "Nowhere" in body["errors"]["family"][0]
    assert "family" in body["detail"]


def test_service_detail_and_unknown_service(client):
    _two_versions()
    assert client.get("/api/v1/services/email-pro/").json()["name"] == "Email Pro"
    response = client.get("/api/v1/services/nope/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_versions_list_newest_first_with_changes(client):
    _two_versions()
    body = client.get("/api/v1/services/email-pro/versions/").json()
    assert [v["number"] for v in body["results"]] == [2, 1]
    latest = body["results"][0]
    assert latest["change_summary"] == "Second"
    assert latest["changes"]["reworded"] == 1
    assert latest["changes"]["shifts_to_customer"] == 2  # its R and its A
    assert len(latest["fingerprint"]) == 64
    assert latest["url"] == "http://testserver/api/v1/services/email-pro/versions/2/"


def test_a_version_is_the_public_json_of_that_version(client):
    _two_versions()
    api = client.get("/api/v1/services/email-pro/versions/1/")
    public = client.get("/services/email-pro/versions/1/", HTTP_ACCEPT="application/json")
    assert api.status_code == 200
    assert json.loads(api.content) == json.loads(public.content)
    assert api.json()["version"] == 1


def test_a_draft_is_never_readable(client):
    service = _two_versions()
    draft_start(service=service)
    assert client.get("/api/v1/services/email-pro/versions/3/").status_code == 404
    assert client.get("/api/v1/services/email-pro/diff/1/3/").status_code == 404
    assert [v["number"] for v in client.get("/api/v1/services/email-pro/versions/").json()["results"]] == [2, 1]
    assert client.get("/api/v1/services/draft-only/").status_code == 404


def test_a_missing_version_says_which(client):
    _two_versions()
    response = client.get("/api/v1/services/email-pro/versions/7/")
    assert response.status_code == 404
    assert "7" in response.json()["detail"]


def test_as_of_gives_the_version_in_force(client):
    _two_versions()
    assert client.get("/api/v1/services/email-pro/as-of/2022-12-31/").json()["version"] == 1
    assert client.get("/api/v1/services/email-pro/as-of/2023-06-01/").json()["version"] == 2
    before = client.get("/api/v1/services/email-pro/as-of/2021-01-01/")
    assert before.status_code == 404
    assert "2022-01-01" in before.json()["detail"]
    malformed = client.get("/api/v1/services/email-pro/as-of/2023-02-30/")
    assert malformed.status_code == 400
    assert "YYYY-MM-DD" in malformed.json()["errors"]["day"][0]


def test_the_diff_as_data_lists_what_the_diff_page_shows(client):
    _two_versions()
    body = client.get("/api/v1/services/email-pro/diff/1/2/").json()
    assert body["from"]["number"] == 1 and body["to"]["number"] == 2
    assert body["summary"]["reworded"] == 1
    assert body["summary"]["shifts_to_customer"] == 2
    [reworded] = body["reworded"]
    assert reworded["old"]["text"] == "Activity number 1"
    assert reworded["new"]["text"] == "Activity number 1, reworded"
    assert {"op": "insert", "text": ", reworded"} in reworded["words"] or any(
        w["op"] == "insert" for w in reworded["words"]
    )
    assert {(c["party"], c["old"], c["new"]) for c in body["cell_changes"]} == {
        ("Customer", "I", "RA"),
        ("OVHcloud", "RA", "I"),
    }
    assert {(s["letter"], s["direction"]) for s in body["shifts"]} == {("R", "to_customer"), ("A", "to_customer")}
    assert body["shifts"][0]["text"] == "Activity number 2"
    # b may be "current"; the public page counts the same.
    assert client.get("/api/v1/services/email-pro/diff/1/current/").json()["summary"] == body["summary"]


def test_the_diff_uses_the_matching_kept_for_the_pair(client, monkeypatch):
    """Publishing kept the pairs of versions 1 and 2: the API's diff does not match rows again."""
    _two_versions()
    import responsibilities.diff.compare as compare

    def no_matching(*args, **kwargs):
        raise AssertionError("rows matched again")

    monkeypatch.setattr(compare, "match_activities", no_matching)
    assert client.get("/api/v1/services/email-pro/diff/1/2/").status_code == 200


def test_diff_with_a_missing_version(client):
    _two_versions()
    response = client.get("/api/v1/services/email-pro/diff/1/9/")
    assert response.status_code == 404
    assert "9" in response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/services/",
        "/api/v1/services/email-pro/",
        "/api/v1/services/email-pro/versions/",
        "/api/v1/services/email-pro/versions/1/",
        "/api/v1/services/email-pro/as-of/2023-01-01/",
        "/api/v1/services/email-pro/diff/1/2/",
        "/api/v1/services/email-pro/diff/1/current/",
    ],
)
def test_every_read_has_an_etag_and_answers_304(client, url):
    _two_versions()
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('"')
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_new_version_changes_the_etag_of_what_shows_the_current_one(client):
    service = _two_versions()
    urls = ["/api/v1/services/", "/api/v1/services/email-pro/diff/1/current/", "/api/v1/services/email-pro/versions/"]
    before = {url: client.get(url)["ETag"] for url in urls}
    permalink = client.get("/api/v1/services/email-pro/versions/1/")["ETag"]
    make_version(service=service, activities=4, last_updated=datetime.date(2024, 1, 1), summary="Third")
    for url in urls:
        assert client.get(url, HTTP_IF_NONE_MATCH=before[url]).status_code == 200, url
    assert client.get("/api/v1/services/email-pro/versions/1/", HTTP_IF_NONE_MATCH=permalink).status_code == 304


def test_permalinks_may_be_kept_and_lists_are_revalidated(client):
    _two_versions()
    assert "max-age=300" in client.get("/api/v1/services/email-pro/versions/1/")["Cache-Control"]
    assert "no-cache" in client.get("/api/v1/services/")["Cache-Control"]
    assert "no-cache" in client.get("/api/v1/services/email-pro/diff/1/current/")["Cache-Control"]


@pytest.mark.parametrize("size", [10, 400])
def test_reads_cost_a_constant_number_of_queries(client, django_assert_max_num_queries, size):
    _two_versions(activities=size)
    for _ in range(3):
        make_version(activities=size // 5)
    # Each list: its page, its count, the languages of its versions; a version: finding it, its
    # translations, then loading the matrix (5) once, kept in the page cache for the next reader.
    queries = {
        "/api/v1/services/": 4,
        "/api/v1/services/email-pro/": 2,
        "/api/v1/services/email-pro/versions/": 4,
        "/api/v1/services/email-pro/versions/1/": 8,
        "/api/v1/services/email-pro/as-of/2023-06-01/": 9,
        "/api/v1/services/email-pro/diff/1/2/": 12,
    }
    for url, most in queries.items():
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url
    # Kept in the page cache: finding the version and its translations, nothing more.
    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/services/email-pro/versions/1/")["X-Page-Cache"] == "hit"
    body = client.get("/api/v1/services/email-pro/versions/2/").json()
    assert sum(len(child["activities"]) for s in body["sections"] for child in s["children"]) == size


def test_a_page_of_a_long_list(client):
    for index in range(3):
        make_version(service=ServiceFactory(name=f"Service {index}", slug=f"s-{index}"), activities=2)
    body = client.get("/api/v1/services/?page_size=2").json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2")
    assert client.get("/api/v1/services/?page=9").status_code == 404


def test_an_unknown_api_address_is_json(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["detail"]
    # Elsewhere the site's own 404 page.
    assert "text/html" in client.get("/no-such-page/")["Content-Type"]


def test_writes_are_refused_on_reads(client):
    _two_versions()
    assert client.post("/api/v1/services/email-pro/versions/1/").status_code == 405
