"""The audit trail: one entry for every save, import, publish and discard of a matrix.

An entry keeps, besides its counts, what changed cell by cell (``change_detail``): readers of the
trail see "1.2. Configure the DNS — Customer: R → RA", never a JSON document.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..diff import VersionDiff
from ..models import AuditAction, AuditEntry, MatrixVersion, Service

#: Detail items one entry keeps; an import replacing thousands of rows records the first ones
#: and how many more there were.
DETAIL_LIMIT = 200


def change_detail(diff: VersionDiff) -> list[dict]:
    """What changed, item by item, in the diff page's order: columns, sections, activities (moved,
    reworded, letters cell by cell), added, removed. Each item is a small dict of plain strings."""
    items: list[dict] = []
    items += [{"kind": "party_added", "after": name} for name in diff.parties_added]
    items += [{"kind": "party_removed", "before": name} for name in diff.parties_removed]
    for change in diff.sections:
        items.append(
            {
                "kind": f"section_{change.kind}",
                "before": f"{change.old_label} {change.old_title}".strip(),
                "after": f"{change.new_label} {change.new_title}".strip(),
            }
        )
    for change in diff.changed:
        where = {"section": change.new.label, "activity": change.new.text}
        if change.moved:
            items.append({**where, "kind": "moved", "before": f"{change.old.label} {change.old.section_title}"})
        if change.reworded:
            items.append({**where, "kind": "reworded", "before": change.old.text, "after": change.new.text})
        items += [
            {**where, "kind": "letters", "party": cell.party, "before": cell.old, "after": cell.new}
            for cell in change.cells
        ]
    items += [
        {"kind": "added", "section": row.label, "activity": row.text, "after": _letters(row.activity.cells)}
        for row in diff.added
    ]
    items += [
        {"kind": "removed", "section": row.label, "activity": row.text, "before": _letters(row.activity.cells)}
        for row in diff.removed
    ]
    if len(items) > DETAIL_LIMIT:
        items = [*items[:DETAIL_LIMIT], {"kind": "more", "count": len(items) - DETAIL_LIMIT}]
    return items


def _letters(cells: dict[str, str]) -> str:
    return ", ".join(f"{party}: {letters}" for party, letters in cells.items() if letters)


def audit_record(
    *,
    service: Service,
    action: AuditAction | str,
    user=None,
    version: MatrixVersion | None = None,
    summary: str = "",
    counts: dict | None = None,
    change_summary: str = "",
    detail: list[dict] | None = None,
    via_api: bool = False,
) -> AuditEntry:
    """Record who changed what; call it inside the transaction of the change it describes.

    An entry about a draft keeps the draft's revision after the change (``counts["revision"]``),
    so a grid opened at that revision knows which later entries are someone else's.
    ``via_api``: the change came through the API (a pipeline's token), and the entry says so.
    """
    if via_api:
        summary = _("%(summary)s (via the API)") % {"summary": summary}
    counts = dict(counts or {})
    if version is not None and version.is_draft and version.updated_at:
        counts["revision"] = version.updated_at.isoformat()
    known = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        service=service,
        version=version,
        user=user if known else None,
        username=user.get_username() if known else "",
        action=AuditAction(action),
        summary=summary,
        counts=counts,
        change_summary=change_summary,
        detail=detail or [],
    )
