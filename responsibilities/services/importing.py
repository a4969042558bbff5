"""Importing a file into a service: compare with the draft (a dry run), then apply all or nothing.

``matrix_read`` turns an upload into a plain ``Matrix`` (size limit, format, caller's options);
``matrix_import`` compares it with the service's draft and, unless it is a dry run, writes it
into the draft in one transaction, optionally publishing it. Rows are paired by the one rule
of ``diff.matching`` (key, identical text, similarity), so the preview counts what the public
diff of the same two matrices shows, and matched rows keep their stable keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from ..diff import VersionDiff, changes_sentence, version_diff
from ..diff.phrases import matched_rows_phrase
from ..formats import MatrixFileError, read_file
from ..formats.matrix import Matrix, same_matrix
from ..limits import check_import_size
from ..matrices import matrix_load, matrix_write
from ..models import AuditAction, MatrixVersion, Service
from .audit import audit_record, change_detail
from .locking import locked
from .publishing import version_publish
from .validation import RowProblem, matrix_problems


@dataclass(frozen=True)
class RowChange:
    """One activity added, changed (text, letters or section) or removed by the import."""

    section: str
    text: str
    before: dict[str, str] | None = None
    after: dict[str, str] | None = None
    moved_from: str = ""
    old_text: str = ""  # the text it had, when the import rewords it


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
    """What an import would do (dry run) or did; shown in the admin preview and by import_raci.

    ``diff`` compares the file with the draft (or, without a draft, the current version);
    ``published_diff`` with the current published version (dry runs only).
    """

    source: str
    matrix: Matrix
    diff: VersionDiff | None = None
    published_diff: VersionDiff | None = None
    rule_problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = True
    identical_to_published: bool = False
    draft: MatrixVersion | None = None
    published: MatrixVersion | None = None
    #: Set when the file may not belong here (``import_caution``): shown first in the preview.
    caution: str = ""
    #: What ``diff`` compares the file with: "draft", "published" (no draft) or "" (nothing yet).
    compared_with: str = ""
    #: The number of the current published version, if any.
    published_number: int | None = None

    @property
    def warnings(self) -> list[str]:
        return self.matrix.warnings

    @property
    def added(self) -> list[RowChange]:
        return [RowChange(row.label, row.text, None, dict(row.activity.cells)) for row in self.diff.added]

    @property
    def removed(self) -> list[RowChange]:
        return [RowChange(row.label, row.text, dict(row.activity.cells), None) for row in self.diff.removed]

    @property
    def changed(self) -> list[RowChange]:
        return [
            RowChange(
                change.new.label,
                change.new.text,
                dict(change.old.activity.cells),
                dict(change.new.activity.cells),
                f"{change.old.label} {change.old.section_title}" if change.moved else "",
                change.old.text if change.reworded else "",
            )
            for change in self.diff.changed
        ]

    @property
    def letter_changes(self) -> list[CellChange]:
        """Cells whose letters differ from the current published version's."""
        if self.published_diff is None:
            return []
        return [
            CellChange(change.new.label, change.new.text, cell.party, cell.old, cell.new)
            for change in self.published_diff.changed
            for cell in change.cells
        ]

    @property
    def party_changes(self) -> tuple[list[str], list[str]] | None:
        """(before, after) when the columns differ."""
        if self.diff.old_parties == self.diff.new_parties:
            return None
        return list(self.diff.old_parties), list(self.diff.new_parties)

    def counts(self) -> dict[str, int]:
        """What the import changes in the draft, counted as the diff page counts."""
        return {**self.diff.summary(), "activities": self.matrix.activity_count()}

    def sentence(self) -> str:
        """What the import changes in the draft, in words."""
        return changes_sentence(self.counts())

    def published_sentence(self) -> str:
        """How the file differs from the current published version, in words (dry runs)."""
        return changes_sentence(self.published_diff.summary()) if self.published_diff is not None else ""

    @property
    def has_changes(self) -> bool:
        return not self.diff.is_empty


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
    check_import_size(len(data), filename)
    matrix = read_file(data, filename=filename, fmt=fmt)
    if title:
        matrix.title = title
    if last_updated:
        matrix.last_updated = last_updated
    if summary:
        matrix.change_summary = summary
    return matrix


def _carry_keys(diff: VersionDiff) -> None:
    """Give imported rows the stable key of the row they continue, so diffs follow them."""
    for old_row, new_row in diff.pairs:
        if not new_row.activity.key:  # a file that carries keys (JSON) keeps its own
            new_row.activity.key = old_row.activity.key


def matrix_import(
    *,
    service: Service,
    matrix: Matrix,
    source: str = "",
    user=None,
    dry_run: bool = False,
    publish: bool = False,
    summary: str = "",
    via_api: bool = False,
) -> ImportReport:
    """Compare ``matrix`` with the service's draft; unless ``dry_run``, replace the draft with it.

    All or nothing: the draft, its rows and (with ``publish``) the new published version are
    written in one transaction. Publishing an imported document records the A/R override for
    the rows that break the rule (real published pages do), listed in ``rule_problems``.
    ``via_api`` marks the audit entries as made through the API.
    """
    report = ImportReport(source=source, matrix=matrix, dry_run=dry_run)
    report.rule_problems = matrix_problems(matrix)
    if service.pk is None:  # a preview for a service that does not exist yet
        report.diff = version_diff(Matrix(parties=list(matrix.parties)), matrix)
        if dry_run:
            return report
        raise ValueError("save the service before importing into it")
    draft = MatrixVersion.objects.drafts().filter(service=service).first()
    # Read afresh: the caller's Service instance may predate the latest publication.
    current_id, report.published_number = Service.objects.filter(pk=service.pk).values_list(
        "current_version_id", "current_version__number"
    ).first() or (None, None)
    # The published version is read for the preview's letter changes, or as the base without a draft.
    wants_published = current_id is not None and (dry_run or draft is None)
    published_matrix = matrix_load(MatrixVersion(pk=current_id)) if wants_published else None
    base = matrix_load(draft) if draft is not None else published_matrix
    report.diff = version_diff(base or Matrix(parties=list(matrix.parties)), matrix)
    report.compared_with = "draft" if draft is not None else ("published" if base is not None else "")
    if published_matrix is not None and dry_run:
        # Letter changes against what readers see now are for the preview; applying skips them.
        report.published_diff = report.diff if base is published_matrix else version_diff(published_matrix, matrix)
        report.identical_to_published = same_matrix(published_matrix, matrix)
    report.caution = import_caution(
        service=service,
        matrix=matrix,
        diff=report.published_diff or report.diff,
        known_titles=[m.title for m in (draft, base, published_matrix) if m is not None],
    )
    if dry_run:
        return report
    _carry_keys(report.diff)
    with transaction.atomic():
        report.draft = _draft_for_import(service=service, matrix=matrix, source=source)
        matrix_write(version=report.draft, matrix=matrix)
        audit_record(
            service=service,
            version=report.draft,
            user=user,
            action=AuditAction.IMPORT,
            summary=_("Imported %(source)s: %(changes)s") % {"source": source, "changes": report.sentence()},
            counts=report.counts(),
            change_summary=report.draft.change_summary,
            detail=change_detail(report.diff),
            via_api=via_api,
        )
        if publish:
            report.published = version_publish(
                draft=report.draft,
                user=user,
                summary=summary or matrix.change_summary or _("Imported from %(source)s") % {"source": source},
                last_updated=matrix.last_updated,
                override=True,
                via_api=via_api,
            )
    return report


def import_caution(*, service: Service, matrix: Matrix, diff: VersionDiff, known_titles: list[str]) -> str:
    """One sentence warning before damage, or "": the file's title does not name the service
    (nor repeat a title it had), or the file matches fewer than half of the rows it replaces."""
    title = matrix.title.strip()
    foreign = bool(title) and not _shares_title(title, service.name, known_titles)
    total = len(diff.pairs) + len(diff.removed)
    few = total > 0 and 2 * len(diff.pairs) < total
    values = {"title": title, "service": service.name, "matched": matched_rows_phrase(len(diff.pairs), total)}
    if foreign and few:
        return (
            _(
                "Check this file before confirming: its title “%(title)s” does not name %(service)s, and it "
                "matches %(matched)s, so confirming would replace most of the matrix."
            )
            % values
        )
    if foreign:
        return _("Check this file before confirming: its title “%(title)s” does not name %(service)s.") % values
    if few:
        return (
            _(
                "Check this file before confirming: it matches %(matched)s, so confirming would replace most "
                "of the matrix."
            )
            % values
        )
    return ""


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", text.casefold()) if len(word) > 1 or word.isdigit()}


def _shares_title(title: str, service_name: str, known_titles: list[str]) -> bool:
    """Whether a file's title is this service's: it holds every word of the service's name, or it
    is a title one of the service's versions already had."""
    words = _words(title)
    return _words(service_name) <= words or any(words == _words(known) for known in known_titles)


def _draft_for_import(*, service: Service, matrix: Matrix, source: str) -> MatrixVersion:
    """The service's draft with the file's metadata; a new one starts empty, not as a copy,
    because the import replaces all of its content anyway."""
    service, draft = locked(service=service)
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


__all__ = ["ImportReport", "MatrixFileError", "matrix_import", "matrix_read"]
