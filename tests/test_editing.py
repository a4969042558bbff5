"""Saving a whole edited draft and counting what changed."""

import copy

import pytest
from django.core.exceptions import ValidationError

from responsibilities.editing import draft_revision, draft_save_grid, matrix_changes
from responsibilities.formats.matrix import MatrixActivity
from responsibilities.matrices import matrix_load
from responsibilities.models import AuditEntry, MatrixVersion
from tests.factories import make_version, sample_matrix

pytestmark = pytest.mark.django_db


def _keyed(matrix):
    for index, (_, activity) in enumerate(matrix.activities()):
        activity.key = f"00000000-0000-0000-0000-{index:012d}"
    return matrix


def test_matrix_changes_counts_rows_and_cells_by_key():
    old = _keyed(sample_matrix(4))
    new = copy.deepcopy(old)
    rows = new.sections[0].children[0].activities
    rows[0].text = "Reworded"
    rows[1].cells = {"Customer": "C", "OVHcloud": "R"}
    del rows[2]
    rows.append(MatrixActivity(text="New", cells={"Customer": "RA", "OVHcloud": ""}))
    counts = matrix_changes(old, new)
    assert counts["rows_added"] == 1 and counts["rows_removed"] == 1 and counts["rows_reworded"] == 1
    assert counts["cells_changed"] == 2 and counts["parties_changed"] == 0 and counts["activities"] == 4


def _draft():
    return make_version(published=False, activities=3)


def test_draft_save_grid_replaces_the_matrix_and_records_one_audit_entry():
    draft = _draft()
    matrix = matrix_load(draft)
    matrix.title = "Email Pro — shared responsibilities"
    next(activity for _, activity in matrix.activities()).cells["OVHcloud"] = "C"
    counts = draft_save_grid(draft=draft, matrix=matrix, revision=draft_revision(draft))
    assert counts["cells_changed"] == 1
    assert MatrixVersion.objects.get(pk=draft.pk).title == "Email Pro — shared responsibilities"
    assert AuditEntry.objects.get(version=draft).counts["cells_changed"] == 1


def test_draft_save_grid_refuses_a_published_version_and_a_stale_revision():
    published = make_version(activities=2)
    with pytest.raises(ValidationError):
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
