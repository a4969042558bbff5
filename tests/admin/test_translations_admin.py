"""The admin's translations: per version each one's language, rows covered and standing; the editor beside
the source (letters read-only), publish, revise, discard; the audit trail; per-service permissions."""

import pytest
from django.urls import reverse

from responsibilities.models import AuditEntry, MatrixVersion, Translation
from responsibilities.services import translation_start
from responsibilities.translations.reading import matrix_in_language
from tests.factories import make_translation, make_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(service):
    return MatrixVersion.objects.select_related("service").get(service=service, number=1)


def editor(translation, step="change"):
    if step == "change":
        return reverse("admin:responsibilities_translation_change", args=[translation.pk])
    return reverse(f"admin:responsibilities_translation_{step}", args=[translation.pk])


def test_version_page_lists_each_translation_with_rows_covered_and_standing(manager_client, version):
    make_translation(version, "fr-fr")
    make_version(service=version.service, activities=7, summary="Second")  # French is now behind
    draft = translation_start(version=version, language="de")

    body = manager_client.get(
        reverse("admin:responsibilities_matrixversion_change", args=[version.pk])
    ).content.decode()

    assert "Translations of this version" in body
    assert "fr-fr" in body and "6 / 6" in body and "out of date: a newer version is published" in body
    assert "de" in body and "0 / 6" in body
    assert editor(draft) in body
    assert reverse("admin:responsibilities_translation_start", args=[version.pk]) in body


def test_translation_list_shows_coverage_and_out_of_date(manager_client, version):
    make_translation(version, "fr-fr")
    body = manager_client.get(reverse("admin:responsibilities_translation_changelist")).content.decode()
    assert "fr-fr" in body and "6 / 6" in body


def test_start_edit_save_and_publish_a_translation(manager_client, manager, version):
    response = manager_client.post(
        reverse("admin:responsibilities_translation_start", args=[version.pk]), {"language": "it"}
    )
    translation = Translation.objects.get(language="it")
    assert response.status_code == 302 and response["Location"] == editor(translation)

    page = manager_client.get(editor(translation)).content.decode()
    activity = version.activities.order_by("section_id", "order").first()
    assert activity.text in page and f'name="activity-{activity.pk}"' in page
    assert 'name="letters' not in page  # letters are shown, never an input
    party = version.parties.order_by("order").first()

    response = manager_client.post(
        editor(translation),
        {"title": "Responsabilità", f"activity-{activity.pk}": "Attività", f"party-{party.pk}": "Cliente"},
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.title == "Responsabilità" and translation.status == "draft"

    response = manager_client.post(editor(translation, "publish"))
    translation.refresh_from_db()
    assert translation.is_published and translation.revision == 1 and translation.published_by == manager
    italian = matrix_in_language(MatrixVersion.objects.get(pk=version.pk), "it")
    assert italian.parties[0] == "Cliente"
    assert next(italian.activities())[1].text == "Attività"
    actions = list(AuditEntry.objects.filter(version=version).values_list("action", flat=True))
    assert {"translation_save", "translation_publish"} <= set(actions)


def test_a_published_translation_is_read_only_and_is_corrected_by_a_new_revision(manager_client, version):
    published = make_translation(version, "fr")
    page = manager_client.get(editor(published)).content.decode()
    assert "can never change" in page and "readonly" in page and "Save the translation" not in page

    response = manager_client.post(editor(published), {"title": "Changed"})
    published.refresh_from_db()
    assert published.title == "FR Shared responsibilities"
    assert response.status_code == 200

    response = manager_client.post(editor(published, "revise"))
    draft = Translation.objects.get(language="fr", status="draft")
    assert response["Location"] == editor(draft)
    assert draft.title == published.title  # the revision starts as a copy


def test_discarding_a_draft_keeps_the_published_revisions(manager_client, version):
    make_translation(version, "fr")
    draft = translation_start(version=version, language="fr")
    manager_client.post(editor(draft, "discard"))
    assert list(Translation.objects.values_list("status", flat=True)) == ["published"]


def test_a_text_too_long_is_refused_naming_it(manager_client, version):
    draft = translation_start(version=version, language="fr")
    party = version.parties.order_by("order").first()
    response = manager_client.post(editor(draft), {f"party-{party.pk}": "x" * 101}, follow=True)
    assert "The name of “Customer” is 101 characters long; at most 100 are allowed." in response.content.decode()


def test_an_unknown_language_code_is_refused_on_start(manager_client, version):
    response = manager_client.post(
        reverse("admin:responsibilities_translation_start", args=[version.pk]), {"language": "not a code"}
    )
    assert "is not a language code" in response.content.decode() and not Translation.objects.exists()


def test_a_manager_of_another_service_gets_403_everywhere(client, other_manager, version):
    translation = make_translation(version, "fr")
    client.force_login(other_manager)
    for url in (
        editor(translation),
        reverse("admin:responsibilities_translation_start", args=[version.pk]),
    ):
        assert client.get(url).status_code == 403
    for step in ("publish", "discard", "revise"):
        assert client.post(editor(translation, step)).status_code == 403
    listing = client.get(reverse("admin:responsibilities_translation_changelist"))
    assert listing.status_code == 200 and listing.context["cl"].result_count == 0
    assert Translation.objects.count() == 1


@pytest.mark.parametrize("size", [6, 120])
def test_the_editor_runs_a_fixed_number_of_queries(manager_client, service, size, django_assert_max_num_queries):
    version = make_version(service=service, activities=size, summary="Bigger")
    draft = translation_start(version=version, language="fr")
    with django_assert_max_num_queries(22):
        response = manager_client.get(editor(draft))
    assert response.status_code == 200


def test_the_service_form_takes_the_source_language_as_file_names_write_it(client, managers_group):
    from tests.factories import StaffFactory

    user = StaffFactory(username="carol", is_superuser=True)
    client.force_login(user)
    url = reverse("admin:responsibilities_service_add")
    client.post(url, {"name": "Object Storage", "slug": "object-storage", "source_language": "fr_FR"})
    client.post(url, {"name": "Block Storage", "slug": "block-storage"})
    response = client.post(url, {"name": "Bad", "slug": "bad", "source_language": "not a code"})
    from responsibilities.models import Service

    assert dict(Service.objects.values_list("slug", "source_language")) == {
        "object-storage": "fr-fr",
        "block-storage": "en",
    }
    assert "is not a language code" in response.content.decode()


def _upload(client, version, text, name="guide.fr-fr.md", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:responsibilities_translation_upload", args=[version.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, text.encode()), **extra})


def _page(version, *, swap_first=False):
    """A translated markdown page of ``version`` (the factories' FR texts), its first row's letters swapped if asked."""
    from responsibilities.formats import write
    from tests.factories import translated_page

    matrix = translated_page(version, "fr-fr")
    if swap_first:
        first = next(matrix.activities())[1]
        first.cells = dict(zip(first.cells, reversed(list(first.cells.values())), strict=True))
    return write(matrix, "md").decode()


def test_upload_a_translated_page_previews_its_disagreements_then_writes_the_draft(manager_client, version):
    response = _upload(manager_client, version, _page(version, swap_first=True))
    body = response.content.decode()
    assert "Nothing has been written yet." in body and not Translation.objects.exists()
    assert "1 row gives other letters than the source" in body
    assert "the source&#x27;s letters are kept" in body or "the source's letters are kept" in body

    response = manager_client.post(
        reverse("admin:responsibilities_translation_upload", args=[version.pk]),
        {"confirm": "1", "token": response.context["token"]},
    )
    translation = Translation.objects.get()
    assert response["Location"] == editor(translation)
    assert (translation.language, translation.status) == ("fr-fr", "draft")
    assert AuditEntry.objects.filter(action="translation_import", version=version).exists()


def test_upload_of_a_page_that_does_not_line_up_is_refused_naming_where(manager_client, version):
    text = _page(version)
    shorter = "\n".join(line for line in text.splitlines() if "FR Activity number 1 " not in line + " ")
    response = _upload(manager_client, version, shorter)
    body = response.content.decode()
    assert "does not line up with the source version" in body and "section 1.1." in body
    assert not Translation.objects.exists()


def test_upload_needs_a_language(manager_client, version):
    response = _upload(manager_client, version, _page(version), name="page.md")
    assert "Say the page&#x27;s language" in response.content.decode() or "Say the page's language" in (
        response.content.decode()
    )


def test_the_audit_trail_shows_the_translation_steps(manager_client, version):
    draft = translation_start(version=version, language="fr")
    manager_client.post(editor(draft), {"title": "Responsabilités"})
    manager_client.post(editor(draft, "publish"))

    response = manager_client.get(reverse("admin:responsibilities_auditentry_changelist"))

    body = response.content.decode()
    assert response.status_code == 200
    for label in ("Edited a translation", "Published a translation"):
        assert label in body
    entry = AuditEntry.objects.filter(action="translation_publish").get()
    assert manager_client.get(reverse("admin:responsibilities_auditentry_change", args=[entry.pk])).status_code == 200
