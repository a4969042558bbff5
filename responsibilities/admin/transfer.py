"""Import a file into a service (upload, dry-run preview, confirm) and export any of its versions.

Views in the style of ``workflow``: ``ServiceAdmin.get_urls`` wraps them with ``admin_view``
and ``require_service_editor``, so only the service's editors reach them.
"""

from __future__ import annotations

import base64
import secrets
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..formats import FORMATS, MatrixFileError, labels_sentence, write
from ..limits import check_import_size
from ..matrices import matrix_load
from ..models import MatrixVersion
from ..reading.diff_tables import diff_tables, reworded_before_after
from ..services import matrix_import, matrix_read
from .grid import service_admin_url

SESSION_PREFIX = "raci-import-"


def _format_choices() -> list[tuple[str, str]]:
    return [(key, f.label) for key, f in FORMATS.items()]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    fmt = forms.ChoiceField(label=gettext_lazy("Format"), required=False)
    title = forms.CharField(
        label=gettext_lazy("Title"), required=False, help_text=gettext_lazy("Overrides the file's.")
    )
    last_updated = forms.DateField(
        label=gettext_lazy("Last updated"), required=False, help_text=gettext_lazy("YYYY-MM-DD; overrides the file's.")
    )
    summary = forms.CharField(
        label=gettext_lazy("Change summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = labels_sentence()
        self.fields["fmt"].choices = [("", _("From the file name")), *_format_choices()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_import_size(upload.size, upload.name)
        except MatrixFileError as error:
            raise ValidationError(str(error)) from None
        return upload


class ExportForm(forms.Form):
    version = forms.ModelChoiceField(label=gettext_lazy("Version"), queryset=MatrixVersion.objects.none())
    fmt = forms.ChoiceField(label=gettext_lazy("Format"))

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fmt"].choices = _format_choices()
        self.fields["version"].queryset = service.versions.order_by("status", "-number")
        self.fields["version"].initial = service.current_version_id


def _context(model_admin, request, service, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "service": service,
        "title": title,
        "step": title,
        **extra,
    }


def import_view(model_admin, request, service):
    if request.method == "POST" and "confirm" in request.POST:
        return _import_confirm(request, service)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        options = {key: form.cleaned_data[key] for key in ("title", "last_updated", "summary")}
        try:
            matrix = matrix_read(data, filename=upload.name, fmt=form.cleaned_data["fmt"] or None, **options)
        except MatrixFileError as error:
            problems = [str(problem) for problem in error.problems]
        else:
            report = matrix_import(service=service, matrix=matrix, source=upload.name, dry_run=True)
            token = _remember_upload(request, service, upload.name, data, form.cleaned_data)
            context = _context(
                model_admin,
                request,
                service,
                _("Preview of the import"),
                report=report,
                token=token,
                diff=report.diff,
                summary=report.diff.summary(),
                tables=diff_tables(report.diff),
                reworded_rows=reworded_before_after(report.diff),
            )
            return TemplateResponse(request, "admin/responsibilities/import_preview.html", context)
    context = _context(model_admin, request, service, _("Import a matrix"), form=form, problems=problems)
    return TemplateResponse(request, "admin/responsibilities/import.html", context)


def _remember_upload(request, service, name: str, data: bytes, cleaned: dict) -> str:
    """Keep the previewed file in the session, so Confirm applies exactly what was shown."""
    token = secrets.token_urlsafe(16)
    request.session[SESSION_PREFIX + token] = {
        "service": service.pk,
        "name": name,
        "data": base64.b64encode(data).decode("ascii"),
        "fmt": cleaned["fmt"],
        "title": cleaned["title"],
        "last_updated": cleaned["last_updated"].isoformat() if cleaned["last_updated"] else "",
        "summary": cleaned["summary"],
    }
    return token


def _import_confirm(request, service):
    stored = request.session.pop(SESSION_PREFIX + request.POST.get("token", ""), None)
    if stored is None or stored.get("service") != service.pk:  # a preview belongs to its service
        messages.error(request, _("This preview has expired; upload the file again."))
        return redirect(service_admin_url(service, "import"))
    try:
        matrix = matrix_read(
            base64.b64decode(stored["data"]),
            filename=stored["name"],
            fmt=stored["fmt"] or None,
            title=stored["title"],
            last_updated=date.fromisoformat(stored["last_updated"]) if stored["last_updated"] else None,
            summary=stored["summary"],
        )
        report = matrix_import(service=service, matrix=matrix, source=stored["name"], user=request.user)
    except (MatrixFileError, ValidationError, DatabaseError) as error:
        messages.error(request, _("Nothing was imported: %(error)s") % {"error": "; ".join(_messages(error))})
        return redirect(service_admin_url(service, "import"))
    messages.success(
        request,
        _("%(name)s was imported into the draft: %(changes)s") % {"name": stored["name"], "changes": report.sentence()},
    )
    return redirect(service_admin_url(service))


def export_view(model_admin, request, service):
    form = ExportForm(request.GET or None, service=service)
    if request.GET and form.is_valid():
        version, fmt = form.cleaned_data["version"], form.cleaned_data["fmt"]
        response = HttpResponse(write(matrix_load(version), fmt), content_type=FORMATS[fmt].content_type)
        label = f"v{version.number}" if version.number else "draft"
        response["Content-Disposition"] = content_disposition_header(True, f"{service.slug}-{label}.{fmt}")
        return response
    context = _context(model_admin, request, service, _("Export a version"), form=form)
    return TemplateResponse(request, "admin/responsibilities/export.html", context)


def _messages(error) -> list[str]:
    if isinstance(error, MatrixFileError):
        return [str(problem) for problem in error.problems]
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [_("the database refused the data (%(error)s)") % {"error": error}]
