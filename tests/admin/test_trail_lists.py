"""The audit trail and the version list read as sentences, cell by cell, with links to the diff."""

import datetime

import pytest
from django.urls import reverse

from responsibilities.matrices import matrix_load
from responsibilities.models import AuditAction, AuditEntry
from responsibilities.services import draft_revision, draft_save_grid, draft_start, version_publish
from tests.factories import ServiceFactory, make_version

pytestmark = pytest.mark.django_db

AUDIT = "admin:responsibilities_auditentry_changelist"
VERSIONS = "admin:responsibilities_matrixversion_changelist"


def _edit_and_publish(service, user, *, letter="RAC"):
    """One saved cell (Customer of the first activity), then a publication."""
    draft = draft_start(service=service, user=user)
    matrix = matrix_load(draft)
    next(activity for _, activity in matrix.activities()).cells["Customer"] = letter
    draft_save_grid(draft=draft, matrix=matrix, user=user, revision=draft_revision(draft))
    return version_publish(draft=draft, user=user, summary="Customer consulted on sizing", override=True)


def test_the_audit_list_says_what_changed_cell_by_cell_without_json(manager_client, manager, service):
    _edit_and_publish(service, manager)

    html = manager_client.get(reverse(AUDIT)).content.decode()

    assert "1.1. Activity number 1 — Customer: RA → RAC" in html
    assert "“Customer consulted on sizing”" in html  # the publication's change summary
    assert "Changes from the previous version: 1 letter cell changed." in html
    assert "letters_changed" not in html and "{&quot;" not in html  # no raw counts


def test_an_audit_entry_with_many_changes_lists_the_first_and_counts_the_rest(manager_client, manager, service):
    draft = draft_start(service=service, user=manager)
    matrix = matrix_load(draft)
    for _, activity in matrix.activities():
        activity.cells["OVHcloud"] = "C"
    draft_save_grid(draft=draft, matrix=matrix, user=manager, revision=draft_revision(draft))
    entry = AuditEntry.objects.get(action=AuditAction.SAVE)

    listed = manager_client.get(reverse(AUDIT)).content.decode()
    page = manager_client.get(reverse("admin:responsibilities_auditentry_change", args=[entry.pk])).content.decode()

    assert listed.count("— OVHcloud:") == 3 and "…and 3 more changes" in listed
    assert page.count("— OVHcloud:") == 6


@pytest.mark.parametrize("versions", [2, 12])
def test_the_audit_list_costs_the_same_whatever_its_length(
    manager_client, manager, service, django_assert_max_num_queries, versions
):
    for index in range(versions):
        _edit_and_publish(service, manager, letter=["RAC", "RA"][index % 2])
    with django_assert_max_num_queries(12):
        response = manager_client.get(reverse(AUDIT))
    assert response.context["cl"].result_count == 1 + 3 * versions  # the fixture's + start, save, publish


def test_the_version_list_shows_each_summary_and_links_the_diff(manager_client, manager, service):
    version = _edit_and_publish(service, manager)

    html = manager_client.get(reverse(VERSIONS)).content.decode()

    assert "Customer consulted on sizing" in html
    diff = reverse("responsibilities:diff", kwargs={"slug": service.slug, "a": 1, "b": version.number})
    assert f'<a href="{diff}">What changed from v1</a>' in html
    assert "alice" in html  # who published it


@pytest.mark.parametrize("count", [2, 20])
def test_the_version_list_costs_the_same_whatever_its_length(
    manager_client, manager, django_assert_max_num_queries, count
):
    for index in range(count):
        service = ServiceFactory(name=f"Service {index}")
        service.editors.add(manager)
        make_version(service=service, activities=2, last_updated=datetime.date(2023, 1, 1))
    with django_assert_max_num_queries(12):
        response = manager_client.get(reverse(VERSIONS))
    assert response.context["cl"].result_count == count


def test_the_family_filters_of_the_trail_offer_only_the_users_families(manager_client, service):
    ServiceFactory(name="Dedicated Servers", family="Bare Metal Cloud")
    service.family = "Web Cloud"
    service.save()

    for url in (reverse(AUDIT), reverse(VERSIONS)):
        html = manager_client.get(url).content.decode()
        assert "service_family=Web+Cloud" in html and "Bare+Metal+Cloud" not in html
