"""The workflow buttons: start a draft, publish it with a summary, discard it — all audited."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from responsibilities.models import AuditAction, AuditEntry, MatrixVersion, Service
from tests.admin.grid_helpers import grid_form_data, grid_url, row_index

pytestmark = pytest.mark.django_db


def _url(service, name):
    return reverse(f"admin:responsibilities_service_{name}", args=[service.pk])


def _break_rule(client, service):
    """Take the A away from the first activity, through the grid."""
    response = client.get(grid_url(service))
    data = grid_form_data(response)
    data[f"row-{row_index(response, 'Activity number 1')}-c0"] = "R"
    assert client.post(grid_url(service), data).status_code == 302


def test_start_draft_is_post_only(manager_client, service):
    assert manager_client.get(_url(service, "start_draft")).status_code == 405
    assert not MatrixVersion.objects.drafts().exists()


def test_start_draft_copies_the_current_version_and_opens_the_grid(manager_client, service, manager):
    response = manager_client.post(_url(service, "start_draft"))
    assert response.status_code == 302 and response.url == grid_url(service)
    draft = MatrixVersion.objects.drafts().get(service=service)
    assert draft.activities.count() == 6
    entry = AuditEntry.objects.get(action=AuditAction.START_DRAFT)
    assert (entry.user, entry.version) == (manager, draft)


def test_a_second_start_draft_is_refused_with_a_message(manager_client, service, draft):
    response = manager_client.post(_url(service, "start_draft"))
    assert "already has a draft" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert MatrixVersion.objects.drafts().count() == 1


def test_the_service_page_offers_the_steps_that_apply(manager_client, service):
    page = manager_client.get(_url(service, "change")).content.decode()
    assert _url(service, "start_draft") in page and _url(service, "publish") not in page
    manager_client.post(_url(service, "start_draft"))
    page = manager_client.get(_url(service, "change")).content.decode()
    assert _url(service, "grid") in page and _url(service, "publish") in page and _url(service, "discard") in page
    assert "Started a draft" in page  # the audit panel


def test_publish_needs_a_change_summary(manager_client, service, draft):
    response = manager_client.post(_url(service, "publish"), {"change_summary": " ", "last_updated": "2026-11-20"})
    assert response.status_code == 200
    assert response.context["form"].errors["change_summary"]
    assert MatrixVersion.objects.get(pk=draft.pk).is_draft


def test_publish_defaults_the_date_to_today(manager_client, service, draft):
    response = manager_client.get(_url(service, "publish"))
    assert response.context["form"].initial["last_updated"] == timezone.localdate()


def test_publish_makes_the_draft_the_next_current_version_and_audits_it(manager_client, service, draft, manager):
    response = manager_client.post(
        _url(service, "publish"), {"change_summary": "Clarified backups", "last_updated": "2026-11-20"}
    )
    assert response.status_code == 302
    published = MatrixVersion.objects.get(pk=draft.pk)
    assert (published.number, published.last_updated) == (2, datetime.date(2026, 11, 20))
    assert published.published_by == manager and not published.ar_override
    assert Service.objects.get(pk=service.pk).current_version == published
    entry = AuditEntry.objects.get(action=AuditAction.PUBLISH, version=draft)
    assert (entry.user, entry.version, entry.change_summary) == (manager, published, "Clarified backups")


def test_publish_lists_the_remaining_problems_and_needs_the_override(manager_client, service, draft):
    _break_rule(manager_client, service)
    response = manager_client.get(_url(service, "publish"))
    assert "1 activity still breaks the A/R rule" in response.content.decode()
    assert "Activity number 1" in response.content.decode()
    data = {"change_summary": "Partial review", "last_updated": "2026-11-20"}
    response = manager_client.post(_url(service, "publish"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["override"] == [
        "1 activity still breaks the A/R rule: fix it in the grid, or tick this box."  # not "1 activities"
    ]
    assert MatrixVersion.objects.get(pk=draft.pk).is_draft
    response = manager_client.post(_url(service, "publish"), {**data, "override": "on"})
    assert response.status_code == 302
    published = MatrixVersion.objects.get(pk=draft.pk)
    assert published.ar_override and published.ar_override_rows[0]["activity"] == "Activity number 1"


def test_the_override_box_is_hidden_when_nothing_breaks_the_rule(manager_client, service, draft):
    response = manager_client.get(_url(service, "publish"))
    assert response.context["form"]["override"].is_hidden


def test_discard_asks_first_then_deletes_the_draft_and_audits_it(manager_client, service, draft, manager):
    response = manager_client.get(_url(service, "discard"))
    assert response.status_code == 200 and MatrixVersion.objects.filter(pk=draft.pk).exists()
    response = manager_client.post(_url(service, "discard"))
    assert response.status_code == 302
    assert not MatrixVersion.objects.filter(pk=draft.pk).exists()
    entry = AuditEntry.objects.get(action=AuditAction.DISCARD)
    assert (entry.user, entry.version, entry.service) == (manager, None, service)


def test_publish_and_discard_without_a_draft_say_so(manager_client, service):
    for name in ("publish", "discard"):
        response = manager_client.post(_url(service, name))
        assert response.status_code == 302
        assert "no draft" in " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_published_versions_are_read_only_and_cannot_be_deleted_in_the_admin(manager_client, service):
    version = Service.objects.get(pk=service.pk).current_version
    response = manager_client.get(reverse("admin:responsibilities_matrixversion_change", args=[version.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"] and not response.context["has_delete_permission"]
    url = reverse("admin:responsibilities_matrixversion_delete", args=[version.pk])
    assert manager_client.post(url, {"post": "yes"}).status_code == 403
    assert MatrixVersion.objects.filter(pk=version.pk).exists()


def test_the_draft_version_page_links_to_the_grid_publish_and_discard(manager_client, service, draft):
    html = manager_client.get(reverse("admin:responsibilities_matrixversion_change", args=[draft.pk])).content.decode()
    for step in ("grid", "publish", "discard"):
        assert _url(service, step) in html


def test_publish_defaults_to_the_drafts_own_date_when_it_has_one(manager_client, service, draft):
    MatrixVersion.objects.filter(pk=draft.pk).update(last_updated=datetime.date(2023, 3, 1))
    response = manager_client.get(_url(service, "publish"))
    assert response.context["form"].initial["last_updated"] == datetime.date(2023, 3, 1)


def test_publish_page_shows_what_changes_from_the_current_version(manager_client, service, draft):
    response = manager_client.get(grid_url(service))
    data = grid_form_data(response)
    row = row_index(response, "Activity number 1")
    data[f"row-{row}-c0"], data[f"row-{row}-c1"] = "I", "RA"  # the customer's R and A go to the provider
    assert manager_client.post(grid_url(service), data).status_code == 302

    body = manager_client.get(_url(service, "publish")).content.decode()

    assert "What changes from the current version 1" in body
    assert "2 letter cells changed" in body
    assert "2 responsibility shifts to the provider" in body
    assert '<th scope="row">Activity number 1</th>' in body


def test_publish_page_says_when_the_draft_changes_nothing(manager_client, service, draft):
    body = manager_client.get(_url(service, "publish")).content.decode()
    assert "Nothing: the draft's matrix is the same as the current version's." in body
