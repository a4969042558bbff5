"""The service admin: the list of services, the service page with its workflow and audit trail,
and the URLs of the grid, publish, discard, start-draft, import and export steps."""

from __future__ import annotations

from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import AuditEntry, MatrixVersion, Service
from ..services import version_problems
from .audit import LIST_DETAIL, entry_html
from .filters import FamilyFilter, MineFilter
from .grid import grid_view
from .permissions import ServiceEditorsOnlyMixin, require_service_editor
from .service_form import ServiceForm
from .transfer import export_view, import_view
from .workflow import discard_view, publish_view, start_draft_view

AUDIT_PANEL_SIZE = 15
User = get_user_model()


class PublishedFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return [("yes", _("Published")), ("no", _("Never published"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(current_version__isnull=self.value() == "no")
        return queryset


class HasDraftFilter(admin.SimpleListFilter):
    title = _("draft")
    parameter_name = "draft"

    def lookups(self, request, model_admin):
        return [("yes", _("Draft waiting")), ("no", _("No draft"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_draft=self.value() == "yes")
        return queryset


@admin.register(Service)
class ServiceAdmin(ServiceEditorsOnlyMixin, admin.ModelAdmin):
    service_path = ""
    form = ServiceForm
    list_display = [
        "name",
        "family",
        "current_version_link",
        "last_updated",
        "draft_waiting",
        "editors_list",
        "public_link",
    ]
    list_filter = [MineFilter, FamilyFilter, PublishedFilter, HasDraftFilter]
    search_fields = ["name", "slug", "description", "family"]
    list_select_related = ["current_version"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["editors", "editor_groups"]
    readonly_fields = ["former_slugs_list", "current_version", "created_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "former_slugs_list", "family", "description", "source_language"]}),
        (_("Editors"), {"fields": ["editors", "editor_groups"]}),
        (_("Publication"), {"fields": ["current_version", "created_at"]}),
    ]
    change_form_template = "admin/responsibilities/service/change_form.html"

    class Media:
        css = {"all": ["css/admin-grid.css"]}

    def get_queryset(self, request):
        drafts = MatrixVersion.objects.drafts().filter(service=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(has_draft=Exists(drafts))
            .prefetch_related(
                Prefetch("editors", queryset=User.objects.order_by("username")),
                Prefetch("editor_groups", queryset=Group.objects.order_by("name")),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        # Only superusers decide who edits a service.
        if request.user.is_superuser:
            return self.readonly_fields
        return [*self.readonly_fields, "editors", "editor_groups"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # Whoever creates a service edits it (a manager's would vanish from their list, and an
            # admin's would be listed with no editor at all).
            form.instance.editors.add(request.user)

    def response_add(self, request, obj, post_url_continue=None):
        """After the first save, the service's own page with its next step, not the list."""
        if "_addanother" in request.POST or IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        messages.success(
            request,
            _("%(service)s was created. Next step: start its first draft, or import a file.") % {"service": obj},
        )
        return redirect(reverse("admin:responsibilities_service_change", args=[obj.pk]))

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.current_version_id else None

    @admin.display(description=_("current version"), ordering="current_version__number")
    def current_version_link(self, obj):
        version = obj.current_version
        if version is None:
            return None
        url = reverse("admin:responsibilities_matrixversion_change", args=[version.pk])
        return format_html('<a href="{}">v{}</a>', url, version.number)

    @admin.display(description=_("former slugs"))
    def former_slugs_list(self, obj):
        """The slugs this service had before: their public addresses redirect to the current one."""
        if obj is None or obj.pk is None:
            return None
        return ", ".join(obj.former_slugs.values_list("slug", flat=True)) or None

    @admin.display(description=_("last updated"), ordering="current_version__last_updated")
    def last_updated(self, obj):
        return obj.current_version.last_updated if obj.current_version_id else None

    @admin.display(description=_("draft"), ordering="has_draft")
    def draft_waiting(self, obj):
        # Words, not the admin's ✔/✖ icons: no draft is the normal state, not an error.
        if not obj.has_draft:
            return None
        url = reverse("admin:responsibilities_service_grid", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Draft waiting"))

    @admin.display(description=_("editors"))
    def editors_list(self, obj):
        names = [user.get_username() for user in obj.editors.all()]
        names += [_("group %(name)s") % {"name": group.name} for group in obj.editor_groups.all()]
        return ", ".join(names) or None

    @admin.display(description=_("public page"))
    def public_link(self, obj):
        if not obj.current_version_id:
            return None
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("View on site"))

    # --- The workflow pages -----------------------------------------------------------------

    def get_urls(self):
        def wrap(view):
            def checked(request, object_id):
                service = get_object_or_404(Service, pk=object_id)
                require_service_editor(request, service)
                return view(self, request, service)

            return self.admin_site.admin_view(update_wrapper(checked, view))

        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<int:object_id>/draft/start/", wrap(start_draft_view), name=f"{prefix}_start_draft"),
            path("<int:object_id>/draft/grid/", wrap(grid_view), name=f"{prefix}_grid"),
            path("<int:object_id>/draft/publish/", wrap(publish_view), name=f"{prefix}_publish"),
            path("<int:object_id>/draft/discard/", wrap(discard_view), name=f"{prefix}_discard"),
            path("<int:object_id>/import/", wrap(import_view), name=f"{prefix}_import"),
            path("<int:object_id>/export/", wrap(export_view), name=f"{prefix}_export"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            draft = MatrixVersion.objects.drafts().filter(service=obj).first()
            entries = list(AuditEntry.objects.filter(service=obj).select_related("version")[:AUDIT_PANEL_SIZE])
            for entry in entries:
                entry.html = entry_html(entry, LIST_DETAIL)
            context.update(
                draft=draft,
                draft_problems=version_problems(draft) if draft else [],
                current=obj.current_version,
                audit_entries=entries,
                audit_url=reverse("admin:responsibilities_auditentry_changelist") + f"?service__id__exact={obj.pk}",
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
