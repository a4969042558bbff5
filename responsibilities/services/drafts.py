"""A service's draft: start one as a deep copy of the current version, or discard it.

Each runs in one transaction under the service's lock and raises ``ValidationError`` with a
message a staff user understands; nothing is half-written after a failure.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..formats.matrix import Matrix
from ..matrices import matrix_load, matrix_write
from ..models import AuditAction, MatrixVersion, Service
from .audit import audit_record
from .locking import locked

DEFAULT_PARTIES = getattr(settings, "RACI_DEFAULT_PARTIES", ["Customer", "OVHcloud"])


@transaction.atomic
def draft_start(*, service: Service, user=None) -> MatrixVersion:
    """Open the service's draft as a deep copy of its latest published version."""
    service, existing = locked(service=service)
    if existing is not None:
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
    service, draft = locked(service=service)
    return draft if draft is not None else draft_start(service=service, user=user)


@transaction.atomic
def draft_discard(*, draft: MatrixVersion, user=None) -> None:
    """Throw a draft away with everything in it."""
    service, draft = locked(draft=draft)
    if not draft.is_draft:
        raise ValidationError(_("Only a draft can be discarded; published versions are kept forever."))
    audit_record(service=service, version=draft, user=user, action=AuditAction.DISCARD)
    draft.delete()
