"""The admin's workflow steps for one service: start a draft, publish it, discard it.

Each write is POST-only (CSRF-protected by ``admin_view``) and calls a function of the
``services`` package; a ``ValidationError`` comes back to the user as a message or a form error.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..diff import change_phrases, version_diff
from ..matrices import matrix_load
from ..models import MatrixVersion
from ..services import draft_discard, draft_start, version_problems, version_publish
from .grid import service_admin_url


class PublishForm(forms.Form):
    change_summary = forms.CharField(
        label=gettext_lazy("Change summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Shown to readers in the history and the feeds: say what changed and why."),
    )
    last_updated = forms.DateField(
        label=gettext_lazy("Last updated"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("The date readers see on the matrix."),
    )
    override = forms.BooleanField(
        label=gettext_lazy("Publish although some activities break the A/R rule"),
        required=False,
        help_text=gettext_lazy("Recorded with the rows concerned and shown as a notice on the public page."),
    )


def _draft_of(service):
    return MatrixVersion.objects.drafts().filter(service=service).first()


def _context(model_admin, request, service, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "service": service,
        **extra,
    }


def _changes_from_current(service, draft) -> dict:
    """What publishing the draft changes for readers, compared with the current version."""
    if service.current_version_id is None:
        return {"changes": None, "shifts": []}
    diff = version_diff(matrix_load(service.current_version), matrix_load(draft))
    return {"changes": change_phrases(diff.summary()), "shifts": diff.shifts}


def start_draft_view(model_admin, request, service):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        draft_start(service=service, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(service_admin_url(service))
    messages.success(request, _("Draft started. Edit it in the grid, then publish it."))
    return redirect(service_admin_url(service, "grid"))


def publish_view(model_admin, request, service):
    draft = _draft_of(service)
    if draft is None:
        messages.warning(request, _("%(service)s has no draft to publish.") % {"service": service})
        return redirect(service_admin_url(service))
    problems = version_problems(draft)
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            if problems and not form.cleaned_data["override"]:
                form.add_error(
                    "override",
                    ngettext(
                        "%(count)d activity still breaks the A/R rule: fix it in the grid, or tick this box.",
                        "%(count)d activities still break the A/R rule: fix them in the grid, or tick this box.",
                        len(problems),
                    )
                    % {"count": len(problems)},
                )
            else:
                try:
                    version = version_publish(
                        draft=draft,
                        user=request.user,
                        summary=form.cleaned_data["change_summary"],
                        last_updated=form.cleaned_data["last_updated"],
                        override=form.cleaned_data["override"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _("Version %(number)d of %(service)s is published.")
                        % {"number": version.number, "service": service},
                    )
                    return redirect(service_admin_url(service))
    else:
        # Imported documents carry their own date and change summary (the import form's, or the
        # file's); a draft edited by hand is dated today.
        form = PublishForm(
            initial={"last_updated": draft.last_updated or timezone.localdate(), "change_summary": draft.change_summary}
        )
    if not problems:
        form.fields["override"].widget = forms.HiddenInput()
    context = _context(
        model_admin,
        request,
        service,
        title=_("Publish the draft of %(service)s") % {"service": service},
        draft=draft,
        form=form,
        problems=problems,
        **_changes_from_current(service, draft),
        next_number=(service.current_version.number + 1) if service.current_version_id else 1,
    )
    return TemplateResponse(request, "admin/responsibilities/publish.html", context)


def discard_view(model_admin, request, service):
    draft = _draft_of(service)
    if draft is None:
        messages.warning(request, _("%(service)s has no draft to discard.") % {"service": service})
        return redirect(service_admin_url(service))
    if request.method == "POST":
        try:
            draft_discard(draft=draft, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The draft of %(service)s was discarded.") % {"service": service})
        return redirect(service_admin_url(service))
    context = _context(
        model_admin,
        request,
        service,
        title=_("Discard the draft of %(service)s?") % {"service": service},
        draft=draft,
    )
    return TemplateResponse(request, "admin/responsibilities/discard.html", context)
