"""Starting a draft (a deep copy of the current version) and discarding it."""

import pytest
from django.core.exceptions import ValidationError

from responsibilities.matrices import matrix_load
from responsibilities.models import Activity, MatrixVersion
from responsibilities.services import draft_discard, draft_get_or_start, draft_start
from tests.factories import ServiceFactory, make_version

pytestmark = pytest.mark.django_db


def _matrix(version):
    return matrix_load(version)


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
