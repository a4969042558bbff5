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
    assert "Draft waiting</a>" in html
    assert "icon-yes" not in html and "icon-no" not in html  # no red ✖ for the normal "no draft"


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


def test_the_list_names_each_services_editors(manager_client, manager, services, managers_group):
    services["steady"].editor_groups.add(managers_group)

    html = manager_client.get(reverse(CHANGELIST)).content.decode()

    assert '<td class="field-editors_list">alice, group Account managers</td>' in html


def test_services_i_edit_keeps_the_superusers_own_services(client, services):
    from tests.factories import StaffFactory

    boss = StaffFactory(username="boss", is_superuser=True)
    services["steady"].editors.add(boss)
    client.force_login(boss)

    assert _listed(client) == {"Email Pro", "Object Storage", "Web Hosting"}
    assert _listed(client, "?mine=yes") == {"Web Hosting"}
    assert "Services I edit" in client.get(reverse(CHANGELIST)).content.decode()


def test_the_family_filter_offers_only_the_families_of_the_users_services(manager_client, services):
    ServiceFactory(name="Dedicated Servers", family="Bare Metal Cloud")  # another team's

    html = manager_client.get(reverse(CHANGELIST)).content.decode()

    assert "?family=Public+Cloud" in html and "?family=Web+Cloud" in html
    assert "Bare+Metal+Cloud" not in html


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_with_editors_costs_the_same_whatever_the_number_of_services(
    manager_client, manager, managers_group, django_assert_max_num_queries, count
):
    for index in range(count):
        service = ServiceFactory(name=f"Service {index}", family=f"Family {index % 3}")
        service.editors.add(manager)
        service.editor_groups.add(managers_group)
        make_version(service=service, activities=2)
    with django_assert_max_num_queries(14):
        response = manager_client.get(reverse(CHANGELIST))
    assert len(response.context["cl"].result_list) == count


def test_creating_a_service_lands_on_it_with_its_next_step(client):
    from responsibilities.models import Service
    from tests.factories import StaffFactory

    boss = StaffFactory(username="boss", is_superuser=True)
    client.force_login(boss)

    response = client.post(
        reverse("admin:responsibilities_service_add"),
        {"name": "Web Hosting", "slug": "web-hosting", "family": "Web Cloud", "description": ""},
        follow=True,
    )

    service = Service.objects.get(slug="web-hosting")
    assert response.redirect_chain[-1][0] == reverse("admin:responsibilities_service_change", args=[service.pk])
    html = response.content.decode()
    assert "Next step: start its first draft, or import a file." in html
    assert "Start a draft" in html
    assert list(service.editors.all()) == [boss]  # an admin who creates a service edits it too
