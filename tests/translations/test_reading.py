"""A version read in a language: the translation's words, the source's letters, a fixed number of queries."""

import pytest

from responsibilities.formats.json_format import fingerprint
from responsibilities.matrices import matrix_load
from responsibilities.models import MatrixVersion, Service
from responsibilities.services import translation_publish, translation_save, translation_start
from responsibilities.translations.reading import (
    NoTranslation,
    languages_by_version,
    matrix_in_language,
    newest_translated_versions,
    version_languages,
)
from tests.factories import make_translation, make_version

pytestmark = pytest.mark.django_db


def letters(matrix):
    return [[activity.cells[party] for party in matrix.parties] for _, activity in matrix.activities()]


def test_matrix_in_language_gives_the_translation_words_and_the_source_letters():
    version = make_version(activities=6)
    make_translation(version, "fr-fr")
    source = matrix_load(version)
    french = matrix_in_language(version, "fr-fr")
    assert french.language == "fr-fr"
    assert french.title == "FR Shared responsibilities"
    assert french.parties == ["FR Customer", "FR OVHcloud"]
    assert [a.text for _, a in french.activities()] == [f"FR {a.text}" for _, a in source.activities()]
    assert [s.title for _, s in french.walk()] == [f"FR {s.title}" for _, s in source.walk()]
    assert letters(french) == letters(source)
    assert [a.key for _, a in french.activities()] == [a.key for _, a in source.activities()]


def test_matrix_in_language_of_the_source_language_is_the_version_as_written():
    version = make_version(activities=3)
    assert matrix_in_language(version, "en").language == ""
    assert matrix_in_language(version, None).title == version.title


def test_matrix_in_language_without_that_translation_raises():
    version = make_version(activities=3)
    make_translation(version, "fr-fr")
    with pytest.raises(NoTranslation):
        matrix_in_language(version, "fr")  # exact codes only: choosing a fallback is the caller's
    with pytest.raises(NoTranslation):
        matrix_in_language(version, "de")


def test_a_draft_translation_is_not_read():
    version = make_version(activities=3)
    make_translation(version, "de", publish=False)
    with pytest.raises(NoTranslation):
        matrix_in_language(version, "de")
    assert version_languages(version) == ["en"]


def test_blank_texts_fall_back_to_the_source_words():
    version = make_version(activities=3)
    draft = translation_start(version=version, language="it")
    first_activity = version.activities.order_by("section_id", "order").first()
    translation_save(translation=draft, title="Responsabilità", activities={first_activity.pk: "Attività uno"})
    translation_publish(translation=draft)
    italian = matrix_in_language(version, "it")
    texts = [a.text for _, a in italian.activities()]
    assert italian.title == "Responsabilità"
    assert texts[0] == "Attività uno"
    assert texts[1:] == [a.text for _, a in list(matrix_load(version).activities())[1:]]
    assert italian.parties == ["Customer", "OVHcloud"]


def test_the_latest_published_revision_is_read():
    version = make_version(activities=3)
    make_translation(version, "fr", prefix="FR ")
    draft = translation_start(version=version, language="fr")
    translation_save(translation=draft, title="Responsabilités partagées (corrigé)")
    translation_publish(translation=draft)
    assert matrix_in_language(version, "fr").title == "Responsabilités partagées (corrigé)"


def test_version_languages_lists_the_own_language_first_then_translations_sorted():
    service = Service.objects.create(name="Guide", slug="guide", source_language="en-gb")
    version = make_version(service=service, activities=2)
    for language in ("fr-fr", "de-de", "en-au"):
        make_translation(version, language)
    assert version.language == "en-gb"
    assert version_languages(version) == ["en-gb", "de-de", "en-au", "fr-fr"]
    assert languages_by_version([version]) == {version.pk: ["en-gb", "de-de", "en-au", "fr-fr"]}


def test_an_old_version_keeps_its_translation_after_a_newer_version_is_published():
    first = make_version(activities=3)
    make_translation(first, "fr")
    second = make_version(service=first.service, activities=4, summary="Second")
    assert second.number == 2
    assert version_languages(second) == ["en"]
    assert version_languages(first) == ["en", "fr"]
    assert newest_translated_versions(first.service_id) == {"fr": 1}
    make_translation(second, "fr")
    assert newest_translated_versions(first.service_id) == {"fr": 2}
    assert matrix_in_language(first, "fr").activity_count() == 3


def test_the_source_language_changing_later_does_not_change_a_published_version():
    version = make_version(activities=2)
    Service.objects.filter(pk=version.service_id).update(source_language="fr")
    version = MatrixVersion.objects.select_related("service").get(pk=version.pk)
    assert version_languages(version) == ["en"]


def test_translations_leave_the_source_fingerprint_alone():
    version = make_version(activities=5)
    before = version.fingerprint
    translation = make_translation(version, "fr")
    assert fingerprint(matrix_load(version)) == before == MatrixVersion.objects.get(pk=version.pk).fingerprint
    assert translation.fingerprint == fingerprint(matrix_in_language(version, "fr"))
    assert translation.fingerprint != before


@pytest.mark.parametrize("size", [5, 200])
def test_matrix_in_language_runs_a_fixed_number_of_queries(size, django_assert_max_num_queries):
    version = make_version(activities=size)
    make_translation(version, "fr")
    version = MatrixVersion.objects.select_related("service").get(pk=version.pk)
    with django_assert_max_num_queries(9):
        matrix = matrix_in_language(version, "fr")
    assert matrix.activity_count() == size
    with django_assert_max_num_queries(1):
        version_languages(version)
    with django_assert_max_num_queries(1):
        languages_by_version([version])
    with django_assert_max_num_queries(1):
        newest_translated_versions(version.service_id)


def test_translating_a_newer_version_carries_the_rows_whose_source_did_not_change():
    from responsibilities.matrices import matrix_load as load
    from responsibilities.matrices import matrix_write
    from responsibilities.services import (
        draft_save_grid,  # noqa: F401 - the draft is written directly below
        draft_start,
        version_publish,
    )

    first = make_version(activities=4)
    make_translation(first, "fr")
    draft = draft_start(service=first.service)
    matrix = load(draft)
    activities = [activity for _, activity in matrix.activities()]
    activities[0].text = "Reworded in English"
    matrix_write(version=draft, matrix=matrix)
    second = version_publish(draft=draft, summary="Reworded", last_updated=first.last_updated)

    carried = translation_start(version=second, language="fr")

    texts = dict(carried.activities.values_list("activity__text", "text"))
    assert "Reworded in English" not in texts  # reworded: starts empty, the source's words show
    assert texts == {a.text: f"FR {a.text}" for a in activities[1:]}
    assert carried.status == "draft" and carried.title == "FR Shared responsibilities"
