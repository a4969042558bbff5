"""Import a translated page into a version from the admin: upload, preview (rows, letter disagreements), confirm.

The page pairs with the version row by row (``services.translating``): a page that does not line
up is refused with the first difference, each row whose letters disagree is listed (the source's
letters are kept), and confirming writes the draft revision of that language, which the editor
then shows for review and publishing.
"""

from __future__ import annotations

import base64
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..formats import MatrixFileError, labels_sentence
from ..limits import check_import_size
from ..models import MatrixVersion
from ..services import matrix_read, translation_import
from ..translations.languages import language_from_filename, normalize_language
from .permissions import require_service_editor

SESSION_PREFIX = "raci-translation-import-"


class TranslationUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Translated page"))
    language = forms.CharField(
        label=gettext_lazy("Language"),
        required=False,
        max_length=35,
        help_text=gettext_lazy("Default: the file name's (guide.fr-fr.md)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = labels_sentence()

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        try:
            check_import_size(upload.size, upload.name)
        except MatrixFileError as error:
            raise ValidationError(str(error)) from None
        language = cleaned.get("language") or language_from_filename(upload.name)
        if not language:
            raise ValidationError(_("Say the page's language (the file name does not: guide.<locale>.md)."))
        cleaned["language"] = normalize_language(language)
        return cleaned


def _import(request, version, *, name: str, data: bytes, language: str, dry_run: bool):
    matrix = matrix_read(data, filename=name)
    return translation_import(
        service=version.service,
        matrix=matrix,
        language=language,
        of_version=version.number,
        source=name,
        user=request.user,
        dry_run=dry_run,
    )


def upload_view(model_admin, request, object_id):
    """Upload (GET form, POST preview) or confirm (POST with the preview's token) a translated page."""
    version = get_object_or_404(MatrixVersion.objects.published().select_related("service"), pk=object_id)
    require_service_editor(request, version.service)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "service": version.service,
        "version": version,
        "title": _("Import a translation of %(version)s") % {"version": version},
    }
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, version)
    form = TranslationUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload, language = form.cleaned_data["file"], form.cleaned_data["language"]
        data = upload.read()
        try:
            report = _import(request, version, name=upload.name, data=data, language=language, dry_run=True)
        except MatrixFileError as error:
            problems = [str(problem) for problem in error.problems]
        except ValidationError as error:
            problems = error.messages
        else:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_PREFIX + token] = {
                "version": version.pk,
                "name": upload.name,
                "language": language,
                "data": base64.b64encode(data).decode("ascii"),
            }
            context.update(report=report, token=token)
            return TemplateResponse(request, "admin/responsibilities/translation_upload.html", context)
    context.update(form=form, problems=problems)
    return TemplateResponse(request, "admin/responsibilities/translation_upload.html", context)


def _confirm(request, version):
    from .translations import editor_url  # the editor's module imports this one

    stored = request.session.pop(SESSION_PREFIX + request.POST.get("token", ""), None)
    if stored is None or stored.get("version") != version.pk:
        messages.error(request, _("This preview has expired; upload the file again."))
        return redirect("admin:responsibilities_translation_upload", version.pk)
    try:
        report = _import(
            request,
            version,
            name=stored["name"],
            data=base64.b64decode(stored["data"]),
            language=stored["language"],
            dry_run=False,
        )
    except (MatrixFileError, ValidationError) as error:
        shown = [str(p) for p in error.problems] if isinstance(error, MatrixFileError) else error.messages
        messages.error(request, _("Nothing was imported: %(error)s") % {"error": "; ".join(shown)})
        return redirect("admin:responsibilities_translation_upload", version.pk)
    if report.unchanged:
        messages.info(request, _("The page gives the words of the published translation: nothing changed."))
        return redirect(editor_url(report.replaces))
    messages.success(request, _("The page is in the draft translation: review it, then publish it."))
    return redirect(editor_url(report.translation))
