import hashlib
import json

import pytest

from responsibilities.formats import json_format, markdown
from responsibilities.formats.base import MatrixFileError
from tests.formats.helpers import content, page


@pytest.fixture
def email_pro():
    matrix = markdown.read(page("email-pro/en-gb/2022-11-17.md"))
    matrix.service, matrix.version = "Email Pro", 1
    return matrix


def test_write_nests_sections_activities_and_assignments_with_the_fingerprint(email_pro):
    document = json.loads(json_format.write(email_pro))

    assert document["parties"] == ["Customer", "OVHcloud"]
    assert (document["service"], document["version"], document["last_updated"]) == ("Email Pro", 1, "2022-11-17")
    daily = document["sections"][2]["children"][0]["children"][0]
    assert (daily["number"], daily["title"]) == ("3.1.1.", "Daily operations")
    assert daily["activities"][0]["assignments"] == {"Customer": "RA", "OVHcloud": ""}
    assert document["fingerprint"] == json_format.fingerprint(email_pro)


def test_canonical_json_is_compact_sorted_and_leaves_out_fingerprint_and_warnings(email_pro):
    email_pro.warnings.append("something was normalised")

    canonical = json_format.canonical_json(email_pro)

    assert (
        canonical
        == json.dumps(json.loads(canonical), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    )
    assert b"fingerprint" not in canonical and b"normalised" not in canonical
    assert json_format.fingerprint(email_pro) == hashlib.sha256(canonical).hexdigest()


def test_fingerprint_changes_with_a_single_letter(email_pro):
    before = json_format.fingerprint(email_pro)
    email_pro.sections[0].children[0].activities[0].cells["OVHcloud"] = "I"

    assert json_format.fingerprint(email_pro) != before


def test_read_gives_back_what_write_wrote(email_pro):
    again = json_format.read(json_format.write(email_pro))

    assert content(again) == content(email_pro)
    assert again.warnings == []


def test_read_warns_when_the_fingerprint_does_not_match(email_pro):
    document = json.loads(json_format.write(email_pro))
    document["title"] = "Changed by hand"

    again = json_format.read(json.dumps(document).encode())

    assert again.title == "Changed by hand"
    assert any("fingerprint does not match" in warning for warning in again.warnings)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "m.json: the file is empty"),
        (b'{"parties": [}', "m.json, line 1: this is not valid JSON"),
        (b"[1, 2]", "m.json: this JSON is not a RACI matrix"),
        (b"\xff\xfe{}", "m.json, line 1: the text is not UTF-8"),
        (
            b'{"parties": ["Customer"], "sections": [{"title": "A", "activities": '
            b'[{"text": "x", "assignments": {"Customer": "RX"}}]}]}',
            "m.json: sections → 1 → activity 1, party “Customer”: “RX” is not a set of R/A/C/I letters",
        ),
        (b'{"parties": ["A", "A"]}', "m.json: parties: “A” is listed twice"),
    ],
)
def test_read_rejects_what_is_not_a_matrix(data, message):
    with pytest.raises(MatrixFileError) as error:
        json_format.read(data, filename="m.json")

    assert str(error.value).startswith(message)
