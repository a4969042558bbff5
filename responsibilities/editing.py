"""Saving a draft edited as a whole (the admin's grid editor) and counting what changed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .audit import audit_record
from .formats.matrix import Matrix
from .matrices import matrix_load, matrix_write
from .models import AuditAction, MatrixVersion, Service


def draft_revision(draft: MatrixVersion) -> str:
    """A token that changes on every save of the draft, to detect concurrent edits."""
    return draft.updated_at.isoformat() if draft.updated_at else ""


def matrix_changes(old: Matrix, new: Matrix) -> dict[str, int]:
    """Count rows added, removed and reworded, and cells whose letters changed (rows matched by key)."""
    old_rows = {activity.key: activity for _, activity in old.activities() if activity.key}
    new_rows = [activity for _, activity in new.activities()]
    matched = [(old_rows[a.key], a) for a in new_rows if a.key in old_rows]
    matched_keys = {a.key for _, a in matched}
    cells = 0
    for before, after in matched:
        for party in set(before.cells) | set(after.cells):
            if before.cells.get(party, "") != after.cells.get(party, ""):
                cells += 1
    return {
        "rows_added": len(new_rows) - len(matched),
        "rows_removed": len(set(old_rows) - matched_keys),
        "rows_reworded": sum(1 for before, after in matched if before.text != after.text),
        "cells_changed": cells,
        "sections_before": sum(1 for _ in old.walk()),
        "sections_after": sum(1 for _ in new.walk()),
        "parties_changed": int(old.parties != new.parties),
        "activities": len(new_rows),
    }


def changes_summary(counts: dict[str, int]) -> str:
    """Say in one line what a save changed."""
    parts = [
        ngettext("%(n)d row added", "%(n)d rows added", counts["rows_added"]) % {"n": counts["rows_added"]},
        _("%(n)d removed") % {"n": counts["rows_removed"]},
        _("%(n)d reworded") % {"n": counts["rows_reworded"]},
        ngettext("%(n)d cell changed", "%(n)d cells changed", counts["cells_changed"]) % {"n": counts["cells_changed"]},
    ]
    if counts["sections_before"] != counts["sections_after"]:
        parts.append(
            _("sections %(before)d → %(after)d")
            % {"before": counts["sections_before"], "after": counts["sections_after"]}
        )
    if counts["parties_changed"]:
        parts.append(_("columns changed"))
    return ", ".join(parts) + "."


@transaction.atomic
def draft_save_grid(
    *,
    draft: MatrixVersion,
    matrix: Matrix,
    user=None,
    revision: str | None = None,
) -> dict[str, int]:
    """Replace the draft's title, introduction, columns and rows with ``matrix``, and audit it.

    ``revision`` (from ``draft_revision``) refuses the save when someone else saved the draft
    since the editor opened it, rather than silently overwriting their work.
    """
    Service.objects.select_for_update().get(pk=draft.service_id)
    try:
        draft = MatrixVersion.objects.select_for_update(of=("self",)).get(pk=draft.pk)
    except MatrixVersion.DoesNotExist:
        raise ValidationError(
            _("This draft no longer exists: someone else discarded it. Your changes were not saved.")
        ) from None
    if not draft.is_draft:
        raise ValidationError(_("This version has been published meanwhile; start a new draft to change it."))
    if revision is not None and revision != draft_revision(draft):
        raise ValidationError(
            _(
                "Someone else saved this draft after you opened it. Your changes were not saved: "
                "reload the grid to see their version."
            )
        )
    if not matrix.title.strip():
        raise ValidationError({"title": _("The matrix needs a title.")})
    counts = matrix_changes(matrix_load(draft), matrix)
    matrix_write(version=draft, matrix=matrix)
    draft.title = matrix.title.strip()
    draft.introduction = matrix.introduction
    draft.save(update_fields=["title", "introduction", "updated_at"])
    audit_record(
        service=draft.service,
        version=draft,
        user=user,
        action=AuditAction.SAVE,
        summary=changes_summary(counts),
        counts=counts,
    )
    return counts
