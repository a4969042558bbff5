"""Workflow: starting a draft, publishing it, discarding it; numbers under concurrency."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from responsibilities.formats.json_format import fingerprint
from responsibilities.matrices import matrix_load, matrix_write
from responsibilities.models import Activity, Assignment, MatrixVersion, Service
from responsibilities.services import draft_discard, draft_get_or_start, draft_start, version_publish
from tests.factories import ServiceFactory, StaffFactory, make_version, sample_matrix

pytestmark = pytest.mark.django_db


def _matrix(version):
    return matrix_load(version)


def _break_ar_rule(draft):
    activity = draft.activities.order_by("section__order", "order").first()
    activity.assignments.update(letters="I")
    return activity


# --- draft_start ----------------------------------------------------------------------------


def test_draft_start_copies_the_current_version_deeply_keeping_activity_keys():
    published = make_version(activities=12)
    draft = draft_start(service=published.service)
    assert draft.is_draft and draft.number is None
    old, new = _matrix(published), _matrix(draft)
    assert [(a.key, a.text, a.cells) for _, a in old.activities()] == [
        (a.key, a.text, a.cells) for _, a in new.activities()
    ]
    assert [(n, s.title) for n, s in old.walk()] == [(n, s.title) for n, s in new.walk()]
    assert new.parties == old.parties and draft.title == published.title
    # A copy, not the same rows: the published version's rows are untouched by edits.
    assert not set(draft.activities.values_list("pk", flat=True)) & set(
        published.activities.values_list("pk", flat=True)
    )


def test_draft_start_uses_bulk_inserts(django_assert_max_num_queries):
    published = make_version(activities=300)
    # 300 activities and 600 assignments: far fewer queries than rows (SQLite splits batches).
    with django_assert_max_num_queries(40):
        draft_start(service=published.service)


def test_draft_start_on_a_new_service_opens_an_empty_matrix_with_the_default_parties():
    service = ServiceFactory(name="Web Hosting")
    draft = draft_start(service=service)
    assert list(draft.parties.values_list("name", flat=True)) == ["Customer", "OVHcloud"]
    assert draft.title == "Web Hosting" and draft.activities.count() == 0


def test_draft_start_refuses_a_second_draft():
    published = make_version()
    draft_start(service=published.service)
    with pytest.raises(ValidationError, match="already has a draft"):
        draft_start(service=published.service)
    assert MatrixVersion.objects.drafts().filter(service=published.service).count() == 1


def test_draft_get_or_start_returns_the_existing_draft():
    published = make_version()
    draft = draft_get_or_start(service=published.service)
    assert draft_get_or_start(service=published.service) == draft


# --- draft_discard -------------------------------------------------------------------------


def test_draft_discard_deletes_the_draft_and_everything_in_it():
    published = make_version()
    draft = draft_start(service=published.service)
    draft_discard(draft=draft)
    assert not MatrixVersion.objects.filter(pk=draft.pk).exists()
    assert Activity.objects.filter(version_id=draft.pk).count() == 0
    assert published.activities.count() == 10


def test_draft_discard_refuses_a_published_version():
    published = make_version()
    with pytest.raises(ValidationError, match="Only a draft can be discarded"):
        draft_discard(draft=published)
    assert MatrixVersion.objects.filter(pk=published.pk).exists()


def test_discarding_an_already_discarded_draft_is_a_clear_error():
    draft = draft_start(service=make_version().service)
    stale = MatrixVersion.objects.get(pk=draft.pk)
    draft_discard(draft=draft)
    with pytest.raises(ValidationError, match="no longer exists"):
        draft_discard(draft=stale)


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
    assert "break the A/R rule" in str(error.value) and activity.text in str(error.value)
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


# --- Concurrency (PostgreSQL: real row locks between connections) ---------------------------

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")


def _race(target, count=2):
    """Run ``target`` in ``count`` threads released at once; return results or exceptions."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = target()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_publishers_at_once_one_wins_and_the_other_gets_a_clear_error():
    service = make_version().service
    draft = draft_start(service=service)
    results = _race(lambda: version_publish(draft=MatrixVersion.objects.get(pk=draft.pk), summary="Race"))
    published = [result for result in results if isinstance(result, MatrixVersion)]
    errors = [result for result in results if isinstance(result, ValidationError)]
    assert len(published) == 1 and len(errors) == 1, results
    assert "already published" in str(errors[0])
    assert list(service.versions.published().order_by("number").values_list("number", flat=True)) == [1, 2]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_editors_starting_a_draft_at_once_get_one_draft_and_a_clear_error():
    service = make_version(activities=50).service
    results = _race(lambda: draft_start(service=Service.objects.get(pk=service.pk)))
    drafts = [result for result in results if isinstance(result, MatrixVersion)]
    errors = [result for result in results if isinstance(result, ValidationError)]
    assert len(drafts) == 1 and len(errors) == 1, results
    assert "already has a draft" in str(errors[0])
    assert service.versions.drafts().count() == 1
    assert drafts[0].activities.count() == 50


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_publishing_in_turns_from_many_threads_keeps_numbers_contiguous():
    service = make_version().service

    def start_and_publish():
        for _ in range(20):
            try:
                draft = draft_start(service=Service.objects.get(pk=service.pk))
            except ValidationError:
                continue
            try:
                return version_publish(draft=draft, summary="Turn").number
            except ValidationError:
                return None
        return None

    results = _race(start_and_publish, count=4)
    assert not [result for result in results if isinstance(result, Exception)], results
    numbers = list(service.versions.published().order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 2


def test_matrix_write_refuses_a_published_version():
    published = make_version()
    with pytest.raises(ValidationError, match="never be changed"):
        matrix_write(version=published, matrix=sample_matrix(3))


def test_a_stale_copy_of_the_service_saved_after_a_publish_keeps_the_new_current_version():
    first = make_version()
    stale = Service.objects.get(pk=first.service_id)  # e.g. loaded by an admin form
    second = version_publish(draft=draft_start(service=stale), summary="Second")
    stale.description = "Edited meanwhile"
    stale.save()
    service = Service.objects.get(pk=stale.pk)
    assert service.current_version_id == second.pk and service.description == "Edited meanwhile"
