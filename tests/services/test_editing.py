"""Saving a whole edited draft and counting what changed."""

import copy

import pytest
from django.core.exceptions import ValidationError

from responsibilities.diff import version_diff
from responsibilities.formats.matrix import MatrixActivity
from responsibilities.matrices import matrix_load
from responsibilities.models import AuditEntry, MatrixVersion
from responsibilities.services import draft_revision, draft_save_grid
from tests.factories import make_version, sample_matrix

pytestmark = pytest.mark.django_db


def test_draft_save_grid_counts_what_changed_as_the_diff_page_does():
    draft = _draft()
    old = matrix_load(draft)
    new = copy.deepcopy(old)
    rows = new.sections[0].children[0].activities
    rows[0].text = rows[0].text + ", reworded"
    rows[1].cells = {"Customer": "C", "OVHcloud": "R"}
    del rows[2]
    rows.append(MatrixActivity(text="Something entirely new", cells={"Customer": "RA", "OVHcloud": ""}))

    counts = draft_save_grid(draft=draft, matrix=new, revision=draft_revision(draft))

    assert counts == version_diff(old, new).summary()
    assert (counts["added"], counts["removed"], counts["reworded"], counts["letters_changed"]) == (1, 1, 1, 2)
    entry = AuditEntry.objects.get(version=draft, action="save")
    assert entry.summary == "1 activity added; 1 activity removed; 1 activity reworded; 2 letter cells changed."


def _draft():
    return make_version(published=False, activities=3)


def test_draft_save_grid_replaces_the_matrix_and_records_one_audit_entry():
    draft = _draft()
    matrix = matrix_load(draft)
    matrix.title = "Email Pro — shared responsibilities"
    next(activity for _, activity in matrix.activities()).cells["OVHcloud"] = "C"
    counts = draft_save_grid(draft=draft, matrix=matrix, revision=draft_revision(draft))
    assert counts["letters_changed"] == 1
    assert MatrixVersion.objects.get(pk=draft.pk).title == "Email Pro — shared responsibilities"
    assert AuditEntry.objects.filter(version=draft, action="save").get().counts["letters_changed"] == 1


def test_draft_save_grid_refuses_a_published_version_and_a_stale_revision():
    published = make_version(activities=2)
    with pytest.raises(ValidationError, match="has been published meanwhile"):
        draft_save_grid(draft=published, matrix=sample_matrix(2))
    draft = _draft()
    with pytest.raises(ValidationError, match="Someone else saved"):
        draft_save_grid(draft=draft, matrix=sample_matrix(2), revision="2000-01-01T00:00:00+00:00")
    assert not AuditEntry.objects.filter(version=draft).exists()


def test_draft_save_grid_on_a_discarded_draft_says_so():
    draft = _draft()
    MatrixVersion.objects.filter(pk=draft.pk).delete()
    with pytest.raises(ValidationError, match="no longer exists"):
        draft_save_grid(draft=draft, matrix=sample_matrix(2))


def test_a_save_that_changes_nothing_writes_nothing_and_is_not_audited():
    draft = _draft()
    revision = draft_revision(draft)

    counts = draft_save_grid(draft=draft, matrix=matrix_load(draft), revision=revision)

    assert not any(value for key, value in counts.items() if key != "unchanged")
    assert not AuditEntry.objects.filter(version=draft).exists()
    assert draft_revision(MatrixVersion.objects.get(pk=draft.pk)) == revision


def test_an_audited_save_keeps_each_change_cell_by_cell():
    draft = _draft()
    matrix = matrix_load(draft)
    activity = next(activity for _, activity in matrix.activities())
    before = activity.cells["Customer"]
    activity.cells["Customer"] = "RAC"
    matrix.title = "Renamed"

    draft_save_grid(draft=draft, matrix=matrix, revision=draft_revision(draft))

    entry = AuditEntry.objects.get(version=draft, action="save")
    assert entry.summary == "Title changed to “Renamed”. 1 letter cell changed."
    assert entry.detail == [
        {
            "kind": "letters",
            "section": "1.1.",
            "activity": activity.text,
            "party": "Customer",
            "before": before,
            "after": "RAC",
        }
    ]
