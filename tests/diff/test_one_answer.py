"""One matching rule, one answer: every surface counts the same changes for the same two matrices.

The real Web Hosting revision (2023-08-28 → 2023-08-29) rewords 27 of its 57 activities and
adds or removes none: the public diff, the import preview (admin and import_raci --dry-run),
the applied import's audit entry, a grid save and the publish page all say so.
"""

import io

import pytest
from django.core.management import call_command

from responsibilities.diff import version_diff
from responsibilities.formats import markdown
from responsibilities.matrices import matrix_load
from responsibilities.models import AuditAction, AuditEntry
from responsibilities.services import draft_revision, draft_save_grid, draft_start, matrix_import, version_publish
from tests.factories import ServiceFactory, StaffFactory
from tests.formats.helpers import page

pytestmark = pytest.mark.django_db

OLD, NEW = "web-hosting/en-gb/2023-08-28.md", "web-hosting/en-gb/2023-08-29.md"
EXPECTED = {"added": 0, "removed": 0, "reworded": 27}


def _counts(summary: dict) -> dict:
    return {key: summary[key] for key in EXPECTED}


@pytest.fixture
def web_hosting():
    service = ServiceFactory(name="Web Hosting", slug="web-hosting")
    matrix_import(service=service, matrix=markdown.read(page(OLD)), source="2023-08-28.md", publish=True)
    return service


def test_the_public_diff_reads_27_rewordings(client, web_hosting):
    matrix_import(service=web_hosting, matrix=markdown.read(page(NEW)), source="2023-08-29.md", publish=True)

    response = client.get("/services/web-hosting/diff/1/2/")

    assert _counts(response.context["summary"]) == EXPECTED
    assert "27 activities reworded" in client.get("/services/web-hosting/versions/").content.decode()


def test_the_import_preview_and_its_audit_entry_count_what_the_diff_counts(web_hosting):
    new = markdown.read(page(NEW))
    web_hosting.refresh_from_db()
    expected = version_diff(matrix_load(web_hosting.current_version), markdown.read(page(NEW))).summary()

    preview = matrix_import(service=web_hosting, matrix=new, source="2023-08-29.md", dry_run=True)
    matrix_import(service=web_hosting, matrix=markdown.read(page(NEW)), source="2023-08-29.md")

    assert _counts(preview.counts()) == _counts(expected) == EXPECTED
    assert len(preview.changed) == 27 and not preview.added and not preview.removed
    assert preview.sentence().startswith("27 activities reworded")
    entry = AuditEntry.objects.filter(action=AuditAction.IMPORT).first()  # the newest
    assert _counts(entry.counts) == EXPECTED and "27 activities reworded" in entry.summary


def test_import_raci_dry_run_says_the_same(web_hosting, tmp_path):
    path = tmp_path / "2023-08-29.md"
    path.write_bytes(page(NEW))
    out = io.StringIO()

    call_command("import_raci", str(path), service="web-hosting", dry_run=True, stdout=out)

    assert "would replace the draft of web-hosting: 27 activities reworded" in out.getvalue()


def test_a_grid_save_and_the_publish_page_say_the_same(client, web_hosting):
    user = StaffFactory(username="root", is_superuser=True)
    draft = draft_start(service=web_hosting, user=user)

    counts = draft_save_grid(draft=draft, matrix=markdown.read(page(NEW)), user=user, revision=draft_revision(draft))
    client.force_login(user)
    publish_page = client.get(f"/admin/responsibilities/service/{web_hosting.pk}/draft/publish/").content.decode()

    assert _counts(counts) == EXPECTED
    assert _counts(AuditEntry.objects.get(action=AuditAction.SAVE).counts) == EXPECTED
    assert "<li>27 activities reworded</li>" in publish_page
    published = version_publish(draft=draft, user=user, summary="Wording", override=True)
    assert _counts(published.diff_summary) == EXPECTED
