"""import_raci with languages: guides of the documentation layout, translated pages, --language, --of-version,
letter disagreements reported (the source's letters kept), pages that do not line up refused; export_raci --language."""

import io
import json
import shutil
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from responsibilities.matrices import matrix_load
from responsibilities.models import AuditEntry, MatrixVersion, Service, Translation
from responsibilities.translations.reading import matrix_in_language, version_languages
from tests.formats.helpers import CORPUS

pytestmark = pytest.mark.django_db

EN_2021 = CORPUS / "dedicated-servers" / "en-gb" / "2021-12-01.md"
EN_2024 = CORPUS / "dedicated-servers" / "en-gb" / "2024-02-29.md"
FR_2021 = CORPUS / "dedicated-servers" / "fr-fr" / "2021-12-01.md"


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def guide(folder, **pages):
    """A guide folder of the documentation layout: {locale: source path} -> guide.<locale>.md files."""
    folder.mkdir(parents=True)
    for locale, path in pages.items():
        shutil.copy(path, folder / f"guide.{locale.replace('_', '-')}.md")
    return folder


def letters(matrix):
    return [tuple(activity.cells.values()) for _, activity in matrix.activities()]


def test_a_documentation_tree_imports_each_guide_once_with_its_other_locales_as_translations(tmp_path):
    guide(tmp_path / "docs" / "bare_metal" / "dedicated-servers-raci", en_gb=EN_2021, fr_fr=FR_2021)
    guide(tmp_path / "docs" / "web" / "deep" / "email-raci", en_gb=CORPUS / "email-pro" / "en-gb" / "2022-11-17.md")

    output = run("import_raci", str(tmp_path / "docs"), "--publish")

    assert sorted(Service.objects.values_list("slug", "source_language")) == [
        ("dedicated-servers-raci", "en-gb"),
        ("email-raci", "en-gb"),
    ]
    version = Service.objects.get(slug="dedicated-servers-raci").current_version
    assert version.number == 1 and version.language == "en-gb"
    assert version_languages(version) == ["en-gb", "fr-fr"]
    french = matrix_in_language(version, "fr-fr")
    assert french.parties == ["Client", "OVHcloud"]
    assert french.title.startswith("RACI Serveurs")
    assert letters(french) == letters(matrix_load(version))
    assert "guide.fr-fr.md: published the fr-fr translation of dedicated-servers-raci v1 (revision 1, 50 rows" in output
    assert "1 translation(s) published" in output and "2 new service(s)" in output


def test_source_language_chooses_the_guides_version(tmp_path):
    folder = guide(tmp_path / "ds", en_gb=EN_2021, fr_fr=FR_2021)

    run("import_raci", str(folder), "--publish", "--source-language", "fr-fr")

    service = Service.objects.get(slug="ds")
    assert service.source_language == "fr-fr"
    assert version_languages(service.current_version) == ["fr-fr", "en-gb"]
    assert matrix_load(service.current_version).parties == ["Client", "OVHcloud"]


def test_a_guide_without_a_page_in_the_source_language_is_refused(tmp_path):
    folder = guide(tmp_path / "ds", en_gb=EN_2021, fr_fr=FR_2021)

    with pytest.raises(CommandError, match="no page in de-de, the source language of the new service “ds”"):
        run("import_raci", str(folder), "--publish", "--source-language", "de-de")
    assert not Service.objects.exists()


def test_dry_run_shows_the_translations_and_writes_nothing(tmp_path):
    folder = guide(tmp_path / "ds", en_gb=EN_2021, fr_fr=FR_2021)

    output = run("import_raci", str(folder), "--dry-run")

    assert "guide.en-gb.md: would publish ds v1" in output
    assert "guide.fr-fr.md: would publish the fr-fr translation of ds v1 (revision 1, 50 rows translated)" in output
    assert "Dry run: nothing was written." in output
    assert not Service.objects.exists() and not Translation.objects.exists()


def published_history(tmp_path):
    folder = tmp_path / "en"
    folder.mkdir()
    shutil.copy(EN_2021, folder / "2021-12-01.md")
    shutil.copy(EN_2024, folder / "2024-02-29.md")
    run("import_raci", str(folder), "--service", "ds", "--publish", "--language", "en-gb")
    return Service.objects.get(slug="ds")


def test_a_translated_page_of_an_old_date_translates_the_version_in_force_then(tmp_path):
    service = published_history(tmp_path)
    assert service.current_version.number == 2 and service.source_language == "en-gb"

    output = run("import_raci", str(FR_2021), "--service", "ds", "--language", "fr-fr", "--publish")

    translation = Translation.objects.get()
    assert (translation.version.number, translation.language, translation.revision) == (1, "fr-fr", 1)
    assert translation.last_updated == date(2021, 12, 1)
    assert version_languages(service.current_version) == ["en-gb"]
    assert "published the fr-fr translation of ds v1" in output
    assert AuditEntry.objects.filter(action="translation_publish", version=translation.version).exists()


def test_of_version_names_the_version_and_a_mismatch_is_refused_naming_the_first_difference(tmp_path):
    published_history(tmp_path)

    with pytest.raises(CommandError) as error:
        run("import_raci", str(FR_2021), "--service", "ds", "--language", "fr-fr", "--of-version", "2", "--publish")

    message = str(error.value)
    assert message.startswith("Nothing was imported: ")
    assert "2021-12-01.md: This page does not line up with the source version" in message
    assert "section 2.2. has 1 activities in the source and 0 on the page" in message or "section 2.2." in message
    assert not Translation.objects.exists()


def test_the_language_comes_from_the_file_name(tmp_path):
    published_history(tmp_path)
    page = tmp_path / "guide.fr-fr.md"
    shutil.copy(FR_2021, page)

    run("import_raci", str(page), "--service", "ds", "--publish")

    assert Translation.objects.get().language == "fr-fr"
    assert MatrixVersion.objects.published().filter(service__slug="ds").count() == 2


def test_a_row_whose_letters_disagree_is_reported_once_and_keeps_the_source_letters(tmp_path):
    published_history(tmp_path)
    page = tmp_path / "fr.md"
    text = FR_2021.read_text(encoding="utf-8")
    assert "| Installer l'OS | RA | RI |" in text
    page.write_text(text.replace("| Installer l'OS | RA | RI |", "| Installer l'OS | I | RA |"), encoding="utf-8")

    output = run("import_raci", str(page), "--service", "ds", "--language", "fr-fr", "--publish")

    warnings = [line for line in output.splitlines() if "the source's letters are kept" in line]
    assert warnings == [
        "warning: "
        + str(page)
        + ": Section 2.3., activity “Installer l'OS” (source: “Install the OS”): the page gives "
        "Client I, OVHcloud RA where the source gives Customer RA, OVHcloud RI; the source's letters are kept."
    ]
    version = MatrixVersion.objects.get(service__slug="ds", number=1)
    french = matrix_in_language(version, "fr-fr")
    row = next(a for _, a in french.activities() if a.text == "Installer l'OS")
    assert row.cells == {"Client": "RA", "OVHcloud": "RI"}


def test_strict_refuses_a_letter_disagreement(tmp_path):
    published_history(tmp_path)
    page = tmp_path / "fr.md"
    text = FR_2021.read_text(encoding="utf-8")
    page.write_text(text.replace("| Installer l'OS | RA | RI |", "| Installer l'OS | I | RA |"), encoding="utf-8")

    with pytest.raises(CommandError, match="--strict: warnings are errors"):
        run("import_raci", str(page), "--service", "ds", "--language", "fr-fr", "--publish", "--strict")
    assert not Translation.objects.exists()


def test_importing_the_same_translation_again_is_skipped(tmp_path):
    folder = guide(tmp_path / "ds", en_gb=EN_2021, fr_fr=FR_2021)
    run("import_raci", str(folder), "--publish")

    output = run("import_raci", str(folder), "--publish")

    assert "guide.fr-fr.md: identical to the fr-fr translation of ds v1 (revision 1), skipped" in output
    assert Translation.objects.count() == 1


def test_a_corrected_page_becomes_the_next_revision(tmp_path):
    folder = guide(tmp_path / "ds", en_gb=EN_2021, fr_fr=FR_2021)
    run("import_raci", str(folder), "--publish")
    page = folder / "guide.fr-fr.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Installer l'OS", "Installer le système"), "utf-8")

    run("import_raci", str(folder), "--publish")

    assert list(Translation.objects.order_by("revision").values_list("revision", flat=True)) == [1, 2]
    version = Service.objects.get(slug="ds").current_version
    assert any(a.text == "Installer le système" for _, a in matrix_in_language(version, "fr-fr").activities())


def test_a_translation_without_publish_lands_in_a_draft(tmp_path):
    published_history(tmp_path)

    output = run("import_raci", str(FR_2021), "--service", "ds", "--language", "fr-fr")

    translation = Translation.objects.get()
    assert translation.status == "draft" and "imported into the draft of the fr-fr translation of ds v1" in output


def test_a_bad_language_code_is_refused():
    with pytest.raises(CommandError, match="--language: “fr fr” is not a language code"):
        run("import_raci", str(FR_2021), "--language", "fr fr")


def test_export_in_a_language_and_the_archive_round_trip(tmp_path):
    folder = guide(tmp_path / "ds", en_gb=EN_2021, fr_fr=FR_2021)
    run("import_raci", str(folder), "--publish")

    markdown = tmp_path / "fr.md"
    call_command(
        "export_raci", "ds", "1", "--format", "md", "--language", "fr-fr", "-o", str(markdown), stderr=io.StringIO()
    )
    assert "Client" in markdown.read_text(encoding="utf-8")
    document = json.loads(run("export_raci", "ds", "--format", "json", "--language", "fr-fr"))
    assert document["language"] == "fr-fr" and document["parties"] == ["Client", "OVHcloud"]
    with pytest.raises(CommandError, match=r"ds v1 has no published translation in de \(its languages: en-gb, fr-fr\)"):
        run("export_raci", "ds", "--language", "de")

    archive = tmp_path / "archive"
    run("export_raci", "--all", "-o", str(archive))
    assert sorted(path.name for path in (archive / "ds").iterdir()) == ["0001.fr-fr.json", "0001.json"]
    original = Service.objects.get(slug="ds").current_version
    run("import_raci", str(archive), "--service", "restored", "--publish", "--source-language", "en-gb")
    restored = Service.objects.get(slug="restored").current_version
    assert version_languages(restored) == ["en-gb", "fr-fr"]
    assert letters(matrix_load(restored)) == letters(matrix_load(original))
    restored_fr, original_fr = matrix_in_language(restored, "fr-fr"), matrix_in_language(original, "fr-fr")
    assert [a.text for _, a in restored_fr.activities()] == [a.text for _, a in original_fr.activities()]
