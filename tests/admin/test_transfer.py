"""Admin: import (upload → dry-run preview → confirm) and export of a service's versions."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from responsibilities.formats import read_file, write
from responsibilities.models import MatrixVersion
from tests.factories import ServiceFactory, UserFactory, make_version, sample_matrix
from tests.formats.helpers import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    return client


def import_url(service):
    return f"/admin/responsibilities/service/{service.pk}/import/"


def upload(name, data):
    return SimpleUploadedFile(name, data)


def token_of(body: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', body)[1]


def counts_shown(body: str) -> dict[str, str]:
    """The preview's counts, as the diff page lays them out (<dt>name</dt><dd>count</dd>)."""
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", body))


def test_service_page_links_import_and_export(admin_client):
    service = ServiceFactory()

    body = admin_client.get(f"/admin/responsibilities/service/{service.pk}/change/").content.decode()

    assert f'href="{import_url(service)}"' in body
    assert f'href="/admin/responsibilities/service/{service.pk}/export/"' in body


def test_upload_shows_a_preview_and_writes_nothing(admin_client):
    version = make_version(activities=6)
    matrix = sample_matrix(6)
    matrix.sections[0].children[0].activities[0].cells = {"Customer": "I", "OVHcloud": "RA"}
    matrix.sections[0].children[0].activities.pop(1)

    response = admin_client.post(import_url(version.service), {"file": upload("m.xlsx", write(matrix, "xlsx"))})

    body = response.content.decode()
    assert response.status_code == 200
    assert counts_shown(body) == {
        "Added": "0",
        "Removed": "1",
        "Reworded": "0",
        "Moved": "0",
        "Letter cells changed": "2",
        "Responsibility shifts": "2",  # R and A both move from the customer to the provider
        "Unchanged activities": "4",
    }
    assert "What changes from the published version 1" in body
    assert 'name="confirm"' in body
    assert not MatrixVersion.objects.drafts().exists()


def test_confirm_applies_the_previewed_file_to_the_draft(admin_client):
    service = ServiceFactory()
    response = admin_client.post(
        import_url(service), {"file": upload("email-pro.md", page("email-pro/en-gb/2022-11-17.md"))}
    )
    token = response.context["token"]

    response = admin_client.post(import_url(service), {"confirm": "1", "token": token})

    draft = MatrixVersion.objects.drafts().get(service=service)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/responsibilities/service/{service.pk}/change/"
    assert draft.activities.count() == 48
    assert draft.audit_entries.get().get_action_display() == "Imported into the draft"
    assert draft.title == "Email Pro - Responsibility model"
    # The token is used up: confirming twice does not import twice.
    again = admin_client.post(import_url(service), {"confirm": "1", "token": token}, follow=True)
    assert "This preview has expired" in again.content.decode()


def test_a_bad_file_shows_every_problem_with_row_and_column(admin_client):
    service = ServiceFactory()
    data = b"Section,Section title,Activity,Customer,OVHcloud\n1,One,Do,RA,X\n1,One,Again,Q,I\n"

    body = admin_client.post(import_url(service), {"file": upload("m.csv", data)}).content.decode()

    assert "m.csv, row 2, column “OVHcloud”: “X” is not a set of R/A/C/I letters" in body
    assert "m.csv, row 3, column “Customer”: “Q” is not a set of R/A/C/I letters" in body
    assert not MatrixVersion.objects.exists()


def test_html_in_imported_text_is_shown_as_text(admin_client):
    service = ServiceFactory()
    data = b"Section,Section title,Activity,Customer\n1,One,<script>alert(1)</script>,RA\n"

    body = admin_client.post(import_url(service), {"file": upload("m.csv", data)}).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body


def test_staff_who_do_not_edit_the_service_are_refused(client, service, other_manager):
    client.force_login(other_manager)

    assert client.get(import_url(service)).status_code == 403
    assert client.get(f"/admin/responsibilities/service/{service.pk}/export/").status_code == 403
    assert client.post(import_url(service), {"file": upload("m.csv", b"x")}).status_code == 403


def test_an_editor_of_the_service_can_import(manager_client, service):
    data = b"Section,Section title,Activity,Customer,OVHcloud\n1,One,Do,RA,I\n"

    response = manager_client.post(import_url(service), {"file": upload("m.csv", data)})

    assert response.status_code == 200 and 'name="confirm"' in response.content.decode()


def test_anonymous_users_are_sent_to_the_login(client):
    service = ServiceFactory()

    response = client.get(import_url(service))

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "ods", "json", "md"])
def test_export_downloads_any_version_in_every_format(admin_client, fmt):
    service = ServiceFactory(slug="email-pro")
    make_version(service=service, activities=4)
    draft = make_version(service=service, activities=9, published=False)

    response = admin_client.get(
        f"/admin/responsibilities/service/{service.pk}/export/", {"version": draft.pk, "fmt": fmt}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="email-pro-draft.{fmt}"'
    assert read_file(response.content, filename=f"x.{fmt}").activity_count() == 9


def test_a_file_over_the_size_limit_is_refused_before_reading(admin_client, settings):
    settings.RACI_MAX_IMPORT_BYTES = 50
    service = ServiceFactory()

    body = admin_client.post(import_url(service), {"file": upload("big.csv", b"x" * 80)}).content.decode()

    assert "big.csv: the file is 80 bytes, over the 50 bytes limit for imports" in body
    assert not MatrixVersion.objects.exists()


def test_confirm_that_fails_changes_nothing_and_says_why(admin_client):
    version = make_version(activities=3)
    data = b"Section,Section title,Activity,Customer,customer\n1,One,Do,RA,I\n"  # two parties, one slug
    token = admin_client.post(import_url(version.service), {"file": upload("m.csv", data)}).context["token"]

    response = admin_client.post(import_url(version.service), {"confirm": "1", "token": token}, follow=True)

    assert "Nothing was imported" in response.content.decode()
    assert not MatrixVersion.objects.drafts().exists()


def test_a_preview_cannot_be_confirmed_on_another_service(admin_client):
    first, second = ServiceFactory(), ServiceFactory()
    data = b"Section,Section title,Activity,Customer\n1,One,Do,RA\n"
    token = admin_client.post(import_url(first), {"file": upload("m.csv", data)}).context["token"]

    admin_client.post(import_url(second), {"confirm": "1", "token": token})

    assert not MatrixVersion.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [("deep.json", "is nested 7 levels deep; sections nest at most 6 levels"), ("bomb.xlsx", "zip bomb")],
)
def test_a_hostile_upload_is_explained_on_the_form_not_a_server_error(admin_client, tmp_path, name, message):
    from bench.hostile import xlsx
    from tests.formats.test_hostile_files import nested_json

    if name == "bomb.xlsx":
        xlsx(tmp_path / name, [], shared=(["a" * (4 << 20)],))
        data = (tmp_path / name).read_bytes()
    else:
        data = nested_json(1_100)
    service = ServiceFactory()

    response = admin_client.post(import_url(service), {"file": upload(name, data)})

    assert response.status_code == 200 and message in response.content.decode()
    assert not MatrixVersion.objects.filter(service=service).exists()


WEB_OLD, WEB_NEW = "web-hosting/en-gb/2023-08-28.md", "web-hosting/en-gb/2023-08-29.md"


def _web_hosting():
    from responsibilities.formats import markdown

    service = ServiceFactory(name="Web Hosting", slug="web-hosting")
    make_version(service=service, matrix=markdown.read(page(WEB_OLD)))
    return service


def test_the_preview_of_a_real_revision_counts_what_the_public_diff_counts(admin_client, client):
    """The Web Hosting page of 2023-08-29 over the one of 2023-08-28: 27 activities reworded, as the
    diff page says, each shown old → new; never "27 added / 27 removed"."""
    service = _web_hosting()
    body = admin_client.post(import_url(service), {"file": upload("web.md", page(WEB_NEW))}).content.decode()
    preview = counts_shown(body)

    admin_client.post(import_url(service), {"confirm": "1", "token": token_of(body)})
    admin_client.post(
        f"/admin/responsibilities/service/{service.pk}/draft/publish/",
        {"change_summary": "Rewording", "last_updated": "2023-08-29"},
    )
    diff_page = client.get("/services/web-hosting/diff/1/2/").content.decode()

    assert preview["Reworded"] == "27" and preview["Added"] == preview["Removed"] == "0"
    assert preview == {key: value for key, value in counts_shown(diff_page).items() if key in preview}
    assert "27 activities reworded." in body
    assert body.count('<td class="words">') == 27
    assert "Decide the domain name you will use for the <del>web site</del>" in body
    assert "Decide the domain name you will use for the <ins>website</ins>" in body


def test_the_preview_against_a_draft_also_says_how_the_file_differs_from_what_readers_see(admin_client):
    service = _web_hosting()
    from responsibilities.services import draft_start

    draft_start(service=service)

    body = admin_client.post(import_url(service), {"file": upload("web.md", page(WEB_NEW))}).content.decode()

    assert "What confirming changes in the draft" in body
    assert "Against the published version 1, which readers see now: 27 activities reworded." in body


def test_the_change_summary_typed_at_import_reaches_the_publish_form_and_the_audit_trail(admin_client):
    service = _web_hosting()
    body = admin_client.post(
        import_url(service), {"file": upload("web.md", page(WEB_NEW)), "summary": "Typos fixed in 27 rows"}
    ).content.decode()
    assert "Typos fixed in 27 rows" in body  # shown in the preview

    admin_client.post(import_url(service), {"confirm": "1", "token": token_of(body)})

    publish = admin_client.get(f"/admin/responsibilities/service/{service.pk}/draft/publish/")
    assert publish.context["form"]["change_summary"].value() == "Typos fixed in 27 rows"
    entry = MatrixVersion.objects.drafts().get(service=service).audit_entries.get()
    assert entry.change_summary == "Typos fixed in 27 rows"
    assert len([item for item in entry.detail if item["kind"] == "reworded"]) == 27


@pytest.mark.parametrize("rows", [6, 60])
def test_the_preview_costs_a_fixed_number_of_queries(admin_client, django_assert_max_num_queries, rows):
    version = make_version(activities=rows)
    data = write(sample_matrix(rows), "xlsx")
    with django_assert_max_num_queries(14):
        admin_client.post(import_url(version.service), {"file": upload("m.xlsx", data)})


def test_the_preview_reads_in_french_too(admin_client):
    service = _web_hosting()

    body = admin_client.post(
        import_url(service), {"file": upload("web.md", page(WEB_NEW))}, headers={"accept-language": "fr"}
    ).content.decode()

    assert counts_shown(body)["Reformulées"] == "27"
    assert "web.md : 57 activités. Rien n’a encore été enregistré." in body
    assert "Ce qui change par rapport à la version publiée 1" in body
