"""One lock per service: concurrent workflow steps run one after the other, with clear errors.

The races need PostgreSQL (real row locks between connections); SQLite locks the whole
database for a write transaction, so they are skipped there.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from responsibilities.models import MatrixVersion, Service
from responsibilities.services import draft_start, version_publish
from responsibilities.services.locking import locked
from tests.factories import make_version

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_locked_refuses_to_run_outside_a_transaction():
    service = make_version().service
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        locked(service=service)


def test_locked_rereads_the_service_and_finds_its_draft():
    service = make_version().service
    draft = draft_start(service=service)
    with transaction.atomic():
        fresh, found = locked(service=Service(pk=service.pk))
    assert (fresh.name, found) == (service.name, draft)


def test_a_draft_gone_meanwhile_is_a_clear_error_with_the_callers_words():
    draft = draft_start(service=make_version().service)
    MatrixVersion.objects.filter(pk=draft.pk).delete()
    with pytest.raises(ValidationError, match="^\\['Gone: reload.'\\]$"), transaction.atomic():
        locked(draft=draft, gone="Gone: reload.")


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
