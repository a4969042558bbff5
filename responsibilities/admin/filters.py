"""List filters shared by the service, version and audit lists.

Each offers only what the user can see: the family filter lists the families of the services
the user edits (never one of another team's), and "Services I edit" keeps those the user (or
one of their groups) is an editor of — for a superuser, who sees every service, that is "mine".
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Service


class FamilyFilter(admin.SimpleListFilter):
    """By product family, among the families of the services the user edits."""

    title = _("product family")
    parameter_name = "family"
    #: The lookup from the listed model to its service ("" for Service itself).
    service_path = ""

    def lookups(self, request, model_admin):
        families = (
            Service.objects.editable_by(request.user)
            .exclude(family="")
            .order_by("family")
            .values_list("family", flat=True)
            .distinct()
        )
        return [(family, family) for family in families]

    def queryset(self, request, queryset):
        if self.value():
            field = f"{self.service_path}__family" if self.service_path else "family"
            return queryset.filter(**{field: self.value()})
        return queryset


class ServiceFamilyFilter(FamilyFilter):
    parameter_name = "service_family"
    service_path = "service"


class MineFilter(admin.SimpleListFilter):
    """The services the user is an editor of, directly or through a group."""

    title = _("editors")
    parameter_name = "mine"
    service_path = ""

    def lookups(self, request, model_admin):
        return [("yes", _("Services I edit"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        mine = Service.objects.edited_by(request.user)
        if self.service_path:
            return queryset.filter(**{f"{self.service_path}__in": mine})
        return queryset.filter(pk__in=mine)
