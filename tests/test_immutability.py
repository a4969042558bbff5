"""A published version cannot change through any ORM path; each refusal says why.

(The admin's read-only display is tested on the editing branch; importers write through
``matrix_write``, tested in test_services.)
"""

import pytest
from django.db import transaction

from responsibilities.models import (
    Activity,
    Assignment,
    MatrixVersion,
    Party,
    PublishedVersionError,
    Section,
)
from responsibilities.services import draft_start
from tests.factories import StaffFactory, make_version

pytestmark = pytest.mark.django_db

MESSAGE = "belongs to a published version, which can never be changed. Start a new draft"
FIELDS = {
    Party: ("name", "Changed"),
    Section: ("title", "Changed"),
    Activity: ("text", "Changed"),
    Assignment: ("letters", "C"),
}
MODELS = [MatrixVersion, Party, Section, Activity, Assignment]


@pytest.fixture
def published():
    return make_version(activities=6)


def rows_of(model, version):
    if model is MatrixVersion:
        return MatrixVersion.objects.filter(pk=version.pk)
    if model is Assignment:
        return Assignment.objects.filter(activity__version=version)
    return model.objects.filter(version=version)


def field_of(model):
    return FIELDS.get(model, ("title", "Changed"))


def snapshot(version):
    """Everything a reader sees of a version, to prove nothing moved."""
    return (
        list(MatrixVersion.objects.filter(pk=version.pk).values()),
        list(Party.objects.filter(version=version).order_by("pk").values()),
        list(Section.objects.filter(version=version).order_by("pk").values()),
        list(Activity.objects.filter(version=version).order_by("pk").values()),
        list(Assignment.objects.filter(activity__version=version).order_by("pk").values()),
    )


@pytest.mark.parametrize("model", MODELS)
def test_instance_save_is_refused(published, model):
    before = snapshot(published)
    instance = rows_of(model, published).first()
    name, value = field_of(model)
    setattr(instance, name, value)
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        instance.save()
    assert snapshot(published) == before


@pytest.mark.parametrize("model", MODELS)
def test_instance_delete_is_refused(published, model):
    before = snapshot(published)
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        rows_of(model, published).first().delete()
    assert snapshot(published) == before


@pytest.mark.parametrize("model", MODELS)
def test_queryset_update_is_refused(published, model):
    before = snapshot(published)
    name, value = field_of(model)
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        rows_of(model, published).update(**{name: value})
    # A queryset mixing draft and published rows is refused as a whole.
    draft_start(service=published.service)
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        model.objects.all().update(**{name: value})
    assert snapshot(published) == before


@pytest.mark.parametrize("model", MODELS)
def test_queryset_delete_is_refused(published, model):
    before = snapshot(published)
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        rows_of(model, published).delete()
    assert snapshot(published) == before


@pytest.mark.parametrize("model", MODELS)
def test_bulk_update_is_refused(published, model):
    before = snapshot(published)
    objs = list(rows_of(model, published))
    name, value = field_of(model)
    for obj in objs:
        setattr(obj, name, value)
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        model.objects.bulk_update(objs, [name])
    assert snapshot(published) == before


def test_the_version_cannot_be_unpublished_or_renumbered(published):
    with pytest.raises(PublishedVersionError):
        MatrixVersion.objects.filter(pk=published.pk).update(status="draft", number=None)
    published.number = 7
    with pytest.raises(PublishedVersionError):
        published.save(update_fields=["number"])
    assert MatrixVersion.objects.get(pk=published.pk).number == 1


def test_rows_cannot_be_added_through_create_bulk_create_or_get_or_create(published):
    before = snapshot(published)
    section = published.sections.first()
    activity = published.activities.first()
    with pytest.raises(PublishedVersionError):
        Party.objects.create(version=published, name="Partner", slug="partner")
    with pytest.raises(PublishedVersionError):
        Section.objects.bulk_create([Section(version=published, title="Sneaked in")])
    with pytest.raises(PublishedVersionError):
        Activity.objects.get_or_create(version=published, section=section, text="Sneaked in")
    with pytest.raises(PublishedVersionError):
        published.activities.create(section=section, text="Through the related manager")
    with pytest.raises(PublishedVersionError):
        Assignment.objects.update_or_create(
            activity=activity, party=published.parties.last(), defaults={"letters": "C"}
        )
    assert snapshot(published) == before


def test_related_managers_cannot_move_rows_out_of_a_published_version(published):
    before = snapshot(published)
    draft = draft_start(service=published.service)
    published_section = published.sections.filter(parent__isnull=False).first()
    published_activity = published.activities.first()
    draft_section = draft.sections.filter(parent__isnull=False).first()
    # add() with bulk=True writes through the base manager with a queryset update();
    # add() runs in atomic(savepoint=False), hence the savepoint around each attempt.
    with pytest.raises(PublishedVersionError, match=MESSAGE), transaction.atomic():
        draft.activities.add(published_activity)
    with pytest.raises(PublishedVersionError, match=MESSAGE), transaction.atomic():
        draft_section.activities.add(published_activity)
    with pytest.raises(PublishedVersionError, match=MESSAGE), transaction.atomic():
        draft.sections.first().children.add(published_section)
    # bulk=False saves each row, which checks the version it comes from.
    with pytest.raises(PublishedVersionError, match=MESSAGE), transaction.atomic():
        draft.activities.add(published_activity, bulk=False)
    assert snapshot(published) == before


def test_a_row_cannot_be_moved_out_of_a_published_version_by_save(published):
    draft = draft_start(service=published.service)
    activity = published.activities.first()
    activity.version = draft
    activity.section = draft.sections.filter(parent__isnull=False).first()
    with pytest.raises(PublishedVersionError):
        activity.save()
    assignment = Assignment.objects.filter(activity__version=published).first()
    assignment.activity = draft.activities.first()
    with pytest.raises(PublishedVersionError):
        assignment.save()


def test_drafts_stay_fully_editable(published):
    draft = draft_start(service=published.service)
    draft.title = "New title"
    draft.save()
    draft.activities.update(text="Edited")
    Assignment.objects.filter(activity__version=draft).update(letters="RA")
    draft.sections.first().delete()
    assert MatrixVersion.objects.get(pk=draft.pk).title == "New title"
    assert published.activities.exclude(text="Edited").count() == 6


def test_deleting_the_publishers_account_keeps_the_version_and_clears_only_published_by():
    user = StaffFactory()
    version = make_version()
    from responsibilities.services import version_publish

    second = version_publish(draft=draft_start(service=version.service), user=user, summary="Second")
    before = snapshot(second)
    user.delete()
    after = snapshot(second)
    assert after[0][0]["published_by_id"] is None
    before[0][0]["published_by_id"] = None
    before[0][0]["updated_at"] = after[0][0]["updated_at"]
    assert after == before
