"""Public reading pages: filtered matrices, counts, the summary, JSON by Accept, the catalogue search."""

import json
import re

import pytest

from responsibilities.formats.json_format import fingerprint
from responsibilities.matrices import matrix_load
from responsibilities.models import MatrixVersion
from tests.email_pro import CUSTOMER_R, email_pro_matrix
from tests.factories import ServiceFactory, make_version, sample_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_pro():
    return make_version(service=ServiceFactory(name="Email Pro", slug="email-pro"), matrix=email_pro_matrix())


def row_texts(body: str) -> list[str]:
    return re.findall(r'<th scope="row" class="activity">(.*?)</th>', body)


def test_customer_r_filter_shows_exactly_the_customers_r_rows_with_a_count(client, email_pro):
    response = client.get("/services/email-pro/?party=customer&letter=R")
    body = response.content.decode()
    assert response.status_code == 200
    assert [text.replace("&#x27;", "'") for text in row_texts(body)] == CUSTOMER_R
    assert "8 of 16 activities shown" in body
    assert "2.2. Reversibility model" in body
    assert "3.1.2. Access management" in body


def test_filters_combine_and_sections_left_empty_are_hidden(client, email_pro):
    body = client.get("/services/email-pro/?party=customer&letter=A&q=CONTROL").content.decode()
    assert row_texts(body) == ["Manage access to control plane"]
    assert "1 of 16 activities shown — filtered by Customer · A · “control”" in body
    assert "1. Before subscription</h2>" not in body
    assert "3.1.2. Access management" in body


def test_filters_work_on_a_version_permalink_too(client, email_pro):
    make_version(service=email_pro.service, matrix=sample_matrix(4))
    body = client.get("/services/email-pro/versions/1/?q=backups").content.decode()
    assert row_texts(body) == ["Manage backups on the service"]


def test_a_filter_matching_nothing_says_so(client, email_pro):
    body = client.get("/services/email-pro/?q=teleportation").content.decode()
    assert row_texts(body) == []
    assert "No activity matches these filters." in body
    assert "0 of 16 activities shown" in body


def test_unknown_party_or_letter_is_explained_and_the_rest_of_the_filter_applies(client, email_pro):
    response = client.get("/services/email-pro/?party=martians&letter=Z&q=backups")
    body = response.content.decode()
    assert response.status_code == 400
    assert "This matrix has no party “martians”" in body
    assert "“Z” is not a RACI letter" in body
    assert row_texts(body) == ["Manage backups on the service"]


def test_unfiltered_page_offers_the_customer_question_and_the_summary(client, email_pro):
    body = client.get("/services/email-pro/").content.decode()
    assert '<a href="/services/email-pro/?party=customer&amp;letter=R">What am I responsible for?</a>' in body
    assert "16 activities" in body
    assert "Responsibility summary" in body
    # Customer holds R for 8 of 16 rows: the bar is half the track.
    assert '<rect class="bar-fill" width="50" height="10"/>' in body
    assert len(row_texts(body)) == 16


def test_filter_form_keeps_the_chosen_values(client, email_pro):
    body = client.get("/services/email-pro/?party=ovhcloud&letter=I&q=mail").content.decode()
    assert '<option value="ovhcloud" selected>OVHcloud</option>' in body
    assert '<option value="I" selected>' in body
    assert 'name="q" value="mail"' in body


@pytest.mark.parametrize("size", [10, 400])
@pytest.mark.parametrize("query", ["", "?party=customer&letter=R", "?q=activity+number+1", "?party=nobody&letter=Q"])
def test_query_count_is_constant_whatever_the_filter_and_the_size(client, django_assert_max_num_queries, size, query):
    version = make_version(activities=size)
    # Uncached: one query finds the version (page cache key, ETag), the rest render it (the
    # service's translations included).
    with django_assert_max_num_queries(9):
        response = client.get(f"/services/{version.service.slug}/{query}")
    assert response.status_code in (200, 400)


def test_version_urls_answer_json_when_asked(client, email_pro):
    for url in ("/services/email-pro/", "/services/email-pro/versions/1/"):
        response = client.get(url, headers={"accept": "application/json"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert "Accept" in response["Vary"]
        document = json.loads(response.content)
        assert document["service"] == "Email Pro"
        assert document["version"] == 1
        assert document["parties"] == ["Customer", "OVHcloud"]
        assert document["sections"][0]["children"][0]["activities"][0]["assignments"] == {
            "Customer": "RA",
            "OVHcloud": "",
        }
        assert document["fingerprint"] == email_pro.fingerprint == fingerprint(matrix_load(email_pro))


def test_browsers_get_html_and_the_page_varies_on_accept(client, email_pro):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/services/email-pro/", headers={"accept": accept})
    assert response["Content-Type"].startswith("text/html")
    assert "Accept" in response["Vary"]
    assert client.get("/services/email-pro/")["Content-Type"].startswith("text/html")


def test_json_of_a_draft_is_404(client, email_pro):
    MatrixVersion.objects.create(service=email_pro.service, title="Draft")
    assert client.get("/services/email-pro/versions/2/", headers={"accept": "application/json"}).status_code == 404


@pytest.mark.parametrize("size", [10, 300])
def test_json_query_count_is_constant(client, django_assert_max_num_queries, size):
    version = make_version(activities=size)
    with django_assert_max_num_queries(8):  # the service's translations: the JSON lists the languages
        response = client.get(f"/services/{version.service.slug}/", headers={"accept": "application/json"})
    assert len(response.json()["sections"]) == (size + 4) // 5


# --- Catalogue ------------------------------------------------------------------------------


def test_catalogue_shows_each_services_summary_and_customer_link(client, email_pro):
    body = client.get("/").content.decode()
    assert "16 activities" in body
    assert '<a href="/services/email-pro/?party=customer&amp;letter=R">Customer: R for 8 activities</a>' in body


def test_catalogue_summary_falls_back_to_the_first_party(client):
    matrix = sample_matrix(4, parties=("Acme", "OVHcloud"))
    make_version(service=ServiceFactory(slug="acme-service"), matrix=matrix)
    body = client.get("/").content.decode()
    assert "?party=acme&amp;letter=R" in body
    assert "Acme: R for 2 activities" in body


def test_catalogue_filters_by_family_and_words(client, email_pro):
    make_version(service=ServiceFactory(name="Dedicated Servers", family="Bare Metal Cloud"))
    body = client.get("/?family=Bare+Metal+Cloud").content.decode()
    assert "Dedicated Servers" in body and "Email Pro" not in body
    body = client.get("/?q=thunderbird").content.decode()
    assert "Email Pro" in body and "Dedicated Servers" not in body
    body = client.get("/?q=thunderbird&family=Bare+Metal+Cloud").content.decode()
    assert "No service matches this search." in body


def test_catalogue_explains_an_unknown_family(client, email_pro):
    response = client.get("/?family=Quantum")
    assert response.status_code == 400
    assert "No listed service belongs to the family “Quantum”" in response.content.decode()


@pytest.mark.parametrize("size", [3, 45])
@pytest.mark.parametrize("query", ["", "?family=Web+Cloud&q=activity+number"])
def test_catalogue_query_count_is_constant_whatever_the_search(client, django_assert_max_num_queries, size, query):
    for _ in range(size // 3):
        make_version(activities=3)
    with django_assert_max_num_queries(4):  # and two for the current versions' languages
        response = client.get(f"/{query}")
    assert response.content.decode().count("3 activities") == size // 3
