"""Who may touch which service in the admin: editors of a service (users or groups) and superusers.

Every admin view of ours goes through these, so a staff user who does not edit a service gets
403 on any URL about it (lists simply leave it out).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Service


def can_edit_service(user, service: Service) -> bool:
    """Whether this user edits the service (superusers edit every service)."""
    return Service.objects.editable_by(user).filter(pk=service.pk).exists()


#: The model permission an editor also needs (the "Account managers" group grants it).
EDIT_PERMISSION = "responsibilities.change_service"


def require_service_editor(request, service: Service) -> None:
    """Raise PermissionDenied (403) unless the request's user edits this service.

    Editing takes both: being one of the service's editors (or in one of its editor groups),
    and the model permission to change services. Call it first in every admin view that reads
    or writes a service's drafts (grid, publish, discard, import, export of a draft).
    """
    if not request.user.has_perm(EDIT_PERMISSION) or not can_edit_service(request.user, service):
        raise PermissionDenied(_("You are not an editor of “%(service)s”.") % {"service": service})


class ServiceEditorsOnlyMixin:
    """Confine a ModelAdmin to the services the user edits.

    Lists leave the others out; opening, changing or deleting one of theirs is refused with
    403 rather than the admin's usual "does not exist" redirect, so no URL leaks or writes.
    ``service_path`` is the lookup from the model to its Service ("" for Service itself).
    """

    service_path = "service"

    def _editable_filter(self, queryset, user):
        editable = Service.objects.editable_by(user)
        if self.service_path == "":
            return queryset.filter(pk__in=editable)
        return queryset.filter(**{f"{self.service_path}__in": editable})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return self._editable_filter(queryset, request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not request.user.is_superuser:
            # Not in the user's queryset: refuse when it exists at all.
            model = self.model
            field = model._meta.get_field(from_field) if from_field else model._meta.pk
            try:
                exists = model._default_manager.filter(**{field.name: field.to_python(object_id)}).exists()
            except (ValidationError, ValueError):  # a malformed id simply does not exist
                exists = False
            if exists:
                raise PermissionDenied(_("You are not an editor of this service."))
        return obj
