"""A diff and an import report as JSON-ready data: what the diff page and the import preview show.

Both are built from the objects the pages use (``diff.VersionDiff`` from ``version_diff``, the
``services.ImportReport`` of ``matrix_import``), so the API counts and lists exactly what a
reader of the diff page or a staff user of the admin preview sees. Their shapes are
described for the OpenAPI schema in ``schema``.
"""

from __future__ import annotations

from ..diff import VersionDiff
from ..diff.matching import Row
from ..services import ImportReport


def _row(row: Row) -> dict:
    return {
        "key": row.activity.key,
        "section": row.label,
        "section_title": row.section_title,
        "text": row.text,
        "assignments": dict(row.activity.cells),
    }


def _version(page) -> dict:
    return {"number": page.number, "fingerprint": page.fingerprint, "last_updated": page.last_updated.isoformat()}


def diff_document(diff: VersionDiff, *, slug: str, old, new) -> dict:
    """What changed from version ``old`` to ``new`` (``views.lookup.PageVersion``), as the diff page lists it."""
    return {
        "service": slug,
        "from": _version(old),
        "to": _version(new),
        "summary": diff.summary(),
        "parties_added": list(diff.parties_added),
        "parties_removed": list(diff.parties_removed),
        "sections": [
            {
                "kind": change.kind,
                "old_number": change.old_label,
                "old_title": change.old_title,
                "new_number": change.new_label,
                "new_title": change.new_title,
            }
            for change in diff.sections
        ],
        "added": [_row(row) for row in diff.added],
        "removed": [_row(row) for row in diff.removed],
        "reworded": [
            {
                "old": _row(change.old),
                "new": _row(change.new),
                "words": [{"op": op, "text": text} for op, text in change.words],
            }
            for change in diff.reworded
        ],
        "moved": [{"old": _row(change.old), "new": _row(change.new)} for change in diff.moved],
        "cell_changes": [
            {**_row(change.new), "party": cell.party, "old": cell.old, "new": cell.new}
            for change in diff.with_letter_changes
            for cell in change.cells
        ],
        "shifts": [
            {
                **_row(change.new),
                "letter": shift.letter,
                "direction": shift.direction,
                "old_holders": list(shift.old_holders),
                "new_holders": list(shift.new_holders),
            }
            for change, shift in diff.shifts
        ],
    }


def import_document(report: ImportReport) -> dict:
    """What an import would change in the draft (dry run) or changed, as the admin preview shows it."""
    party_changes = report.party_changes
    return {
        "dry_run": report.dry_run,
        "source": report.source,
        "sentence": report.sentence(),
        "counts": report.counts(),
        "caution": report.caution,
        "warnings": list(report.warnings),
        "rule_problems": [problem.as_dict() for problem in report.rule_problems],
        "identical_to_published": report.identical_to_published,
        "published_sentence": report.published_sentence(),
        "parties": {"before": party_changes[0], "after": party_changes[1]} if party_changes else None,
        "added": [_change(change) for change in report.added],
        "changed": [_change(change) for change in report.changed],
        "removed": [_change(change) for change in report.removed],
        "letter_changes": [
            {
                "section": cell.section,
                "text": cell.text,
                "party": cell.party,
                "before": cell.before,
                "after": cell.after,
            }
            for cell in report.letter_changes
        ],
    }


def _change(change) -> dict:
    return {
        "section": change.section,
        "text": change.text,
        "before": change.before,
        "after": change.after,
        "moved_from": change.moved_from,
        "old_text": change.old_text,
    }
