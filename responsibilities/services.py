"""Writes that change several models together: drafts, publishing, discarding.

Each runs in one transaction and raises ``ValidationError`` with a message a staff user
understands; nothing is half-written after a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record
from .diff import version_diff
from .formats.json_format import fingerprint as matrix_fingerprint
from .formats.matrix import Matrix, section_label
from .letters import rule_problems
from .matrices import matrix_load, matrix_write
from .models import AuditAction, MatrixVersion, Service, VersionStatus

DEFAULT_PARTIES = getattr(settings, "RACI_DEFAULT_PARTIES", ["Customer", "OVHcloud"])


@dataclass(frozen=True)
class RowProblem:
    """One activity that breaks the A/R rule, located the way a reader finds it."""

    section: str  # "3.1.2."
    activity: str
    reasons: tuple[str, ...]

    def __str__(self):
        return f"{self.section} {self.activity}: {'; '.join(self.reasons)}"

    def as_dict(self) -> dict:
        return {"section": self.section, "activity": self.activity, "reasons": list(self.reasons)}


def matrix_problems(matrix: Matrix) -> list[RowProblem]:
    """Every activity that does not have exactly one A and at least one R."""
    problems = []
    for number, activity in matrix.activities():
        reasons = rule_problems(activity.cells)
        if reasons:
            problems.append(RowProblem(section_label(number), activity.text, tuple(reasons)))
    return problems


def version_problems(version: MatrixVersion) -> list[RowProblem]:
    return matrix_problems(matrix_load(version))


def _lock_service(service: Service) -> Service:
    # The row lock serialises every workflow step of one service (PostgreSQL; SQLite locks
    # the whole database for the write transaction anyway). What was read before the lock
    # may be stale: everything is re-read after it.
    return Service.objects.select_for_update().get(pk=service.pk)


def _locked_draft(draft: MatrixVersion, *, queryset=None) -> MatrixVersion:
    queryset = queryset if queryset is not None else MatrixVersion.objects.all()
    try:
        return queryset.select_for_update(of=("self",)).get(pk=draft.pk)
    except MatrixVersion.DoesNotExist:
        raise ValidationError(
            _("This draft no longer exists: someone else published or discarded it. Reload the page.")
        ) from None


@transaction.atomic
def draft_start(*, service: Service, user=None) -> MatrixVersion:
    """Open the service's draft as a deep copy of its latest published version."""
    service = _lock_service(service)
    if MatrixVersion.objects.drafts().filter(service=service).exists():
        raise ValidationError(_("%(service)s already has a draft: edit or discard it first.") % {"service": service})
    current = service.current_version
    if current is not None:
        matrix = matrix_load(current)
    else:
        matrix = Matrix(parties=list(DEFAULT_PARTIES), title=service.name)
    draft = MatrixVersion.objects.create(
        service=service, title=matrix.title or service.name, introduction=matrix.introduction
    )
    matrix_write(version=draft, matrix=matrix)
    audit_record(
        service=service,
        version=draft,
        user=user,
        action=AuditAction.START_DRAFT,
        summary=_("Draft started from version %(number)s.") % {"number": current.number}
        if current is not None
        else _("First draft started."),
        counts={"activities": matrix.activity_count()},
    )
    return draft


@transaction.atomic
def draft_get_or_start(*, service: Service, user=None) -> MatrixVersion:
    """Return the service's draft, starting one when there is none."""
    _lock_service(service)
    draft = MatrixVersion.objects.drafts().filter(service=service).first()
    return draft if draft is not None else draft_start(service=service, user=user)


@transaction.atomic
def draft_discard(*, draft: MatrixVersion, user=None) -> None:
    """Throw a draft away with everything in it."""
    _lock_service(draft.service)
    draft = _locked_draft(draft)
    if not draft.is_draft:
        raise ValidationError(_("Only a draft can be discarded; published versions are kept forever."))
    audit_record(service=draft.service, version=draft, user=user, action=AuditAction.DISCARD)
    draft.delete()


@transaction.atomic
def version_publish(
    *,
    draft: MatrixVersion,
    user=None,
    summary: str,
    last_updated: date | None = None,
    override: bool = False,
) -> MatrixVersion:
    """Freeze the draft as the service's next published version and make it current.

    The A/R rule is re-checked; a draft that breaks it is published only with ``override``,
    which is recorded with the rows concerned and shown to readers. The last-updated date is
    ``last_updated``, else the one set on the draft (imported documents keep theirs), else
    today; it may not be earlier than the previous version's, so "as of" dates stay ordered.
    """
    service = _lock_service(draft.service)
    draft = _locked_draft(draft, queryset=MatrixVersion.objects.select_related("service"))
    if not draft.is_draft:
        raise ValidationError(_("This version is already published; start a new draft to change it."))
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"change_summary": _("Say what changed in this version (the change summary).")})
    last_updated = last_updated or draft.last_updated or timezone.localdate()
    previous = service.current_version
    if previous is not None and last_updated < previous.last_updated:
        raise ValidationError(
            {
                "last_updated": _(
                    "The last-updated date (%(date)s) is earlier than version %(number)d's (%(previous)s): "
                    "versions must follow each other in time."
                )
                % {"date": last_updated.isoformat(), "number": previous.number, "previous": previous.last_updated}
            }
        )
    matrix = matrix_load(draft)
    if matrix.activity_count() == 0:
        raise ValidationError(_("The draft has no activities: there is nothing to publish."))
    problems = matrix_problems(matrix)
    if problems and not override:
        raise ValidationError(
            [_("%(count)d activities break the A/R rule (exactly one A, at least one R):") % {"count": len(problems)}]
            + [str(problem) for problem in problems]
        )

    number = (MatrixVersion.objects.published().filter(service=service).aggregate(n=Max("number"))["n"] or 0) + 1
    draft.status = VersionStatus.PUBLISHED
    draft.number = number
    draft.change_summary = summary
    draft.last_updated = last_updated
    draft.published_by = user if user is not None and user.is_authenticated else None
    draft.published_at = timezone.now()
    draft.ar_override = bool(problems)
    draft.ar_override_rows = [problem.as_dict() for problem in problems]
    matrix.version, matrix.change_summary, matrix.last_updated = number, summary, draft.last_updated
    draft.fingerprint = matrix_fingerprint(matrix)
    if previous is not None:
        previous_matrix = matrix_load(previous)
        draft.diff_summary = version_diff(previous_matrix, matrix).summary()
    draft.save()
    service.current_version = draft
    service.save(update_fields=["current_version"])
    audit_record(
        service=service,
        version=draft,
        user=user,
        action=AuditAction.PUBLISH,
        summary=summary,
        counts={"activities": matrix.activity_count(), "override_rows": len(problems)},
    )
    return draft
