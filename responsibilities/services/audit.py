"""The audit trail: one entry for every save, import, publish and discard of a matrix."""

from __future__ import annotations

from ..models import AuditAction, AuditEntry, MatrixVersion, Service


def audit_record(
    *,
    service: Service,
    action: AuditAction | str,
    user=None,
    version: MatrixVersion | None = None,
    summary: str = "",
    counts: dict | None = None,
) -> AuditEntry:
    """Record who changed what; call it inside the transaction of the change it describes."""
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
