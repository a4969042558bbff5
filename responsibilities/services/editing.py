"""Saving a draft edited as a whole (the admin's grid editor), and what the save changed."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..diff import changes_sentence, version_diff
from ..formats.matrix import Matrix
from ..matrices import matrix_load, matrix_write
from ..models import AuditAction, AuditEntry, MatrixVersion
from .audit import audit_record, change_detail
from .locking import locked

#: The code of the ValidationError refusing a save over a newer one (the grid then offers both).
STALE = "stale"


def draft_revision(draft: MatrixVersion) -> str:
    """A token that changes on every save of the draft, to detect concurrent edits."""
    return draft.updated_at.isoformat() if draft.updated_at else ""


@transaction.atomic
def draft_save_grid(
    *,
    draft: MatrixVersion,
    matrix: Matrix,
    user=None,
    revision: str | None = None,
) -> dict[str, int]:
    """Replace the draft's title, introduction, columns and rows with ``matrix``, and audit it.

    Returns the counts of what changed (``VersionDiff.summary()``, as the diff page counts).
    A save that changes nothing (same matrix, title and introduction) writes nothing and is not
    audited. ``revision`` (from ``draft_revision``) refuses the save when someone else saved the draft
    since the editor opened it, rather than silently overwriting their work.
    """
    service, draft = locked(
        draft=draft,
        gone=_("This draft no longer exists: someone else discarded it. Your changes were not saved."),
    )
    if not draft.is_draft:
        raise ValidationError(_("This version has been published meanwhile; start a new draft to change it."))
    if revision is not None and revision != draft_revision(draft):
        raise ValidationError(
            _(
                "Someone else saved this draft after you opened it. Your changes were not saved: "
                "reload the grid to see their version."
            ),
            code=STALE,
        )
    if not matrix.title.strip():
        raise ValidationError({"title": _("The matrix needs a title.")})
    saved = matrix_load(draft)
    _keep_notes(saved, matrix)
    diff = version_diff(saved, matrix)
    counts = diff.summary()
    about = _about_changes(draft, matrix)
    if diff.is_empty and not about:
        return counts
    matrix_write(version=draft, matrix=matrix)
    draft.title = matrix.title.strip()
    draft.introduction = matrix.introduction
    draft.save(update_fields=["title", "introduction", "updated_at"])
    audit_record(
        service=service,
        version=draft,
        user=user,
        action=AuditAction.SAVE,
        summary=" ".join([*about, changes_sentence(counts)] if not diff.is_empty else about),
        counts={**counts, "activities": matrix.activity_count()},
        detail=change_detail(diff),
    )
    return counts


def changes_since(draft: MatrixVersion, revision: str) -> list[AuditEntry]:
    """The audited writes to the draft after the one that left it at ``revision`` (oldest first):
    what someone else did since an editor opened the grid."""
    try:
        opened = datetime.fromisoformat(revision)
    except (TypeError, ValueError):
        return []
    entries = AuditEntry.objects.filter(version=draft, created_at__gte=opened).order_by("created_at", "pk")
    return [entry for entry in entries if entry.counts.get("revision") != revision]


def _about_changes(draft: MatrixVersion, matrix: Matrix) -> list[str]:
    """Sentences for the title and introduction, when the save changes them."""
    about = []
    if matrix.title.strip() != draft.title:
        about.append(_("Title changed to “%(title)s”.") % {"title": matrix.title.strip()})
    if matrix.introduction != draft.introduction:
        about.append(_("Introduction changed."))
    return about


def _keep_notes(saved: Matrix, edited: Matrix) -> None:
    """The grid does not edit section notes: each section keeps its note while its number and
    title stay the same (a renamed or renumbered section is another section for its note)."""
    notes = {(number, section.title): section.note for number, section in saved.walk() if section.note}
    if not notes:
        return
    for number, section in edited.walk():
        if not section.note:
            section.note = notes.get((number, section.title), "")
