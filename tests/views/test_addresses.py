"""Public addresses never break: a renamed service's old slug and zero-padded version numbers
redirect permanently to the page's own address, and a published version stays what it was."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, get_resolver

from responsibilities.formats import FORMATS
from responsibilities.models import Service, ServiceSlug
from tests.factories import ServiceFactory, make_version

pytestmark = pytest.mark.django_db

#: A real value for each parameter of a public URL (the site below has versions 1 and 2).
VALUES = {"number": "1", "a": "1", "b": "2", "day": "2022-11-17"}


def public_urls(slug: str) -> list[str]:
    """Every public URL of a service, from the URLconf (a new page is walked as soon as it exists)."""
    urls = []
    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) != "responsibilities":
            continue
        for pattern in entry.url_patterns:
            assert isinstance(pattern, URLPattern)
            route = str(pattern.pattern)
            if "<slug:slug>" not in route:
                continue
            if "<str:fmt>" in route:
                urls.extend(_fill(route, slug, fmt=fmt) for fmt in FORMATS)
            else:
                urls.append(_fill(route, slug))
    return urls


def _fill(route: str, slug: str, **extra) -> str:
    url = "/" + route.replace("<slug:slug>", slug)
    for name, value in {**VALUES, **extra}.items():
        url = url.replace(f"<version:{name}>", value).replace(f"<str:{name}>", value)
    assert "<" not in url, url
    return url


@pytest.fixture
def site():
    service = ServiceFactory(slug="email-pro", name="Email Pro")
    make_version(service=service, activities=4)
    make_version(service=service, activities=5)
    return service


def test_every_public_url_of_a_renamed_service_redirects_permanently_to_the_new_slug(client, site):
    before = {url: client.get(url) for url in public_urls("email-pro")}
    assert len(before) >= 12 and all(r.status_code == 200 for r in before.values()), {
        url: r.status_code for url, r in before.items()
    }

    site.slug = "email-pro-suite"
    site.save()

    for url in before:
        moved = client.get(url + "?party=customer")
        new_url = url.replace("/email-pro/", "/email-pro-suite/", 1)
        assert moved.status_code == 301, url
        assert moved["Location"] == new_url + "?party=customer", url
        assert client.get(new_url).status_code == 200, new_url


def test_a_slug_renamed_twice_leads_straight_to_the_latest_and_can_be_taken_back(client, site):
    site.slug = "email-pro-2"
    site.save()
    site.slug = "email-pro-3"
    site.save()
    for old in ("email-pro", "email-pro-2"):
        assert client.get(f"/services/{old}/versions/1/")["Location"] == "/services/email-pro-3/versions/1/"

    site.slug = "email-pro"
    site.save()
    assert client.get("/services/email-pro/versions/1/").status_code == 200
    assert client.get("/services/email-pro-3/versions/1/")["Location"] == "/services/email-pro/versions/1/"
    assert set(ServiceSlug.objects.values_list("slug", flat=True)) == {"email-pro-2", "email-pro-3"}


def test_another_service_cannot_take_a_former_slug(site):
    site.slug = "email-pro-suite"
    site.save()
    other = Service(name="Another", slug="email-pro")
    with pytest.raises(ValidationError, match="Another service had this slug"):
        other.full_clean()
    with pytest.raises(ValidationError):
        other.save()


def test_an_unknown_slug_is_still_not_found(client, site):
    assert client.get("/services/never-was/versions/1/").status_code == 404


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("/services/email-pro/versions/0001/", "/services/email-pro/versions/1/"),
        ("/services/email-pro/versions/0002.csv", "/services/email-pro/versions/2.csv"),
        ("/services/email-pro/diff/01/002/", "/services/email-pro/diff/1/2/"),
        ("/services/email-pro/diff/001/current/", "/services/email-pro/diff/1/current/"),
        ("/services/email-pro/versions/" + "0" * 5_000 + "1/", "/services/email-pro/versions/1/"),
    ],
)
def test_version_numbers_with_leading_zeros_redirect_permanently(client, site, written, canonical):
    response = client.get(written + "?letter=R")
    assert response.status_code == 301
    assert response["Location"] == canonical + "?letter=R"


# --- A published version is self-contained ------------------------------------------------


def test_renaming_a_service_changes_neither_a_versions_json_nor_its_fingerprint(client):
    version = make_version(service=ServiceFactory(name="Email Pro", slug="email-pro"))
    json_before = client.get("/services/email-pro/versions/1.json").content
    page_before = client.get("/services/email-pro/versions/1/", HTTP_ACCEPT="application/json").content

    service = version.service
    service.name, service.family, service.description = "Email Pro Suite", "Other family", "New words"
    service.save()

    assert client.get("/services/email-pro/versions/1.json").content == json_before
    assert client.get("/services/email-pro/versions/1/", HTTP_ACCEPT="application/json").content == page_before
    document = json.loads(json_before)
    assert document["service"] == "Email Pro"
    assert document["fingerprint"] == version.fingerprint
    page = client.get("/services/email-pro/versions/1/").content.decode()
    assert "Email Pro Suite" not in page and "Email Pro" in page


def test_the_next_version_publishes_the_new_name(client):
    from responsibilities.services import draft_start, version_publish

    version = make_version(service=ServiceFactory(name="Email Pro", slug="email-pro"))
    service = version.service
    service.name = "Email Pro Suite"
    service.save()
    draft = draft_start(service=service, user=None)
    version_publish(draft=draft, summary="Renamed")

    assert json.loads(client.get("/services/email-pro/versions/2.json").content)["service"] == "Email Pro Suite"
    assert json.loads(client.get("/services/email-pro/versions/1.json").content)["service"] == "Email Pro"


def test_the_admin_shows_a_services_former_slugs(client, site):
    from tests.factories import UserFactory

    site.slug = "email-pro-suite"
    site.save()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    body = client.get(f"/admin/responsibilities/service/{site.pk}/change/").content.decode()
    assert "Former slugs" in body and "email-pro</div>" in body
