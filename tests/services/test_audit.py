"""The audit trail records every workflow step of the services module."""

import pytest

from responsibilities.models import AuditAction, AuditEntry
from responsibilities.services import audit_record, draft_discard, draft_start, version_publish
from tests.factories import ServiceFactory, StaffFactory, make_version

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_the_username_when_the_user_is_deleted():
    user = StaffFactory(username="dana")
    entry = audit_record(service=ServiceFactory(), action="import", user=user, counts={"rows_added": 3})
    user.delete()
    entry.refresh_from_db()
    assert (entry.user, entry.username, entry.action, entry.counts) == (None, "dana", "import", {"rows_added": 3})


def test_audit_record_refuses_an_unknown_action():
    with pytest.raises(ValueError):
        audit_record(service=ServiceFactory(), action="rename")


def test_start_publish_and_discard_are_each_recorded_once():
    user = StaffFactory()
    service = make_version(activities=2).service
    draft = draft_start(service=service, user=user)
    version_publish(draft=draft, user=user, summary="Second")
    draft_discard(draft=draft_start(service=service, user=user), user=user)
    actions = list(AuditEntry.objects.filter(user=user).order_by("pk").values_list("action", flat=True))
    assert actions == [AuditAction.START_DRAFT, AuditAction.PUBLISH, AuditAction.START_DRAFT, AuditAction.DISCARD]
