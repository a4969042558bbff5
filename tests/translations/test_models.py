"""A published translation is frozen like a version; its texts are tied to the version's rows and hold no letters."""

import pytest
from django.db import IntegrityError, transaction

from responsibilities.models import (
    Assignment,
    MatrixVersion,
    PublishedVersionError,
    TranslatedActivity,
    TranslatedParty,
    TranslatedSection,
    Translation,
    TranslationStatus,
)
from responsibilities.services import translation_start
from tests.factories import make_translation, make_version

pytestmark = pytest.mark.django_db

MESSAGE = "belongs to a published translation, which can never be changed"


@pytest.fixture
def translation():
    return make_translation(make_version(activities=4), "fr")


def test_translation_texts_are_rows_of_their_version(translation):
    version = translation.version
    assert {row.activity.version_id for row in translation.activities.select_related("activity")} == {version.pk}
    assert {row.section.version_id for row in translation.sections.select_related("section")} == {version.pk}
    assert {row.party.version_id for row in translation.parties.select_related("party")} == {version.pk}


def test_translation_models_hold_no_letters():
    for model in (Translation, TranslatedParty, TranslatedSection, TranslatedActivity):
        names = {f.name for f in model._meta.get_fields()}
        assert "letters" not in names and "assignments" not in names, model


def test_published_translation_refuses_save_and_delete(translation):
    translation.title = "Changed"
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        translation.save()
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        translation.delete()
    assert Translation.objects.get(pk=translation.pk).title.startswith("FR ")


@pytest.mark.parametrize("model", [TranslatedParty, TranslatedSection, TranslatedActivity])
def test_published_translation_texts_refuse_every_write_path(translation, model):
    rows = model.objects.filter(translation=translation)
    field = {TranslatedParty: "name", TranslatedSection: "title", TranslatedActivity: "text"}[model]
    row = rows.first()
    setattr(row, field, "Changed")
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        row.save()
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        row.delete()
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        rows.update(**{field: "Changed"})
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        rows.delete()
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        model.objects.bulk_update([row], [field])
    clone = model.objects.filter(pk=row.pk).first()
    clone.pk = None
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        model.objects.bulk_create([clone])
    assert not model.objects.filter(translation=translation, **{field: "Changed"}).exists()


def test_published_translation_queryset_update_and_delete_refused(translation):
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        Translation.objects.filter(pk=translation.pk).update(title="Changed")
    with pytest.raises(PublishedVersionError, match=MESSAGE):
        Translation.objects.filter(pk=translation.pk).delete()


def test_deleting_the_publisher_keeps_the_published_translation(translation):
    from tests.factories import StaffFactory

    user = StaffFactory()
    Translation.objects.filter(pk=translation.pk).update(published_by=None)  # the one erasable field
    translation_start(version=translation.version, language="de")
    user.delete()
    assert Translation.objects.get(pk=translation.pk).is_published


def test_a_published_version_with_translations_keeps_its_own_rows_and_letters(translation):
    version = MatrixVersion.objects.get(pk=translation.version_id)
    letters = sorted(Assignment.objects.filter(activity__version=version).values_list("letters", flat=True))
    assert version.title == "Shared responsibilities"
    assert letters == sorted(["RA", "I"] * 4)


def test_one_draft_per_version_and_language(translation):
    draft = translation_start(version=translation.version, language="fr")
    assert draft.status == TranslationStatus.DRAFT
    assert translation_start(version=translation.version, language="fr").pk == draft.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Translation.objects.create(version=translation.version, language="fr")


def test_revision_numbers_are_unique_per_version_and_language(translation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Translation.objects.create(
            version=translation.version, language="fr", status=TranslationStatus.PUBLISHED, revision=1
        )


def test_a_published_translation_needs_a_revision(translation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Translation.objects.create(version=translation.version, language="de", status=TranslationStatus.PUBLISHED)
