"""Per-service editors: a staff user sees and changes only the services they edit."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from responsibilities.admin.permissions import require_service_editor
from responsibilities.models import AuditEntry, MatrixVersion, Service
from tests.admin.grid_helpers import grid_form_data, grid_url
from tests.factories import ServiceFactory, StaffFactory, UserFactory, make_version

pytestmark = pytest.mark.django_db


def _state(service):
    """Everything a write could change, to compare before and after a refused request."""
    versions = list(MatrixVersion.objects.filter(service=service).values_list("pk", "status", "title", "updated_at"))
    service = Service.objects.get(pk=service.pk)
    return versions, service.name, service.current_version_id, AuditEntry.objects.count()


@pytest.fixture
def other_client(client, other_manager):
    client.force_login(other_manager)
    return client


def test_account_managers_group_has_the_editing_permissions(managers_group):
    codenames = set(managers_group.permissions.values_list("codename", flat=True))
    assert {"view_service", "change_service", "view_matrixversion", "view_auditentry"} <= codenames
    assert "delete_service" not in codenames and "delete_matrixversion" not in codenames


def test_the_service_list_shows_only_the_services_the_user_edits(other_client, other_manager, service):
    mine = ServiceFactory(name="Web Hosting")
    mine.editor_groups.add(Group.objects.create(name="Hosting team"))
    other_manager.groups.add(mine.editor_groups.get())
    response = other_client.get(reverse("admin:responsibilities_service_changelist"))
    assert list(response.context["cl"].queryset) == [mine]


def test_a_superuser_sees_every_service(client, service):
    client.force_login(StaffFactory(username="root", is_superuser=True))
    response = client.get(reverse("admin:responsibilities_service_changelist"))
    assert service in response.context["cl"].queryset


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("change", "get"),
        ("change", "post"),
        ("history", "get"),
        ("delete", "post"),
        ("grid", "get"),
        ("grid", "post"),
        ("publish", "get"),
        ("publish", "post"),
        ("discard", "get"),
        ("discard", "post"),
        ("start_draft", "post"),
    ],
)
def test_every_service_url_refuses_a_manager_who_does_not_edit_the_service(other_client, service, draft, name, method):
    before = _state(service)
    url = reverse(f"admin:responsibilities_service_{name}", args=[service.pk])
    data = {"name": "Hijacked", "slug": "hijacked", "change_summary": "x", "last_updated": "2026-01-01", "post": "yes"}
    response = getattr(other_client, method)(url, data) if method == "post" else other_client.get(url)
    assert response.status_code in (403, 404)
    assert _state(service) == before


def test_a_refused_grid_post_with_a_real_payload_changes_nothing(manager_client, other_manager, service, draft):
    payload = grid_form_data(manager_client.get(grid_url(service)))
    payload["row-2-text"] = "Hijacked"
    manager_client.force_login(other_manager)
    before = _state(service)
    assert manager_client.post(grid_url(service), payload).status_code == 403
    assert _state(service) == before


def test_versions_and_audit_entries_of_other_services_are_refused(other_client, service, draft):
    version = Service.objects.get(pk=service.pk).current_version
    for url in (
        reverse("admin:responsibilities_matrixversion_change", args=[version.pk]),
        reverse("admin:responsibilities_matrixversion_change", args=[draft.pk]),
        reverse("admin:responsibilities_auditentry_change", args=[AuditEntry.objects.first().pk]),
    ):
        assert other_client.get(url).status_code == 403
    listed = other_client.get(reverse("admin:responsibilities_matrixversion_changelist")).context["cl"].queryset
    assert not listed.exists()
    audit = other_client.get(reverse("admin:responsibilities_auditentry_changelist")).context["cl"].queryset
    assert not audit.exists()


def test_an_editor_cannot_reassign_editors(manager_client, service, manager):
    response = manager_client.get(reverse("admin:responsibilities_service_change", args=[service.pk]))
    assert "editors" not in response.context["adminform"].form.fields


def test_a_manager_who_creates_a_service_becomes_its_editor(manager_client, manager):
    response = manager_client.post(
        reverse("admin:responsibilities_service_add"), {"name": "Object Storage", "slug": "object-storage"}
    )
    assert response.status_code == 302
    assert Service.objects.editable_by(manager).filter(slug="object-storage").exists()


def test_non_staff_users_are_sent_to_the_login_page(client, service, draft):
    client.force_login(UserFactory(username="customer"))
    response = client.post(reverse("admin:responsibilities_service_discard", args=[service.pk]))
    assert response.status_code == 302 and "/login/" in response.url
    assert MatrixVersion.objects.filter(pk=draft.pk).exists()


def test_require_service_editor_accepts_editors_and_refuses_others(rf, manager, other_manager, service):
    from django.core.exceptions import PermissionDenied

    request = rf.get("/")
    request.user = manager
    require_service_editor(request, service)
    request.user = other_manager
    with pytest.raises(PermissionDenied):
        require_service_editor(request, service)
    make_version(service=ServiceFactory(), activities=1)  # another service changes nothing


def test_the_service_filters_do_not_name_services_the_user_does_not_edit(other_client, service, draft):
    for name in ("matrixversion", "auditentry"):
        html = other_client.get(reverse(f"admin:responsibilities_{name}_changelist")).content.decode()
        assert "Email Pro" not in html


def test_an_editor_without_the_editing_permission_is_refused(client, service, draft):
    outsider = StaffFactory(username="erin")  # listed as editor, but in no group with permissions
    service.editors.add(outsider)
    client.force_login(outsider)
    before = _state(service)
    for name in ("grid", "publish", "discard"):
        assert client.post(reverse(f"admin:responsibilities_service_{name}", args=[service.pk])).status_code == 403
    assert _state(service) == before


def test_a_refused_admin_page_stays_in_the_admin_says_why_and_links_back(other_client, service):
    response = other_client.get(reverse("admin:responsibilities_service_change", args=[service.pk]))

    html = response.content.decode()
    assert response.status_code == 403
    assert 'id="site-name"' in html and "breadcrumbs" in html  # the admin's header and trail
    assert "You are not an editor of this service." in html
    assert f'href="{reverse("admin:responsibilities_service_changelist")}"' in html
    assert "ask an administrator to add you" in html


def test_a_refused_workflow_page_names_the_service(other_client, service):
    response = other_client.get(reverse("admin:responsibilities_service_grid", args=[service.pk]))

    assert response.status_code == 403
    assert "You are not an editor of “Email Pro”." in response.content.decode()


def test_a_refused_public_or_anonymous_request_gets_the_plain_page(client, service):
    from django.test import RequestFactory

    from responsibilities.admin.forbidden import permission_denied

    request = RequestFactory().get("/admin/responsibilities/service/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = permission_denied(request, None)
    assert response.status_code == 403 and b"site-name" not in response.content
