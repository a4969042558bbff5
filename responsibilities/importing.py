"""Importing a file into a service: compare with the draft (a dry run), then apply all or nothing.

``matrix_read`` turns an upload into a plain ``Matrix`` (size limit, format, caller's options);
``matrix_import`` compares it with the service's draft and, unless it is a dry run, writes it
into the draft in one transaction, optionally publishing it. Rows are matched by their stable
key when the file has one (JSON), else by their text, so keys survive a spreadsheet round trip.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import audit_record
from .formats import MatrixFileError, check_size, read_file
from .formats.matrix import Matrix, MatrixActivity, MatrixSection, section_label
from .matrices import matrix_load, matrix_write
from .models import AuditAction, MatrixVersion, Service
from .services import RowProblem, matrix_problems, version_publish


@dataclass(frozen=True)
class RowChange:
    """One activity added, changed (letters or section) or removed by the import."""

    section: str
    text: str
    before: dict[str, str] | None = None
    after: dict[str, str] | None = None
    moved_from: str = ""


@dataclass(frozen=True)
class CellChange:
    """One party's letters on one activity, as published and as imported."""

    section: str
    text: str
    party: str
    before: str
    after: str


@dataclass
class ImportReport:
    """What an import would do (dry run) or did; shown in the admin preview and by import_raci."""

    source: str
    matrix: Matrix
    added: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    removed: list[RowChange] = field(default_factory=list)
    letter_changes: list[CellChange] = field(default_factory=list)  # against the current published version
    rule_problems: list[RowProblem] = field(default_factory=list)
    party_changes: tuple[list[str], list[str]] | None = None  # (before, after) when the columns differ
    dry_run: bool = True
    identical_to_published: bool = False
    draft: MatrixVersion | None = None
    published: MatrixVersion | None = None

    @property
    def warnings(self) -> list[str]:
        return self.matrix.warnings

    def counts(self) -> dict[str, int]:
        return {
            "activities": self.matrix.activity_count(),
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
        }

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.party_changes)


def matrix_read(
    data: bytes,
    *,
    filename: str,
    fmt: str | None = None,
    title: str = "",
    last_updated: date | None = None,
    summary: str = "",
) -> Matrix:
    """Read an uploaded file within the size limit; the caller's options fill or override metadata."""
    check_size(data, filename, settings.RACI_MAX_IMPORT_BYTES)
    matrix = read_file(data, filename=filename, fmt=fmt)
    if title:
        matrix.title = title
    if last_updated:
        matrix.last_updated = last_updated
    if summary:
        matrix.change_summary = summary
    return matrix


def same_matrix(first: Matrix, second: Matrix) -> bool:
    """Whether two matrices hold the same parties, sections, activities and letters."""
    return _shape(first) == _shape(second)


def _shape(matrix: Matrix):
    def section(s):
        rows = tuple((a.text, tuple(a.cells.get(p, "") for p in matrix.parties)) for a in s.activities)
        return (s.title, rows, tuple(section(child) for child in s.children))

    return tuple(matrix.parties), tuple(section(s) for s in matrix.sections)


def _pair_rows(old: Matrix, new: Matrix):
    """Match the new matrix's rows with the old one's: by key when both have it, else by text.

    Rows are (section number, section, activity); returns (pairs of (old row, new row), unmatched
    old rows, unmatched new rows).
    """
    old_rows = _rows(old)
    by_key = {row[2].key: row for row in old_rows if row[2].key}
    by_text: dict[str, list] = defaultdict(list)
    for row in old_rows:
        by_text[row[2].text].append(row)
    used: set[int] = set()
    pairs, added = [], []
    for row in _rows(new):
        activity = row[2]
        match = by_key.get(activity.key) if activity.key else None
        if match is None or id(match[2]) in used:
            candidates = [c for c in by_text.get(activity.text, []) if id(c[2]) not in used]
            match = candidates[0] if candidates else None
        if match is None:
            added.append(row)
            continue
        used.add(id(match[2]))
        pairs.append((match, row))
    removed = [row for row in old_rows if id(row[2]) not in used]
    return pairs, removed, added


def _rows(matrix: Matrix) -> list[tuple[tuple[int, ...], MatrixSection, MatrixActivity]]:
    return [(number, section, activity) for number, section in matrix.walk() for activity in section.activities]


def compare(report: ImportReport, draft: Matrix | None, published: Matrix | None) -> None:
    """Fill the report's row changes (against the draft) and letter changes (against published)."""
    new = report.matrix
    base = draft or Matrix(parties=list(new.parties))
    pairs, removed, added = _pair_rows(base, new)
    for (old_number, old_section, old), (number, section, activity) in pairs:
        before = {p: old.cells.get(p, "") for p in base.parties}
        after = {p: activity.cells.get(p, "") for p in new.parties}
        # Moved means into another section; renumbering alone (a section added above) is not a change.
        moved = f"{section_label(old_number)} {old_section.title}" if old_section.title != section.title else ""
        if before != after or moved:
            report.changed.append(RowChange(section_label(number), activity.text, before, after, moved))
    report.added = [RowChange(section_label(n), a.text, None, dict(a.cells)) for n, _section, a in added]
    report.removed = [RowChange(section_label(n), a.text, dict(a.cells), None) for n, _section, a in removed]
    if base.parties != new.parties:
        report.party_changes = (list(base.parties), list(new.parties))
    if published is not None:
        report.identical_to_published = same_matrix(published, new)
        for (_old_number, _old_section, old), (number, _section, activity) in _pair_rows(published, new)[0]:
            for party in new.parties:
                before, after = old.cells.get(party, ""), activity.cells.get(party, "")
                if before != after:
                    report.letter_changes.append(CellChange(section_label(number), activity.text, party, before, after))


def _carry_keys(report: ImportReport, draft: Matrix | None) -> None:
    """Give imported rows the stable key of the draft row they match, so diffs follow them."""
    if draft is None:
        return
    for (_number, _section, old), (_new_number, _new_section, activity) in _pair_rows(draft, report.matrix)[0]:
        if not activity.key:  # a file that carries keys (JSON) keeps its own
            activity.key = old.key


def _version_matrix(version: MatrixVersion | None) -> Matrix | None:
    return matrix_load(version) if version is not None else None


def matrix_import(
    *,
    service: Service,
    matrix: Matrix,
    source: str = "",
    user=None,
    dry_run: bool = False,
    publish: bool = False,
    summary: str = "",
) -> ImportReport:
    """Compare ``matrix`` with the service's draft; unless ``dry_run``, replace the draft with it.

    All or nothing: the draft, its rows and (with ``publish``) the new published version are
    written in one transaction. Publishing an imported document records the A/R override for
    the rows that break the rule (real published pages do), listed in ``rule_problems``.
    """
    report = ImportReport(source=source, matrix=matrix, dry_run=dry_run)
    report.rule_problems = matrix_problems(matrix)
    if service.pk is None:  # a preview for a service that does not exist yet
        compare(report, None, None)
        if dry_run:
            return report
        raise ValueError("save the service before importing into it")
    draft = MatrixVersion.objects.drafts().filter(service=service).first()
    # Read afresh: the caller's Service instance may predate the latest publication.
    current_id = Service.objects.filter(pk=service.pk).values_list("current_version_id", flat=True).first()
    current = MatrixVersion(pk=current_id) if current_id else None
    # Letter changes against the published version are for the preview; applying skips them.
    published_matrix = _version_matrix(current) if dry_run or draft is None else None
    draft_matrix = _version_matrix(draft) if draft is not None else published_matrix
    compare(report, draft_matrix, published_matrix)
    if dry_run:
        return report
    _carry_keys(report, draft_matrix)
    with transaction.atomic():
        report.draft = _draft_for_import(service=service, matrix=matrix, source=source)
        matrix_write(version=report.draft, matrix=matrix)
        counts = report.counts()
        audit_record(
            service=service,
            version=report.draft,
            user=user,
            action=AuditAction.IMPORT,
            summary=_("Imported %(source)s: %(added)d rows added, %(changed)d changed, %(removed)d removed.")
            % {"source": source, **counts},
            counts=counts,
        )
        if publish:
            report.published = version_publish(
                draft=report.draft,
                user=user,
                summary=summary or matrix.change_summary or _("Imported from %(source)s") % {"source": source},
                last_updated=matrix.last_updated,
                override=True,
            )
    return report


def _draft_for_import(*, service: Service, matrix: Matrix, source: str) -> MatrixVersion:
    """The service's draft with the file's metadata; a new one starts empty, not as a copy,
    because the import replaces all of its content anyway."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    draft = MatrixVersion.objects.drafts().filter(service=service).first()
    if draft is None:
        draft = MatrixVersion(service=service, title=service.name)
    draft.title = (matrix.title or draft.title or service.name)[:300]
    if matrix.introduction:
        draft.introduction = matrix.introduction
    if matrix.last_updated:
        draft.last_updated = matrix.last_updated
    if matrix.change_summary:
        draft.change_summary = matrix.change_summary
    draft.source = source[:300]
    draft.save()
    return draft


__all__ = ["ImportReport", "MatrixFileError", "matrix_import", "matrix_read", "same_matrix"]
