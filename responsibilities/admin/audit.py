"""The audit trail in the admin: read-only, confined to the services the user edits.

Each entry reads as sentences: what the editor said (the change summary), what changed in words,
and each change cell by cell ("1.1. Configure the DNS — Customer: R → RA"), never JSON.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import AuditEntry
from .filters import ServiceFamilyFilter
from .permissions import ServiceEditorsOnlyMixin

#: Detail lines an entry shows in the list; the entry's own page shows them all.
LIST_DETAIL = 3
_NONE = "—"


def detail_line(item: dict) -> str:
    """One item of ``AuditEntry.detail`` as a sentence."""
    kind = item.get("kind", "")
    where = f"{item.get('section', '')} {item.get('activity', '')}".strip()
    values = {
        "where": where,
        "section": item.get("section", ""),
        "party": item.get("party", ""),
        "before": item.get("before") or _NONE,
        "after": item.get("after") or _NONE,
    }
    phrases = {
        "letters": lambda: _("%(where)s — %(party)s: %(before)s → %(after)s") % values,
        "reworded": lambda: _("%(section)s reworded: “%(before)s” → “%(after)s”") % values,
        "moved": lambda: _("%(where)s — moved from %(before)s") % values,
        "added": lambda: _("Added %(where)s (%(after)s)") % values,
        "removed": lambda: _("Removed %(where)s (%(before)s)") % values,
        "section_added": lambda: _("Section added: %(after)s") % values,
        "section_removed": lambda: _("Section removed: %(before)s") % values,
        "section_renamed": lambda: _("Section renamed: %(before)s → %(after)s") % values,
        "party_added": lambda: _("Party column added: %(name)s") % {"name": item.get("after", "")},
        "party_removed": lambda: _("Party column removed: %(name)s") % {"name": item.get("before", "")},
        "more": lambda: (
            ngettext("…and %(count)d more change", "…and %(count)d more changes", item["count"])
            % {"count": item["count"]}
        ),
    }
    return phrases[kind]() if kind in phrases else str(item)


def detail_html(entry: AuditEntry, limit: int | None = None):
    """The entry's detail as a list, the first ``limit`` lines (then how many more there are)."""
    items = list(entry.detail or [])
    more = items.pop()["count"] if items and items[-1].get("kind") == "more" else 0
    if limit is not None and len(items) > limit:
        more += len(items) - limit
        items = items[:limit]
    if more:
        items.append({"kind": "more", "count": more})
    if not items:
        return ""
    return format_html(
        '<ul class="raci-audit-detail">{}</ul>', format_html_join("", "<li>{}</li>", ((detail_line(i),) for i in items))
    )


def entry_html(entry: AuditEntry, limit: int | None = None):
    """What the entry says, for a reader: the change summary, what changed in words, the detail."""
    said = format_html('<p class="raci-said">“{}”</p>', entry.change_summary) if entry.change_summary else ""
    return format_html("{}<p>{}</p>{}", said, entry.summary or _NONE, detail_html(entry, limit))


@admin.register(AuditEntry)
class AuditEntryAdmin(ServiceEditorsOnlyMixin, admin.ModelAdmin):
    # Four columns, so the sentences get the room at 1366 px beside the admin's two sidebars.
    list_display = ["when", "service_version", "who_did", "what_changed"]
    list_display_links = ["when"]
    list_filter = ["action", ServiceFamilyFilter, ("service", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["service__name", "username", "summary", "change_summary"]
    list_select_related = ["service", "version"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "service", "version", "username", "action", "what_changed_in_full"]
    fields = readonly_fields

    class Media:
        css = {"all": ["css/admin-grid.css"]}

    @admin.display(description=gettext_lazy("when"), ordering="created_at")
    def when(self, obj):
        moment = timezone.localtime(obj.created_at)
        return format_html("{}<br>{}", date_format(moment, "DATE_FORMAT"), time_format(moment, "TIME_FORMAT"))

    @admin.display(description=gettext_lazy("service and version"), ordering="service__name")
    def service_version(self, obj):
        if obj.version is None:
            version = _NONE
        elif obj.version.number:
            url = reverse("admin:responsibilities_matrixversion_change", args=[obj.version_id])
            version = format_html('<a href="{}">v{}</a>', url, obj.version.number)
        else:
            version = _("draft")
        return format_html("{}<br>{}", obj.service.name, version)

    @admin.display(description=gettext_lazy("who, what"), ordering="action")
    def who_did(self, obj):
        return format_html("{}<br>{}", obj.get_action_display(), obj.username or _NONE)

    @admin.display(description=gettext_lazy("what changed"))
    def what_changed(self, obj):
        return entry_html(obj, LIST_DETAIL)

    @admin.display(description=gettext_lazy("what changed"))
    def what_changed_in_full(self, obj):
        return entry_html(obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
