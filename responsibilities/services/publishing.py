"""Publishing: freeze a service's draft as its next numbered version and make it current."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..caching.matchings import remember_matching
from ..diff import summary_sentence, version_diff
from ..formats.json_format import fingerprint as matrix_fingerprint
from ..matrices import matrix_load
from ..models import AuditAction, MatrixVersion, VersionStatus
from .audit import audit_record, change_detail
from .locking import locked
from .validation import matrix_problems


@transaction.atomic
def version_publish(
    *,
    draft: MatrixVersion,
    user=None,
    summary: str,
    last_updated: date | None = None,
    override: bool = False,
    via_api: bool = False,
) -> MatrixVersion:
    """Freeze the draft as the service's next published version and make it current.

    The A/R rule is re-checked; a draft that breaks it is published only with ``override``,
    which is recorded with the rows concerned and shown to readers. The last-updated date is
    ``last_updated``, else the one set on the draft (imported documents keep theirs), else
    today; it may not be earlier than the previous version's, so "as of" dates stay ordered.
    ``via_api`` marks the audit entry as made through the API.
    """
    service, draft = locked(draft=draft)
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
            [
                ngettext(
                    "%(count)d activity breaks the A/R rule (exactly one A, at least one R):",
                    "%(count)d activities break the A/R rule (exactly one A, at least one R):",
                    len(problems),
                )
                % {"count": len(problems)}
            ]
            + [str(problem) for problem in problems]
        )

    number = (MatrixVersion.objects.published().filter(service=service).aggregate(n=Max("number"))["n"] or 0) + 1
    draft.status = VersionStatus.PUBLISHED
    draft.number = number
    draft.change_summary = summary
    draft.language = service.source_language
    draft.last_updated = last_updated
    draft.published_by = user if user is not None and user.is_authenticated else None
    draft.published_at = timezone.now()
    draft.ar_override = bool(problems)
    draft.ar_override_rows = [problem.as_dict() for problem in problems]
    draft.service_name = matrix.service = service.name
    matrix.version, matrix.change_summary, matrix.last_updated = number, summary, draft.last_updated
    draft.fingerprint = matrix_fingerprint(matrix)
    diff = None
    if previous is not None:
        diff = version_diff(matrix_load(previous), matrix)
        draft.diff_summary = diff.summary()
        # The diff page of these two versions shows this very matching (computed once, here).
        remember_matching(diff, old_fingerprint=previous.fingerprint, new_fingerprint=draft.fingerprint)
    draft.save()
    service.current_version = draft
    service.save(update_fields=["current_version"])
    audit_record(
        service=service,
        version=draft,
        user=user,
        action=AuditAction.PUBLISH,
        summary=summary_sentence(draft.diff_summary, first=previous is None),
        counts={"activities": matrix.activity_count(), "override_rows": len(problems)},
        change_summary=summary,
        detail=change_detail(diff) if diff is not None else [],
        via_api=via_api,
    )
    return draft
