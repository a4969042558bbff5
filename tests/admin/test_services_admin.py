"""The service list: useful columns, search and filters, links to the public pages."""

import pytest
from django.urls import reverse

from responsibilities.services import draft_start
from tests.factories import ServiceFactory, make_version

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:responsibilities_service_changelist"


@pytest.fixture
def services(manager, service, draft):
    never = ServiceFactory(name="Object Storage", family="Public Cloud")
    steady = ServiceFactory(name="Web Hosting", family="Web Cloud")
    make_version(service=steady, activities=2)
    for other in (never, steady):
        other.editors.add(manager)
    draft_start(service=never, user=manager)
    return {"drafted": service, "never": never, "steady": steady}


def _listed(client, query=""):
    return {service.name for service in client.get(reverse(CHANGELIST) + query).context["cl"].queryset}


def test_filters_by_draft_status_and_family(manager_client, services):
    assert _listed(manager_client, "?draft=yes") == {"Email Pro", "Object Storage"}
    assert _listed(manager_client, "?draft=no") == {"Web Hosting"}
    assert _listed(manager_client, "?published=no") == {"Object Storage"}
    assert _listed(manager_client, "?family=Public+Cloud") == {"Object Storage"}
    assert _listed(manager_client, "?q=hosting") == {"Web Hosting"}


def test_the_list_shows_current_version_date_draft_and_public_link(manager_client, services):
    html = manager_client.get(reverse(CHANGELIST)).content.decode()
    assert ">v1</a>" in html
    assert "17 November 2022" in html
    assert 'href="/services/email-pro/"' in html
    assert "icon-yes" in html


def test_the_list_uses_a_fixed_number_of_queries(manager_client, manager, services, django_assert_max_num_queries):
    for _ in range(5):
        extra = ServiceFactory()
        extra.editors.add(manager)
        make_version(service=extra, activities=1)
    with django_assert_max_num_queries(12):
        manager_client.get(reverse(CHANGELIST))


def test_the_service_page_links_to_the_public_page(manager_client, service):
    html = manager_client.get(reverse("admin:responsibilities_service_change", args=[service.pk])).content.decode()
    assert 'href="/services/email-pro/"' in html
    assert "View on site" in html
