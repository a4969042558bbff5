"""The grid editor: a service's whole draft on one admin page, saved in one transaction."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..diff import changes_sentence, version_diff
from ..matrices import matrix_load
from ..models import MatrixVersion
from ..services import STALE, changes_since, draft_revision, draft_save_grid, matrix_problems
from ..services.audit import change_detail
from .audit import detail_line, entry_html
from .grid_forms import (
    MatrixMetaForm,
    PartyFormSet,
    RowFormSet,
    column_names,
    grid_initial,
    grid_matrix,
)
from .grid_render import grid_empty_row, grid_rows

PARTY_PREFIX, ROW_PREFIX = "col", "row"


def service_admin_url(service, name: str = "change") -> str:
    return reverse(f"admin:responsibilities_service_{name}", args=[service.pk])


def _bound_forms(request, meta, parties, rows):
    data = request.POST if request.method == "POST" else None
    party_formset = PartyFormSet(data, prefix=PARTY_PREFIX, initial=parties)
    if data is not None:
        total = party_formset.total_form_count() if party_formset.management_form.is_valid() else len(parties) + 1
        columns = column_names(data, PARTY_PREFIX, total)
    else:
        columns = [party["name"] for party in parties] + [_("new column %(n)d") % {"n": len(parties) + 1}]
    row_formset = RowFormSet(data, prefix=ROW_PREFIX, initial=rows, form_kwargs={"columns": columns})
    meta_form = MatrixMetaForm(data, initial=meta)
    return meta_form, party_formset, row_formset, columns


def grid_view(model_admin, request, service):
    """Show the draft as a grid (GET) or save the whole grid (POST); the caller checked access."""
    draft = MatrixVersion.objects.drafts().filter(service=service).first()
    if draft is None:
        messages.warning(request, _("%(service)s has no draft: start one first.") % {"service": service})
        return redirect(service_admin_url(service))
    matrix = matrix_load(draft)
    meta, parties, rows = grid_initial(matrix)
    meta["revision"] = draft_revision(draft)
    meta_form, party_formset, row_formset, columns = _bound_forms(request, meta, parties, rows)
    save_errors = []
    conflict = None

    if request.method == "POST":
        if meta_form.is_valid() and party_formset.is_valid() and row_formset.is_valid():
            try:
                edited = grid_matrix(meta_form=meta_form, party_formset=party_formset, row_formset=row_formset)
                counts = draft_save_grid(
                    draft=draft, matrix=edited, user=request.user, revision=meta_form.cleaned_data["revision"]
                )
            except ValidationError as error:
                if any(item.code == STALE for item in getattr(error, "error_list", [])):
                    conflict = _conflict(draft, matrix, edited, meta_form.cleaned_data["revision"])
                else:
                    save_errors = error.messages
            else:
                problems = matrix_problems(edited)
                messages.success(request, _("Draft saved: %(changes)s") % {"changes": changes_sentence(counts)})
                if problems:
                    messages.warning(
                        request,
                        ngettext(
                            "%(count)d activity breaks the A/R rule; it is highlighted below.",
                            "%(count)d activities break the A/R rule; they are highlighted below.",
                            len(problems),
                        )
                        % {"count": len(problems)},
                    )
                if "_publish" in request.POST:
                    return redirect(service_admin_url(service, "publish"))
                return redirect(service_admin_url(service, "grid"))
        else:
            save_errors = [_("Nothing was saved: correct the cells and rows marked below.")]

    if row_formset.is_bound:
        # Sent back with errors: the status tells what is on screen, not what is stored.
        problem_rows = _submitted_problem_rows(row_formset)
        problem_count = len(problem_rows)
    else:
        problem_rows = _problem_rows(rows)
        problem_count = len(matrix_problems(matrix))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Edit the draft of %(service)s") % {"service": service},
        "service": service,
        "draft": draft,
        "meta_form": meta_form,
        "party_formset": party_formset,
        "row_formset": row_formset,
        "save_errors": save_errors,
        "problem_count": problem_count,
        "problem_rows": problem_rows,
        "unsaved": row_formset.is_bound,
        "conflict": conflict,
        # After a conflict the editor has seen the other save: saving again goes over it.
        "revision": meta["revision"] if conflict else meta_form["revision"].value(),
        "sizes": grid_sizes(sum(1 for _ in matrix.walk()), matrix.activity_count(), party_formset.initial_form_count()),
        "grid_rows": grid_rows(row_formset, rows=rows, columns=columns),
        "grid_empty_row": grid_empty_row(row_formset, columns=columns),
    }
    return TemplateResponse(request, "admin/responsibilities/grid.html", context)


#: Lines of "what saving yours would change" a conflict shows.
CONFLICT_LINES = 50


def _conflict(draft, saved, edited, revision: str) -> dict:
    """What a second tab is offered when another save came first: the other saves since it
    opened the grid (who, when, what, cell by cell), and what its own save would now change."""
    theirs = changes_since(draft, revision)
    for entry in theirs:
        entry.html = entry_html(entry, CONFLICT_LINES)
    mine = change_detail(version_diff(saved, edited))
    return {
        "theirs": theirs,
        "mine": [detail_line(item) for item in mine[:CONFLICT_LINES]],
        "more": max(0, len(mine) - CONFLICT_LINES),
    }


def grid_sizes(sections: int, activities: int, columns: int) -> str:
    """ "3 sections, 12 activities, 2 columns.", each through ngettext."""
    return _("%(sections)s, %(activities)s, %(columns)s.") % {
        "sections": ngettext("%(count)d section", "%(count)d sections", sections) % {"count": sections},
        "activities": ngettext("%(count)d activity", "%(count)d activities", activities) % {"count": activities},
        "columns": ngettext("%(count)d column", "%(count)d columns", columns) % {"count": columns},
    }


def _submitted_problem_rows(row_formset) -> list[tuple[int, str, list[str]]]:
    """(form index, label, reasons) of every submitted row breaking the A/R rule."""
    rows = []
    for index, form in enumerate(row_formset.forms):
        reasons = form.submitted_problems()
        if reasons:
            rows.append((index, form.describe(), reasons))
    return rows


def _problem_rows(rows: list[dict]) -> list[tuple[int, str, list[str]]]:
    """(row index, label, reasons) of every stored row breaking the A/R rule, for the summary links."""
    return [
        (index, f"{row['label']} “{row['text'][:60]}”", row["problems"])
        for index, row in enumerate(rows)
        if row.get("problems")
    ]
