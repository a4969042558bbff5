"""Every API error as one JSON shape: ``{"detail": "…", "errors": {"field": ["…"]}}``.

``detail`` is one sentence for a person; ``errors`` (validation errors only) names the fields
concerned, with the same messages as the admin's forms and the ``services`` functions.
Django's own exceptions keep their message (a 404 says which version is missing, a 403 which
service the user does not edit).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler

#: Field names of the services' and admin forms' messages, as the API's requests name them.
FIELD_NAMES = {"change_summary": "summary", "__all__": "non_field_errors"}


def validation_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ``ValidationError`` as field → messages (``non_field_errors`` for the rest)."""
    if hasattr(error, "error_dict"):
        return {
            FIELD_NAMES.get(field, field): list(DjangoValidationError(messages).messages)
            for field, messages in error.error_dict.items()
        }
    return {"non_field_errors": list(error.messages)}


def api_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or exceptions.NotFound.default_detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or exceptions.PermissionDenied.default_detail)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_errors(exc))
    response = exception_handler(exc, context)
    if response is not None:
        response.data = error_body(response.data)
    return response


def error_body(data) -> dict:
    """DRF's error data (a detail, a list or a dict of fields) in the API's one shape."""
    if isinstance(data, dict) and set(data) == {"detail"}:
        return {"detail": str(data["detail"])}
    if isinstance(data, dict):
        errors = {FIELD_NAMES.get(field, field): _strings(messages) for field, messages in data.items()}
        return {"detail": _("The request is not valid: %(errors)s") % {"errors": _sentence(errors)}, "errors": errors}
    return {"detail": " ".join(_strings(data))}


def _strings(messages) -> list[str]:
    if isinstance(messages, (list, tuple)):
        return [text for message in messages for text in _strings(message)]
    if isinstance(messages, dict):
        return [f"{field}: {text}" for field, inner in messages.items() for text in _strings(inner)]
    return [str(messages)]


def _sentence(errors: dict[str, list[str]]) -> str:
    return "; ".join(
        " ".join(messages) if field == "non_field_errors" else f"{field}: {' '.join(messages)}"
        for field, messages in errors.items()
    )


def not_found(request, exception):
    """The site's 404 handler: JSON under /api/ (a URL no API route matches), else Django's page."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": _("No such API address: see /api/docs/.")}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)
