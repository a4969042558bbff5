"""Matrix versions in the admin: read-only pages (published ones never change, none is deleted here).

A draft is edited in the grid and discarded with the service's workflow buttons, so those
steps are audited; this page only shows a version and links to where it is edited or read.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..models import MatrixVersion
from .filters import ServiceFamilyFilter
from .permissions import ServiceEditorsOnlyMixin
from .translations import translations_panel

#: Words of a change summary the version list shows (the version's page shows it all).
SUMMARY_WORDS = 30


@admin.register(MatrixVersion)
class MatrixVersionAdmin(ServiceEditorsOnlyMixin, admin.ModelAdmin):
    list_display = ["version_label", "service_name", "updated", "summary", "changes_link", "published"]
    list_display_links = ["version_label"]
    list_filter = ["status", ServiceFamilyFilter, "ar_override", ("service", admin.RelatedOnlyFieldListFilter)]
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

    class Media:
        css = {"all": ["css/admin-grid.css"]}

    @admin.display(description=_("version"), ordering="number")
    def version_label(self, obj):
        return f"v{obj.number}" if obj.is_published else _("draft")

    @admin.display(description=_("service"), ordering="service__name")
    def service_name(self, obj):
        return obj.service.name  # a method, not the foreign key: long names may wrap

    @admin.display(description=_("last updated"), ordering="last_updated")
    def updated(self, obj):
        # A method, not the field: the admin keeps date fields on one line, which 1366 px cannot afford.
        return date_format(obj.last_updated, "DATE_FORMAT") if obj.last_updated else None

    @admin.display(description=_("change summary"))
    def summary(self, obj):
        text = obj.change_summary or ""
        return Truncator(text).words(SUMMARY_WORDS) if text else None

    @admin.display(description=_("changes"))
    def changes_link(self, obj):
        """The public diff from the version before (the first version has none)."""
        if not obj.is_published or obj.number < 2:
            return None
        url = reverse("responsibilities:diff", kwargs={"slug": obj.service.slug, "a": obj.number - 1, "b": obj.number})
        label = _("What changed from v%(old)d") % {"old": obj.number - 1}
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("published"), ordering="published_at")
    def published(self, obj):
        if not obj.is_published:
            return None
        when = date_format(timezone.localtime(obj.published_at), "SHORT_DATETIME_FORMAT") if obj.published_at else ""
        who = obj.published_by.get_username() if obj.published_by else ""
        return _("%(when)s by %(who)s") % {"when": when, "who": who} if who else when

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
