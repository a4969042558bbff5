"""A section's note (prose the page gives with a section) is kept everywhere: the database, every
format, the public page, a new draft and the grid; fingerprints of versions without notes stay."""

import json

import pytest

from responsibilities.formats import FORMATS, markdown, read_file, write
from responsibilities.formats.json_format import canonical_json, fingerprint
from responsibilities.matrices import matrix_load
from responsibilities.services import draft_start
from responsibilities.services.editing import draft_save_grid
from tests.factories import make_version, sample_matrix
from tests.formats.helpers import page, shape

pytestmark = pytest.mark.django_db
NOTE = "Archives are fully reversible by design.\n\nExports run <outside> business hours."


def noted_matrix():
    matrix = sample_matrix(3)
    matrix.sections[0].children[0].note = NOTE
    return matrix


def test_the_database_keeps_a_section_note():
    version = make_version(matrix=noted_matrix())

    loaded = matrix_load(version)

    assert loaded.sections[0].children[0].note == NOTE
    assert fingerprint(loaded) == version.fingerprint


def test_the_canonical_json_names_a_note_only_when_there_is_one():
    plain = markdown.read(page("email-pro/en-gb/2022-11-17.md"))
    assert b'"note"' not in canonical_json(plain)  # published versions keep their fingerprints

    noted = noted_matrix()
    sections = json.loads(canonical_json(noted))["sections"]
    assert sections[0]["children"][0]["note"] == NOTE
    assert "note" not in sections[0]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_carries_the_note(fmt):
    again = read_file(write(noted_matrix(), fmt), filename=f"export.{fmt}")

    assert again.sections[0].children[0].note == NOTE
    assert [s.note for _, s in again.walk()].count("") == len(list(again.walk())) - 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheets_get_a_note_column_only_when_a_section_has_a_note(fmt):
    plain = sample_matrix(2)
    assert b"Section note" not in write(plain, "csv")
    header = write(noted_matrix(), "csv").decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Section,Section title,Section note,Activity,")
    assert read_file(write(plain, fmt), filename=f"x.{fmt}").sections[0].note == ""


def test_the_public_page_shows_the_note_above_the_section_table(client):
    version = make_version(matrix=noted_matrix())

    body = client.get(f"/services/{version.service.slug}/").content.decode()

    note = (
        '<div class="section-note"><p>Archives are fully reversible by design.</p>'
        "<p>Exports run &lt;outside&gt; business hours.</p></div>"
    )
    assert note in body
    assert body.index(note) < body.index('<table class="raci">', body.index(note) - 400)


def test_a_note_read_from_a_page_is_published_and_downloaded(client):
    matrix = markdown.read(shape("prose-rows.md"))
    version = make_version(matrix=matrix)

    downloaded = client.get(f"/services/{version.service.slug}/versions/1.md").content

    assert markdown.read(downloaded).sections[0].children[0].note == matrix.sections[0].children[0].note


def test_a_new_draft_and_a_grid_save_keep_the_note():
    version = make_version(matrix=noted_matrix())
    draft = draft_start(service=version.service)
    assert matrix_load(draft).sections[0].children[0].note == NOTE

    edited = matrix_load(draft)
    edited.sections[0].children[0].note = ""  # the grid does not carry notes
    edited.sections[0].children[0].activities[0].text = "Reworded"
    draft_save_grid(draft=draft, matrix=edited)

    assert matrix_load(draft).sections[0].children[0].note == NOTE
