"""Database constraints and the freeze of published versions."""

import pytest
from django.db import DataError, IntegrityError, transaction

from responsibilities.models import (
    Activity,
    Assignment,
    MatrixVersion,
    Party,
    PublishedVersionError,
    Section,
    Service,
    VersionStatus,
)
from tests.factories import ServiceFactory, make_version

pytestmark = pytest.mark.django_db


def test_service_slug_is_unique():
    ServiceFactory(slug="email-pro")
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.create(name="Other", slug="email-pro")


def test_two_versions_of_one_service_cannot_share_a_number():
    version = make_version()
    with pytest.raises(IntegrityError), transaction.atomic():
        MatrixVersion.objects.bulk_create(
            [
                MatrixVersion(
                    service=version.service,
                    number=version.number,
                    status=VersionStatus.PUBLISHED,
                    title="Copy",
                    last_updated=version.last_updated,
                )
            ]
        )


def test_a_service_has_at_most_one_draft():
    service = ServiceFactory()
    MatrixVersion.objects.create(service=service, title="Draft one")
    with pytest.raises(IntegrityError), transaction.atomic():
        MatrixVersion.objects.create(service=service, title="Draft two")


def test_a_published_version_must_have_a_number():
    service = ServiceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MatrixVersion.objects.bulk_create([MatrixVersion(service=service, title="x", status=VersionStatus.PUBLISHED)])


def test_one_assignment_per_activity_and_party():
    draft = make_version(published=False)
    activity = draft.activities.first()
    party = draft.parties.first()
    activity.assignments.filter(party=party).delete()
    Assignment.objects.create(activity=activity, party=party, letters="R")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(activity=activity, party=party, letters="I")


@pytest.mark.parametrize("letters", ["X", "AR", "RR", "", "RACIX"])
def test_letters_outside_canonical_raci_are_refused_by_the_database(letters):
    draft = make_version(published=False)
    activity = draft.activities.first()
    activity.assignments.all().delete()
    # Too long for the column is a DataError on PostgreSQL; the check constraint catches the rest.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Assignment.objects.create(activity=activity, party=draft.parties.first(), letters=letters)


def test_party_names_are_unique_within_a_version():
    draft = make_version(published=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.create(version=draft, name="Customer", slug="customer-2")


def test_activity_keys_are_unique_within_a_version():
    draft = make_version(published=False)
    first, second = draft.activities.all()[:2]
    second.key = first.key
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_published_version_cannot_be_saved_or_deleted():
    version = make_version()
    version.title = "Changed"
    with pytest.raises(PublishedVersionError):
        version.save()
    with pytest.raises(PublishedVersionError):
        version.delete()
    assert MatrixVersion.objects.get(pk=version.pk).title == "Shared responsibilities"


@pytest.mark.parametrize("model", [Party, Section, Activity, Assignment])
def test_rows_of_a_published_version_refuse_queryset_update_and_delete(model):
    version = make_version()
    rows = model.objects.all()
    field = {"Party": "name", "Section": "title", "Activity": "text", "Assignment": "letters"}[model.__name__]
    with pytest.raises(PublishedVersionError):
        rows.update(**{field: "RA" if model is Assignment else "changed"})
    with pytest.raises(PublishedVersionError):
        rows.delete()
    assert version.activities.count() == 10


def test_activity_of_a_published_version_refuses_save_delete_and_bulk_update():
    version = make_version()
    activity = version.activities.first()
    activity.text = "Rewritten"
    with pytest.raises(PublishedVersionError):
        activity.save()
    with pytest.raises(PublishedVersionError):
        activity.delete()
    with pytest.raises(PublishedVersionError):
        Activity.objects.bulk_update([activity], ["text"])
    assert Activity.objects.get(pk=activity.pk).text == "Activity number 1"


def test_rows_cannot_be_added_to_a_published_version():
    version = make_version()
    section = version.sections.first()
    with pytest.raises(PublishedVersionError):
        Activity.objects.create(version=version, section=section, text="Sneaked in")
    with pytest.raises(PublishedVersionError):
        Activity.objects.bulk_create([Activity(version=version, section=section, text="Sneaked in")])
    activity = version.activities.first()
    with pytest.raises(PublishedVersionError):
        Assignment.objects.bulk_create([Assignment(activity=activity, party=version.parties.last(), letters="C")])


def test_draft_rows_can_be_edited():
    draft = make_version(published=False)
    draft.activities.update(text="Edited")
    assert set(draft.activities.values_list("text", flat=True)) == {"Edited"}
