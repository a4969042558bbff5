"""The write API for pipelines: import into the draft (or its dry run) and publish, with a token,
exactly the admin's per-service permissions, the admin's messages and audit entries "via the API"."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from responsibilities.formats import write
from responsibilities.models import AuditAction, AuditEntry, MatrixVersion
from tests.api.conftest import authorized
from tests.factories import ServiceFactory, StaffFactory, UserFactory, sample_matrix

pytestmark = pytest.mark.django_db

IMPORT = "/api/v1/services/email-pro/draft/import"
PUBLISH = "/api/v1/services/email-pro/draft/publish"


def _changed_csv() -> bytes:
    matrix = sample_matrix(6)
    matrix.sections[0].children[0].activities[0].cells = {"Customer": "I", "OVHcloud": "RA"}
    matrix.sections[0].children[0].activities.pop(1)
    return write(matrix, "csv")


def _upload(data: bytes, name: str = "matrix.csv"):
    return SimpleUploadedFile(name, data)


def _state():
    """Everything a refused write must leave as it was."""
    return (
        list(MatrixVersion.objects.order_by("pk").values_list("pk", "status", "number", "title")),
        AuditEntry.objects.count(),
    )


def test_a_dry_run_answers_the_admin_preview_and_changes_nothing(client, service, token):
    before = _state()
    response = client.post(IMPORT, {"file": _upload(_changed_csv()), "dry_run": "true"}, **authorized(token))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is True
    assert body["counts"]["removed"] == 1
    assert len(body["removed"]) == 1 and len(body["changed"]) == 1
    assert body["sentence"] == "1 activity removed; 2 letter cells changed; 2 responsibility shifts to the provider."
    assert {(c["party"], c["before"], c["after"]) for c in body["letter_changes"]} == {
        ("Customer", "RA", "I"),
        ("OVHcloud", "I", "RA"),
    }
    assert "message" not in body
    assert _state() == before


def test_an_import_replaces_the_draft_and_is_audited_via_the_api(client, service, token, manager):
    response = client.post(IMPORT, {"file": _upload(_changed_csv())}, **authorized(token))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is False
    assert body["message"] == "matrix.csv was imported into the draft: " + body["sentence"]
    draft = MatrixVersion.objects.drafts().get(service=service)
    assert draft.activities.count() == 5
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.user == manager
    assert entry.summary.endswith("(via the API)")
    assert entry.summary.startswith("Imported matrix.csv: ")


def test_a_pipeline_imports_and_publishes_its_service(client, service, token, manager):
    client.post(IMPORT, {"file": _upload(_changed_csv())}, **authorized(token))
    response = client.post(
        PUBLISH,
        {"summary": "Backups are the provider's", "last_updated": "2026-12-01"},
        content_type="application/json",
        **authorized(token),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 2
    assert body["message"] == "Version 2 of Email Pro is published."
    assert body["url"] == "http://testserver/api/v1/services/email-pro/versions/2/"
    version = MatrixVersion.objects.published().get(service=service, number=2)
    assert version.published_by == manager
    assert version.last_updated == datetime.date(2026, 12, 1)
    assert body["fingerprint"] == version.fingerprint
    entry = AuditEntry.objects.get(action=AuditAction.PUBLISH, version=version)
    assert entry.summary.endswith("(via the API)")
    assert entry.change_summary == "Backups are the provider's"
    # Readers see it at once, in the API and on the public page.
    assert client.get("/api/v1/services/email-pro/").json()["current_version"] == 2
    assert client.get("/services/email-pro/versions/2/").status_code == 200


def test_writes_are_never_anonymous(client, service):
    before = _state()
    response = client.post(IMPORT, {"file": _upload(_changed_csv())})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"]
    assert client.post(PUBLISH, {"summary": "x"}, content_type="application/json").status_code == 401
    assert client.post(IMPORT, {"file": _upload(b"x")}, HTTP_AUTHORIZATION="Token nope").status_code == 401
    assert _state() == before


def test_a_token_of_another_service_is_refused_and_changes_nothing(client, service):
    other = StaffFactory(username="bob")
    other.groups.add(Group.objects.get(name="Account managers"))
    ServiceFactory(slug="hosted-exchange").editors.add(other)
    token = Token.objects.create(user=other).key
    MatrixVersion.objects.create(service=service, title="A draft")  # something to publish
    before = _state()
    response = client.post(IMPORT, {"file": _upload(_changed_csv()), "dry_run": "true"}, **authorized(token))
    assert response.status_code == 403
    assert response.json() == {"detail": "You are not an editor of “Email Pro”."}
    published = client.post(PUBLISH, {"summary": "x"}, content_type="application/json", **authorized(token))
    assert published.status_code == 403
    assert _state() == before


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(username="customer"),  # not staff: no admin, no API writes
        lambda: StaffFactory(username="editor-without-group"),  # an editor without the model permission
    ],
)
def test_the_admin_permissions_exactly(client, service, make_user):
    user = make_user()
    service.editors.add(user)
    token = Token.objects.create(user=user).key
    response = client.post(IMPORT, {"file": _upload(_changed_csv()), "dry_run": "true"}, **authorized(token))
    assert response.status_code == 403


def test_a_superuser_writes_to_any_service(client, service):
    token = Token.objects.create(user=UserFactory(username="boss", is_staff=True, is_superuser=True)).key
    response = client.post(IMPORT, {"file": _upload(_changed_csv()), "dry_run": "1"}, **authorized(token))
    assert response.status_code == 200


def test_a_bad_file_is_refused_with_the_admin_messages_and_changes_nothing(client, service, token):
    before = _state()
    data = b"Section,Section title,Activity,Customer,OVHcloud\n1,One,Do,RA,X\n1,One,Again,Q,I\n"
    response = client.post(IMPORT, {"file": _upload(data, "m.csv")}, **authorized(token))
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["file"] == [
        "m.csv, row 2, column “OVHcloud”: “X” is not a set of R/A/C/I letters (unexpected: X)",
        "m.csv, row 3, column “Customer”: “Q” is not a set of R/A/C/I letters (unexpected: Q)",
    ]
    assert body["detail"].startswith("Nothing was imported: m.csv, row 2, column “OVHcloud”")
    assert _state() == before


def test_a_missing_file_names_the_field(client, service, token):
    response = client.post(IMPORT, {"dry_run": "true"}, **authorized(token))
    assert response.status_code == 400
    assert response.json()["errors"]["file"] == ["This field is required."]


def test_an_unreadable_dry_run_value_names_the_field(client, service, token):
    response = client.post(IMPORT, {"file": _upload(_changed_csv()), "dry_run": "perhaps"}, **authorized(token))
    assert response.status_code == 400
    assert "dry_run" in response.json()["errors"]


def test_a_file_over_the_import_limit_is_refused_as_in_the_admin(client, service, token, settings):
    settings.RACI_MAX_IMPORT_BYTES = 50
    response = client.post(IMPORT, {"file": _upload(b"x" * 80, "big.csv")}, **authorized(token))
    assert response.status_code == 400
    assert response.json()["errors"]["file"] == ["big.csv: the file is 80 bytes, over the 50 bytes limit for imports"]


def test_a_request_far_over_the_limit_is_refused_before_its_body_is_read(client, service, token, settings):
    settings.RACI_MAX_IMPORT_BYTES = 1000
    before = _state()
    response = client.post(IMPORT, {"file": _upload(b"x" * 200_000, "big.csv")}, **authorized(token))
    assert response.status_code == 413
    assert "over the 1000 bytes limit for imports" in response.json()["detail"]
    assert _state() == before


def test_publishing_needs_a_summary_and_says_so_on_its_field(client, service, token):
    MatrixVersion.objects.create(service=service, title="A draft")
    client.post(IMPORT, {"file": _upload(_changed_csv())}, **authorized(token))
    before = _state()
    response = client.post(PUBLISH, {}, content_type="application/json", **authorized(token))
    assert response.status_code == 400
    assert response.json()["errors"] == {"summary": ["Say what changed in this version (the change summary)."]}
    assert _state() == before


def test_publishing_without_a_draft_is_a_conflict(client, service, token):
    response = client.post(PUBLISH, {"summary": "x"}, content_type="application/json", **authorized(token))
    assert response.status_code == 409
    assert response.json() == {"detail": "Email Pro has no draft to publish."}


def test_the_ar_rule_needs_an_explicit_override(client, service, token):
    data = b"Section,Section title,Activity,Customer,OVHcloud\n1,One,Nobody accountable,R,I\n"
    client.post(IMPORT, {"file": _upload(data, "m.csv")}, **authorized(token))
    refused = client.post(PUBLISH, {"summary": "x"}, content_type="application/json", **authorized(token))
    assert refused.status_code == 400
    messages = refused.json()["errors"]["non_field_errors"]
    assert messages[0] == "1 activity breaks the A/R rule (exactly one A, at least one R):"
    assert "Nobody accountable" in messages[1]
    response = client.post(
        PUBLISH, {"summary": "x", "override": True}, content_type="application/json", **authorized(token)
    )
    assert response.status_code == 201
    assert response.json()["ar_override"] is True


def test_a_date_before_the_previous_version_is_refused_on_its_field(client, service, token):
    client.post(IMPORT, {"file": _upload(_changed_csv())}, **authorized(token))
    response = client.post(
        PUBLISH, {"summary": "x", "last_updated": "2001-01-01"}, content_type="application/json", **authorized(token)
    )
    assert response.status_code == 400
    assert "earlier than version 1's" in response.json()["errors"]["last_updated"][0]
    malformed = client.post(
        PUBLISH, {"summary": "x", "last_updated": "soon"}, content_type="application/json", **authorized(token)
    )
    assert malformed.status_code == 400
    assert "last_updated" in malformed.json()["errors"]


def test_an_unknown_service_is_404(client, token):
    response = client.post(
        "/api/v1/services/nope/draft/publish", {}, content_type="application/json", **authorized(token)
    )
    assert response.status_code == 404


def test_reads_with_a_token_are_reads(client, service, token):
    assert client.get("/api/v1/services/email-pro/", **authorized(token)).status_code == 200
