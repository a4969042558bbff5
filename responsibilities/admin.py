"""Admin configuration: services, versions and their matrices.

Published versions are shown read-only and cannot be deleted; the models refuse it too.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Activity, Assignment, MatrixVersion, Party, Section, Service


class ServiceAccessMixin:
    """Limit a staff user to the services they edit (superusers see everything)."""

    service_path = "service"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        editable = Service.objects.editable_by(request.user)
        if self.service_path == "":
            return queryset.filter(pk__in=editable)
        return queryset.filter(**{f"{self.service_path}__in": editable})


class FrozenWhenPublishedMixin:
    """Read-only display and no delete for anything that belongs to a published version."""

    version_path = "version"

    def _version_of(self, obj):
        for part in self.version_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and self._version_of(obj).is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._version_of(obj).is_published:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Service)
class ServiceAdmin(ServiceAccessMixin, admin.ModelAdmin):
    service_path = ""
    list_display = ["name", "slug", "family", "current_version"]
    list_filter = ["family"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["editors", "editor_groups"]
    readonly_fields = ["current_version", "created_at"]


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    fields = ["order", "name", "slug"]


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "parent", "title"]
    show_change_link = True


@admin.register(MatrixVersion)
class MatrixVersionAdmin(ServiceAccessMixin, FrozenWhenPublishedMixin, admin.ModelAdmin):
    version_path = ""
    list_display = ["service", "number", "status", "last_updated", "published_at", "ar_override"]
    list_filter = ["status", "service__family", "ar_override"]
    search_fields = ["service__name", "title", "change_summary"]
    list_select_related = ["service"]
    readonly_fields = ["number", "status", "fingerprint", "published_by", "published_at", "ar_override", "source"]
    inlines = [PartyInline, SectionInline]

    def _version_of(self, obj):
        return obj


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["party", "letters"]


@admin.register(Activity)
class ActivityAdmin(ServiceAccessMixin, FrozenWhenPublishedMixin, admin.ModelAdmin):
    service_path = "version__service"
    list_display = ["text", "section", "order", "version"]
    list_filter = ["version__status", "version__service"]
    search_fields = ["text"]
    list_select_related = ["section", "version__service"]
    inlines = [AssignmentInline]
    raw_id_fields = ["section", "version"]


@admin.register(Section)
class SectionAdmin(ServiceAccessMixin, FrozenWhenPublishedMixin, admin.ModelAdmin):
    service_path = "version__service"
    list_display = ["title", "parent", "order", "version"]
    list_filter = ["version__status", "version__service"]
    search_fields = ["title"]
    list_select_related = ["parent", "version__service"]
    raw_id_fields = ["parent", "version"]


admin.site.empty_value_display = _("—")
