"""Matrix versions in the admin: read-only pages (published ones never change, none is deleted here).

A draft is edited in the grid and discarded with the service's workflow buttons, so those
steps are audited; this page only shows a version and links to where it is edited or read.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..models import MatrixVersion
from .permissions import ServiceEditorsOnlyMixin
from .translations import translations_panel


@admin.register(MatrixVersion)
class MatrixVersionAdmin(ServiceEditorsOnlyMixin, admin.ModelAdmin):
    list_display = ["service", "number", "status", "last_updated", "published_by", "published_at", "ar_override"]
    list_filter = ["status", "service__family", "ar_override", ("service", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["service__name", "title", "change_summary"]
    list_select_related = ["service", "published_by"]
    date_hierarchy = "published_at"
    fields = [
        "service",
        "number",
        "status",
        "title",
        "introduction",
        "last_updated",
        "change_summary",
        "published_by",
        "published_at",
        "ar_override",
        "ar_override_rows",
        "fingerprint",
        "source",
        "language",
        "translations",
        "where",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # drafts start from the service page

    def has_change_permission(self, request, obj=None):
        return False  # drafts are edited in the grid; published versions never change

    def has_delete_permission(self, request, obj=None):
        return False  # drafts are discarded from the service page; published versions stay forever

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None

    @admin.display(description=_("translations"))
    def translations(self, obj):
        return translations_panel(obj)

    @admin.display(description=_("edit or read"))
    def where(self, obj):
        if obj.is_published:
            return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Public permalink"))
        links = [
            (reverse(f"admin:responsibilities_service_{step}", args=[obj.service_id]), label)
            for step, label in (
                ("grid", _("Edit the draft in the grid")),
                ("publish", _("Publish…")),
                ("discard", _("Discard…")),
            )
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)
