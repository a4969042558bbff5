"""Translations in the admin: per version each language's revisions, rows covered and whether it is behind;
the editor (the source's texts and letters beside the translation's inputs), publish, discard, revise.

Every view checks that the user edits the version's service (``require_service_editor``) and
writes only through ``services.translating``, which records the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import update_wrapper

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import limits
from ..formats.matrix import section_label
from ..models import (
    Activity,
    Assignment,
    MatrixVersion,
    TranslatedActivity,
    TranslatedParty,
    TranslatedSection,
    Translation,
)
from ..services import translation_discard, translation_publish, translation_save, translation_start
from ..translations.languages import language_name
from .permissions import EDIT_PERMISSION, ServiceEditorsOnlyMixin, require_service_editor
from .translation_upload import upload_view


def with_coverage(queryset):
    """Annotate translations with the rows they translate, their version's rows, and whether they are behind."""
    version_rows = (
        Activity.objects.filter(version=OuterRef("version")).order_by().values("version").annotate(n=Count("pk"))
    )
    covered = (
        TranslatedActivity.objects.filter(translation=OuterRef("pk"))
        .exclude(text="")
        .order_by()
        .values("translation")
        .annotate(n=Count("pk"))
    )
    return queryset.annotate(
        rows_covered=Coalesce(Subquery(covered.values("n")), 0),
        rows_total=Coalesce(Subquery(version_rows.values("n")), 0),
        behind=~Q(version_id=F("version__service__current_version_id")),
    )


def editor_url(translation: Translation, step: str = "change") -> str:
    if step == "change":
        return reverse("admin:responsibilities_translation_change", args=[translation.pk])
    return reverse(f"admin:responsibilities_translation_{step}", args=[translation.pk])


def translations_panel(version: MatrixVersion) -> str:
    """The version page's table of its translations (every revision), with links; two queries."""
    if not version.is_published:
        return _("Only published versions are translated.")
    rows = with_coverage(Translation.objects.filter(version=version)).order_by("language", "-revision")
    start = reverse("admin:responsibilities_translation_start", args=[version.pk])
    body = format_html_join(
        "",
        "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{} / {}</td><td>{}</td><td><a href='{}'>{}</a></td></tr>",
        (
            (
                language_name(row.language),
                row.language,
                _("revision %(revision)d") % {"revision": row.revision} if row.revision else _("draft"),
                row.rows_covered,
                row.rows_total,
                _("out of date: a newer version is published") if row.behind else _("up to date"),
                editor_url(row),
                _("Edit") if not row.is_published else _("Read"),
            )
            for row in rows
        ),
    )
    head = format_html(
        "<thead><tr><th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th>"
        "<th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'></th></tr></thead>",
        _("Language"),
        _("Code"),
        _("Revision"),
        _("Rows translated"),
        _("Standing"),
    )
    caption = format_html("<caption>{}</caption>", _("Translations of this version"))
    table = format_html("<table>{}{}<tbody>{}</tbody></table>", caption, head, body) if rows else ""
    return format_html(
        "{}<p><a href='{}'>{}</a></p>", table or _("No translation yet."), start, _("Translate this version…")
    )


# --- The editor's rows -------------------------------------------------------------------------


@dataclass
class EditorActivity:
    pk: int
    text: str
    letters: list[str]
    translated: str = ""


@dataclass
class EditorSection:
    pk: int
    label: str
    depth: int
    title: str
    note: str
    translated_title: str = ""
    translated_note: str = ""
    activities: list[EditorActivity] = field(default_factory=list)


def editor_rows(translation: Translation):
    """The version's parties and sections (reading order) with the translation's texts; seven queries."""
    version_id = translation.version_id
    party_names = dict(TranslatedParty.objects.filter(translation=translation).values_list("party_id", "name"))
    parties = [
        {"pk": pk, "name": name, "translated": party_names.get(pk, "")}
        for pk, name in MatrixVersion(pk=version_id).parties.order_by("order", "pk").values_list("pk", "name")
    ]
    section_texts = {
        pk: (title, note)
        for pk, title, note in TranslatedSection.objects.filter(translation=translation).values_list(
            "section_id", "title", "note"
        )
    }
    children: dict[int | None, list] = {}
    for pk, parent_id, title, note in (
        MatrixVersion(pk=version_id).sections.order_by("order", "pk").values_list("pk", "parent_id", "title", "note")
    ):
        children.setdefault(parent_id, []).append((pk, title, note))
    activity_texts = dict(TranslatedActivity.objects.filter(translation=translation).values_list("activity_id", "text"))
    letters: dict[int, dict[int, str]] = {}
    for activity_id, party_id, value in Assignment.objects.filter(activity__version_id=version_id).values_list(
        "activity_id", "party_id", "letters"
    ):
        letters.setdefault(activity_id, {})[party_id] = value
    by_section: dict[int, list[EditorActivity]] = {}
    for pk, section_id, text in (
        Activity.objects.filter(version_id=version_id)
        .order_by("section_id", "order", "pk")
        .values_list("pk", "section_id", "text")
    ):
        cells = letters.get(pk, {})
        by_section.setdefault(section_id, []).append(
            EditorActivity(pk, text, [cells.get(party["pk"], "") for party in parties], activity_texts.get(pk, ""))
        )
    sections: list[EditorSection] = []

    def visit(parent, prefix):
        for index, (pk, title, note) in enumerate(children.get(parent, []), start=1):
            number = (*prefix, index)
            translated = section_texts.get(pk, ("", ""))
            sections.append(
                EditorSection(pk, section_label(number), len(number), title, note, *translated, by_section.get(pk, []))
            )
            visit(pk, number)

    visit(None, ())
    return parties, sections


def _posted_texts(data, parties, sections) -> dict:
    """The editor's inputs as ``translation_save`` arguments; too long a text is a ValidationError naming it."""

    def text(name: str, limit: int, where: str) -> str:
        value = data.get(name, "").replace("\r\n", "\n").strip()
        if len(value) > limit:
            raise ValidationError(
                _("%(where)s is %(length)d characters long; at most %(limit)d are allowed.")
                % {"where": where, "length": len(value), "limit": limit}
            )
        return value

    cell = limits.limit("RACI_MAX_CELL_CHARS")
    return {
        "title": text("title", limits.TITLE_CHARS, _("The title")),
        "introduction": text("introduction", cell, _("The introduction")),
        "change_summary": text("change_summary", cell, _("The change summary")),
        "parties": {
            p["pk"]: text(f"party-{p['pk']}", limits.PARTY_NAME_CHARS, _("The name of “%(party)s”") % {"party": name})
            for p in parties
            for name in [p["name"]]
        },
        "sections": {
            s.pk: (
                text(f"section-{s.pk}", limits.SECTION_TITLE_CHARS, _("The title of section %(label)s") % label),
                text(f"note-{s.pk}", cell, _("The note of section %(label)s") % label),
            )
            for s in sections
            for label in [{"label": s.label}]
        },
        "activities": {
            a.pk: text(f"activity-{a.pk}", cell, _("Activity “%(text)s”") % {"text": a.text[:60]})
            for s in sections
            for a in s.activities
        },
    }


# --- The model admin and its views ---------------------------------------------------------------


@admin.register(Translation)
class TranslationAdmin(ServiceEditorsOnlyMixin, admin.ModelAdmin):
    service_path = "version__service"
    list_display = ["version", "language", "revision_or_draft", "coverage", "out_of_date", "published_at"]
    list_filter = ["status", "language", ("version__service", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["version__service__name", "language", "title"]
    list_select_related = ["version__service"]

    def get_queryset(self, request):
        return with_coverage(super().get_queryset(request))

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and request.user.has_perm(EDIT_PERMISSION)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False  # translations start from a version's page

    def has_delete_permission(self, request, obj=None):
        return False  # drafts are discarded from the editor; published revisions stay forever

    @admin.display(description=gettext_lazy("revision"), ordering="revision")
    def revision_or_draft(self, obj):
        return obj.revision or _("draft")

    @admin.display(description=gettext_lazy("rows translated"))
    def coverage(self, obj):
        return f"{obj.rows_covered} / {obj.rows_total}"

    @admin.display(description=gettext_lazy("out of date"), boolean=True)
    def out_of_date(self, obj):
        return obj.behind

    def get_urls(self):
        def wrap(view):
            def checked(request, object_id):
                return view(self, request, object_id)

            return self.admin_site.admin_view(update_wrapper(checked, view))

        return [
            path("start/<int:object_id>/", wrap(start_view), name="responsibilities_translation_start"),
            path("upload/<int:object_id>/", wrap(upload_view), name="responsibilities_translation_upload"),
            path("<int:object_id>/publish/", wrap(publish_view), name="responsibilities_translation_publish"),
            path("<int:object_id>/discard/", wrap(discard_view), name="responsibilities_translation_discard"),
            path("<int:object_id>/revise/", wrap(revise_view), name="responsibilities_translation_revise"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return editor_view(self, request, object_id)


def _translation_for(request, object_id) -> Translation:
    """The translation of the URL (404 when the id is not a number or none has it), if the user edits its service."""
    if not str(object_id).isdigit():
        raise Http404(_("No such translation."))
    translation = get_object_or_404(with_coverage(Translation.objects.select_related("version__service")), pk=object_id)
    require_service_editor(request, translation.version.service)
    return translation


def editor_view(model_admin, request, object_id):
    """The source's texts and letters beside the translation's inputs (GET), or save them (POST, drafts only)."""
    translation = _translation_for(request, object_id)
    parties, sections = editor_rows(translation)
    if request.method == "POST":
        try:
            translation_save(
                translation=translation, user=request.user, **_posted_texts(request.POST, parties, sections)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The translation is saved. Publish it when it is ready."))
            return redirect(editor_url(translation))
    version = translation.version
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "service": version.service,
        "version": version,
        "translation": translation,
        "language_name": language_name(translation.language),
        "parties": parties,
        "sections": sections,
        "editable": not translation.is_published,
        "source_language": version.language,
        "title": _("%(language)s translation of %(version)s") % {"language": translation.language, "version": version},
    }
    return TemplateResponse(request, "admin/responsibilities/translation_editor.html", context)


def _post_only(request):
    return HttpResponseNotAllowed(["POST"]) if request.method != "POST" else None


def publish_view(model_admin, request, object_id):
    if refused := _post_only(request):
        return refused
    translation = _translation_for(request, object_id)
    try:
        translation = translation_publish(translation=translation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Revision %(revision)d of the %(language)s translation is published.")
            % {"revision": translation.revision, "language": translation.language},
        )
    return redirect(editor_url(translation))


def discard_view(model_admin, request, object_id):
    if refused := _post_only(request):
        return refused
    translation = _translation_for(request, object_id)
    version = translation.version
    try:
        translation_discard(translation=translation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(editor_url(translation))
    messages.success(request, _("The draft translation is discarded."))
    return redirect(reverse("admin:responsibilities_matrixversion_change", args=[version.pk]))


def revise_view(model_admin, request, object_id):
    """Start the next revision of a published translation (a copy of the latest) to correct it."""
    if refused := _post_only(request):
        return refused
    translation = _translation_for(request, object_id)
    draft = translation_start(version=translation.version, language=translation.language, user=request.user)
    return redirect(editor_url(draft))


def start_view(model_admin, request, object_id):
    """Choose a language and start translating a published version (GET: the form; POST: start)."""
    version = get_object_or_404(MatrixVersion.objects.published().select_related("service"), pk=object_id)
    require_service_editor(request, version.service)
    error = ""
    if request.method == "POST":
        try:
            draft = translation_start(version=version, language=request.POST.get("language", ""), user=request.user)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            return redirect(editor_url(draft))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "service": version.service,
        "version": version,
        "error": error,
        "language": request.POST.get("language", ""),
        "title": _("Translate %(version)s") % {"version": version},
    }
    return TemplateResponse(request, "admin/responsibilities/translation_start.html", context)
