"""The preview warns before damage, in one sentence at its top (admin and ``import_raci --dry-run``):
a file whose title does not name the service, or that matches fewer than half of its rows."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from responsibilities.formats import markdown
from responsibilities.models import MatrixVersion
from responsibilities.services import matrix_import
from tests.factories import ServiceFactory, UserFactory, make_version
from tests.formats.helpers import CORPUS, page, shape

pytestmark = pytest.mark.django_db
EMAIL = "email-pro/en-gb/2022-11-17.md"
WEB = "web-hosting/en-gb/2023-08-28.md"
CLEAN_WEB = "web-hosting/en-gb/2023-08-29.md"  # no warning of its own


def email_pro():
    service = ServiceFactory(name="Email Pro", slug="email-pro")
    make_version(service=service, matrix=markdown.read(page(EMAIL)))
    return service


def test_a_file_of_another_service_is_cautioned_in_one_sentence():
    report = matrix_import(service=email_pro(), matrix=markdown.read(page(WEB)), dry_run=True)

    matched = len(report.published_diff.pairs)  # a few rows are alike in every matrix
    assert matched < 48 / 2
    assert report.caution == (
        "Check this file before confirming: its title “Responsibility sharing for Web hosting service” does "
        f"not name Email Pro, and it matches only {matched} of the current version's 48 rows, so confirming "
        "would replace most of the matrix."
    )


def test_a_revision_of_the_same_page_is_not_cautioned():
    report = matrix_import(
        service=email_pro(), matrix=markdown.read(page("email-pro/en-gb/2022-11-17-2.md")), dry_run=True
    )

    assert report.caution == ""


def test_a_title_the_service_had_before_is_its_own():
    service = ServiceFactory(name="Trusted Exchange")
    matrix = markdown.read(shape("links-and-markup.md"))
    make_version(service=service, matrix=matrix)

    assert matrix_import(service=service, matrix=matrix, dry_run=True).caution == ""


def test_a_file_matching_few_rows_is_cautioned_even_with_the_right_title():
    matrix = markdown.read(page(WEB))
    matrix.title = "Email Pro - Responsibility model"

    report = matrix_import(service=email_pro(), matrix=matrix, dry_run=True)

    matched = len(report.published_diff.pairs)
    assert matched < 48 / 2
    assert report.caution == (
        f"Check this file before confirming: it matches only {matched} of the current version's 48 rows, so "
        "confirming would replace most of the matrix."
    )


def test_a_title_alone_is_cautioned_for_a_service_without_rows():
    report = matrix_import(service=ServiceFactory(name="Email Pro"), matrix=markdown.read(page(WEB)), dry_run=True)

    assert report.caution == (
        "Check this file before confirming: its title “Responsibility sharing for Web hosting service” "
        "does not name Email Pro."
    )


def test_the_admin_preview_starts_with_the_caution(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    service = email_pro()

    body = client.post(
        f"/admin/responsibilities/service/{service.pk}/import/", {"file": SimpleUploadedFile("web.md", page(WEB))}
    ).content.decode()

    preview = body[body.index('class="import-preview"') :]
    assert preview.index("Check this file before confirming") < preview.index("activities. Nothing has been written")


def test_the_dry_run_says_it_first(tmp_path):
    email_pro()
    out = io.StringIO()
    call_command("import_raci", str(CORPUS / WEB), "--service", "email-pro", "--dry-run", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("warning: ") and "does not name Email Pro" in lines[0]


def test_strict_refuses_a_cautioned_file_and_writes_nothing():
    service = email_pro()

    with pytest.raises(CommandError, match=r"--strict: warnings are errors\):\n.*does not name Email Pro"):
        call_command("import_raci", str(CORPUS / CLEAN_WEB), "--service", "email-pro", "--strict", stdout=io.StringIO())

    assert not MatrixVersion.objects.drafts().filter(service=service).exists()


def test_strict_refuses_a_page_the_reader_repaired(tmp_path):
    path = tmp_path / "prose-rows.md"
    path.write_bytes(shape("prose-rows.md"))

    with pytest.raises(CommandError) as error:
        call_command("import_raci", str(path), "--service", "archive", "--dry-run", "--strict", stdout=io.StringIO())

    assert str(error.value).splitlines() == [
        "Nothing was imported (--strict: warnings are errors):",
        f"{path}: line 10: “Archives are fully reversible by design: every object can b…” is a line of prose "
        "written as a table row; it was kept as the note of section 1.1.",
        f"{path}: line 15: “Exports run outside business hours.” is a line of prose written as a table row; "
        "it was kept as the note of section 1.1.",
        f"{path}: line 25: row had 2 cells, padded to 3",
    ]


def test_strict_imports_a_page_with_nothing_to_say(tmp_path):
    path = tmp_path / "clean.md"
    path.write_bytes(shape("links-and-markup.md"))

    out = io.StringIO()
    call_command("import_raci", str(path), "--service", "archive", "--strict", stdout=out)

    assert "imported into the draft of archive (6 rows)" in out.getvalue()
