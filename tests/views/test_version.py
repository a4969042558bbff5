"""Public pages: catalogue, current matrix, version permalink, health check."""

import pytest
from django.urls import reverse

from responsibilities.models import MatrixVersion
from tests.factories import ServiceFactory, make_version

pytestmark = pytest.mark.django_db


def test_catalogue_lists_services_with_a_published_version(client):
    published = make_version(service=ServiceFactory(name="Email Pro", slug="email-pro"))
    ServiceFactory(name="Unpublished Service")
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Email Pro" in body
    assert "17 November 2022" in body
    assert f"Version {published.number}" in body
    assert "Unpublished Service" not in body


def test_service_page_shows_each_activity_in_order_with_letters_in_party_columns(client):
    version = make_version(activities=12)
    response = client.get(f"/services/{version.service.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    positions = [body.index(f"Activity number {n}<") for n in range(1, 13)]
    assert positions == sorted(positions)
    assert "Last updated 17 November 2022" in body
    assert '<th scope="col" class="party">Customer</th>' in body
    assert "2.1. Subsection 2.1" in body


def test_service_without_published_version_is_404(client):
    service = ServiceFactory()
    make_version(service=service, published=False)
    assert client.get(f"/services/{service.slug}/").status_code == 404
    assert client.get("/services/nope/").status_code == 404


def test_version_permalink_shows_that_version_and_drafts_are_404(client):
    version = make_version()
    assert client.get(f"/services/{version.service.slug}/versions/1/").status_code == 200
    MatrixVersion.objects.create(service=version.service, title="Secret draft")
    assert client.get(f"/services/{version.service.slug}/versions/2/").status_code == 404


def test_html_in_activity_text_is_shown_as_text(client):
    from tests.factories import sample_matrix

    matrix = sample_matrix(2)
    matrix.sections[0].children[0].activities[0].text = "<script>alert(1)</script>"
    version = make_version(matrix=matrix)
    body = client.get(f"/services/{version.service.slug}/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize("size", [10, 500])
def test_service_page_query_count_does_not_grow_with_the_matrix(client, django_assert_max_num_queries, size):
    version = make_version(activities=size)
    # Uncached: one query finds the version (page cache key, ETag), the rest render it (the
    # service's translations included: which languages the page links).
    with django_assert_max_num_queries(9):
        response = client.get(f"/services/{version.service.slug}/")
    assert response.content.decode().count('<th scope="row" class="activity">') == size


@pytest.mark.parametrize("size", [3, 60])
def test_catalogue_query_count_is_constant(client, django_assert_max_num_queries, size):
    for _ in range(size // 3):
        make_version(activities=3)
    with django_assert_max_num_queries(5):  # and two for the current versions' languages
        client.get("/")


def test_healthz_answers_ok():
    from django.test import Client

    response = Client().get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
