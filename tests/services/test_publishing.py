"""Publishing a draft: the next number, the summary and date rules, the A/R override, the fingerprint."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from responsibilities.formats.json_format import fingerprint
from responsibilities.matrices import matrix_load
from responsibilities.models import Assignment, MatrixVersion, Service
from responsibilities.services import draft_discard, draft_start, version_publish
from tests.factories import ServiceFactory, StaffFactory, make_version

pytestmark = pytest.mark.django_db


def _matrix(version):
    return matrix_load(version)


def _break_ar_rule(draft):
    activity = draft.activities.order_by("section__order", "order").first()
    activity.assignments.update(letters="I")
    return activity


# --- version_publish ------------------------------------------------------------------------


def test_version_publish_assigns_next_number_and_makes_it_current():
    first = make_version()
    draft = draft_start(service=first.service)
    user = StaffFactory()
    second = version_publish(draft=draft, user=user, summary="  Clarified backups  ")
    assert (second.number, second.status, second.change_summary) == (2, "published", "Clarified backups")
    assert second.published_by == user and second.published_at is not None
    assert Service.objects.get(pk=first.service_id).current_version_id == second.pk


def test_version_publish_requires_a_change_summary():
    draft = draft_start(service=make_version().service)
    for summary in ("", "   ", None):
        with pytest.raises(ValidationError) as error:
            version_publish(draft=draft, summary=summary)
        assert "change_summary" in error.value.message_dict
    assert MatrixVersion.objects.get(pk=draft.pk).is_draft


def test_last_updated_defaults_to_today_and_can_be_given():
    service = make_version().service
    published = version_publish(draft=draft_start(service=service), summary="Today")
    assert published.last_updated == timezone.localdate()
    service = make_version().service
    chosen = datetime.date(2023, 3, 1)
    assert version_publish(draft=draft_start(service=service), summary="x", last_updated=chosen).last_updated == chosen


def test_the_date_set_on_the_draft_is_kept_when_none_is_given():
    service = make_version().service
    draft = draft_start(service=service)
    draft.last_updated = datetime.date(2024, 2, 29)
    draft.save()
    assert version_publish(draft=draft, summary="Imported").last_updated == datetime.date(2024, 2, 29)


def test_a_date_earlier_than_the_previous_version_is_refused():
    service = make_version(last_updated=datetime.date(2023, 5, 1)).service
    draft = draft_start(service=service)
    with pytest.raises(ValidationError) as error:
        version_publish(draft=draft, summary="Backdated", last_updated=datetime.date(2023, 4, 30))
    assert "earlier than version 1" in str(error.value)
    assert MatrixVersion.objects.get(pk=draft.pk).is_draft


def test_publishing_a_draft_that_breaks_the_ar_rule_needs_an_override():
    draft = draft_start(service=make_version().service)
    activity = _break_ar_rule(draft)
    with pytest.raises(ValidationError) as error:
        version_publish(draft=draft, summary="Broken")
    assert "1 activity breaks the A/R rule" in str(error.value) and activity.text in str(error.value)
    assert MatrixVersion.objects.get(pk=draft.pk).is_draft
    published = version_publish(draft=draft, summary="Broken", override=True)
    assert published.ar_override
    assert published.ar_override_rows == [
        {
            "section": "1.1.",
            "activity": activity.text,
            "reasons": ["no party is Accountable (A)", "no party is Responsible (R)"],
        }
    ]


def test_an_override_is_only_recorded_when_rows_break_the_rule():
    published = version_publish(draft=draft_start(service=make_version().service), summary="Fine", override=True)
    assert not published.ar_override and published.ar_override_rows == []


def test_an_empty_draft_cannot_be_published():
    draft = draft_start(service=ServiceFactory())
    with pytest.raises(ValidationError, match="no activities"):
        version_publish(draft=draft, summary="Nothing")


def test_a_published_version_cannot_be_published_again():
    published = make_version()
    with pytest.raises(ValidationError, match="already published"):
        version_publish(draft=published, summary="Again")


def test_publishing_a_discarded_draft_is_a_clear_error():
    draft = draft_start(service=make_version().service)
    stale = MatrixVersion.objects.get(pk=draft.pk)
    draft_discard(draft=draft)
    with pytest.raises(ValidationError, match="no longer exists"):
        version_publish(draft=stale, summary="Too late")


def test_the_fingerprint_is_the_sha256_of_the_published_matrix():
    published = make_version(activities=7)
    assert len(published.fingerprint) == 64
    assert published.fingerprint == fingerprint(_matrix(published))


def test_publish_records_the_diff_summary_from_the_previous_version():
    first = make_version(activities=6)
    draft = draft_start(service=first.service)
    activity = draft.activities.order_by("section__order", "order").first()
    activity.text = "Activity number 1, reworded"
    activity.save()
    Assignment.objects.filter(activity=activity).delete()
    customer, provider = draft.parties.order_by("order")
    Assignment.objects.bulk_create(
        [
            Assignment(activity=activity, party=customer, letters="A"),
            Assignment(activity=activity, party=provider, letters="R"),
        ]
    )
    second = version_publish(draft=draft, summary="Reworded one row")
    assert first.diff_summary == {}
    summary = second.diff_summary
    assert (summary["reworded"], summary["letters_changed"], summary["shifts_to_provider"], summary["unchanged"]) == (
        1,
        2,
        1,
        5,
    )


def test_numbers_stay_contiguous_across_discarded_drafts():
    service = make_version().service
    draft_discard(draft=draft_start(service=service))
    assert version_publish(draft=draft_start(service=service), summary="Next").number == 2


def test_a_failed_publish_changes_nothing():
    first = make_version()
    draft = draft_start(service=first.service)
    _break_ar_rule(draft)
    with pytest.raises(ValidationError):
        version_publish(draft=draft, summary="Broken")
    draft.refresh_from_db()
    assert draft.is_draft and draft.number is None and draft.fingerprint == ""
    assert Service.objects.get(pk=first.service_id).current_version_id == first.pk


def test_a_stale_copy_of_the_service_saved_after_a_publish_keeps_the_new_current_version():
    first = make_version()
    stale = Service.objects.get(pk=first.service_id)  # e.g. loaded by an admin form
    second = version_publish(draft=draft_start(service=stale), summary="Second")
    stale.description = "Edited meanwhile"
    stale.save()
    service = Service.objects.get(pk=stale.pk)
    assert service.current_version_id == second.pk and service.description == "Edited meanwhile"
