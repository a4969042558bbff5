"""The audit trail: one entry for every save, import, publish and discard of a matrix."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import AuditAction, AuditEntry, MatrixVersion, Service


def audit_record(
    *,
    service: Service,
    action: AuditAction | str,
    user=None,
    version: MatrixVersion | None = None,
    summary: str = "",
    counts: dict | None = None,
    via_api: bool = False,
) -> AuditEntry:
    """Record who changed what; call it inside the transaction of the change it describes.

    ``via_api``: the change came through the API (a pipeline's token), and the entry says so.
    """
    if via_api:
        summary = _("%(summary)s (via the API)") % {"summary": summary}
    known = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        service=service,
        version=version,
        user=user if known else None,
        username=user.get_username() if known else "",
        action=AuditAction(action),
        summary=summary,
        counts=counts or {},
    )
