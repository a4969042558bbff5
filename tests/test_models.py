"""Database constraints: what the schema itself refuses (the freeze of published versions: test_immutability)."""

import pytest
from django.db import DataError, IntegrityError, transaction

from responsibilities.models import (
    Assignment,
    MatrixVersion,
    Party,
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
