"""The audit trail in the admin: read-only, confined to the services the user edits."""

from django.contrib import admin

from ..models import AuditEntry
from .permissions import ServiceEditorsOnlyMixin


@admin.register(AuditEntry)
class AuditEntryAdmin(ServiceEditorsOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "service", "version", "action", "username", "summary"]
    list_filter = ["action", "service__family", ("service", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["service__name", "username", "summary"]
    list_select_related = ["service", "version"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "service", "version", "user", "username", "action", "summary", "counts"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
