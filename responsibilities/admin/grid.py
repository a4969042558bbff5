"""The grid editor: a service's whole draft on one admin page, saved in one transaction."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..diff import changes_sentence
from ..matrices import matrix_load
from ..models import MatrixVersion
from ..services import draft_revision, draft_save_grid, matrix_problems
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

    if request.method == "POST":
        if meta_form.is_valid() and party_formset.is_valid() and row_formset.is_valid():
            try:
                edited = grid_matrix(meta_form=meta_form, party_formset=party_formset, row_formset=row_formset)
                counts = draft_save_grid(
                    draft=draft, matrix=edited, user=request.user, revision=meta_form.cleaned_data["revision"]
                )
            except ValidationError as error:
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

    problems = matrix_problems(matrix)
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
        "problems": problems,
        "problem_rows": _problem_rows(rows),
        "section_count": sum(1 for _ in matrix.walk()),
        "activity_count": matrix.activity_count(),
        "grid_rows": grid_rows(row_formset, rows=rows, columns=columns),
        "grid_empty_row": grid_empty_row(row_formset, columns=columns),
    }
    return TemplateResponse(request, "admin/responsibilities/grid.html", context)


def _problem_rows(rows: list[dict]) -> list[tuple[int, str, list[str]]]:
    """(row index, label, reasons) of every stored row breaking the A/R rule, for the summary links."""
    return [
        (index, f"{row['label']} “{row['text'][:60]}”", row["problems"])
        for index, row in enumerate(rows)
        if row.get("problems")
    ]
