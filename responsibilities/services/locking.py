"""The one lock every workflow step of a service takes: the service's row, then its draft's.

Publishing, starting, discarding, saving the grid and importing all go through ``locked``, so
two of them on one service run one after the other (PostgreSQL row locks; SQLite locks the
whole database for a write transaction anyway). What was read before the lock may be stale:
the caller works on what ``locked`` re-read.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import MatrixVersion, Service


def locked(
    *, service: Service | None = None, draft: MatrixVersion | None = None, gone: str = ""
) -> tuple[Service, MatrixVersion | None]:
    """Lock the service's row (``draft``'s service when not given) and the draft's; return both as they are now.

    Without ``draft``: the service's draft as it is under the lock, if any. A draft that no
    longer exists raises ValidationError with ``gone`` (what the user should know and do).
    Must run inside a transaction.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked() must be called inside transaction.atomic()")
    service_id = service.pk if service is not None else draft.service_id
    service = Service.objects.select_for_update().get(pk=service_id)
    versions = MatrixVersion.objects.select_for_update(of=("self",))
    if draft is None:
        return service, versions.drafts().filter(service=service).first()
    try:
        draft = versions.get(pk=draft.pk)
    except MatrixVersion.DoesNotExist:
        raise ValidationError(
            gone or _("This draft no longer exists: someone else published or discarded it. Reload the page.")
        ) from None
    draft.service = service
    return service, draft
