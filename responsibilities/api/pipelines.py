"""The write API for pipelines: import a file into a service's draft (or preview it), publish the draft.

Only with a token (``Authorization: Token …``) of a user who edits the service in the admin:
the admin's own check (``admin.permissions.require_service_editor``) runs before the request's
body is read, so another service's token gets 403 and nothing changes. Each write calls the
``services`` function the admin calls, with the admin's form and messages, and its audit
entry says "via the API".
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.fields import BooleanField
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..admin.permissions import require_service_editor
from ..admin.transfer import ImportForm
from ..formats import MatrixFileError
from ..limits import check_import_size, max_import_bytes
from ..models import MatrixVersion, Service
from ..services import matrix_import, matrix_read, version_publish
from .documents import import_document
from .errors import validation_errors
from .schema import error, ref
from .serializers import ImportRequestSerializer, PublishSerializer

#: What a multipart request may add to its file (boundaries, headers, the other fields).
MULTIPART_ALLOWANCE = 64 * 1024


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


_WRITE_ERRORS = {
    401: error("No token, or an unknown one (send Authorization: Token <token>)."),
    403: error("The token's user does not edit this service."),
    404: error("No such service."),
    429: error("Too many requests with this token; retry after the Retry-After header's seconds."),
}


def _editable_service(request, slug: str) -> Service:
    service = get_object_or_404(Service, slug=slug)
    require_service_editor(request, service)
    return service


class DraftImport(APIView):
    """Import a file into the service's draft, all or nothing, or preview it (``dry_run=true``)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="draft_import",
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: OpenApiResponse(response=ref("ImportReport"), description="The preview, or what was imported."),
            400: error("The file cannot be read (each problem named with its row or line), or a field is wrong."),
            **_WRITE_ERRORS,
            413: error("The request is over the import size limit."),
        },
    )
    def post(self, request, slug):
        service = _editable_service(request, slug)
        _refuse_oversized(request)
        form = ImportForm(request.data, request.FILES)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        dry_run = _dry_run(request)
        upload = form.cleaned_data["file"]
        options = {key: form.cleaned_data[key] for key in ("title", "last_updated", "summary")}
        try:
            matrix = matrix_read(upload.read(), filename=upload.name, fmt=form.cleaned_data["fmt"] or None, **options)
            report = matrix_import(
                service=service, matrix=matrix, source=upload.name, user=request.user, dry_run=dry_run, via_api=True
            )
        except MatrixFileError as problem:
            problems = [str(item) for item in problem.problems]
            return _nothing_imported({"file": problems}, problems)
        except ValidationError as problem:
            return _nothing_imported(validation_errors(problem), list(problem.messages))
        except DatabaseError as problem:
            message = _("the database refused the data (%(error)s)") % {"error": problem}
            return _nothing_imported({"non_field_errors": [message]}, [message])
        document = import_document(report)
        if not dry_run:
            document["message"] = _("%(name)s was imported into the draft: %(changes)s") % {
                "name": upload.name,
                "changes": report.sentence(),
            }
        return Response(document)


def _refuse_oversized(request) -> None:
    """413 before the body is read when it is bigger than any file the import accepts."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ParseError(_("The Content-Length header is not a number.")) from None
    if length > max_import_bytes() + MULTIPART_ALLOWANCE:
        try:
            check_import_size(length, "the request")
        except MatrixFileError as problem:
            raise PayloadTooLarge(str(problem)) from None


def _dry_run(request) -> bool:
    value = request.data.get("dry_run", "false")
    try:
        return BooleanField().to_internal_value(value)
    except Exception:  # noqa: BLE001 - DRF's ValidationError, with a message naming the field below
        raise ValidationError({"dry_run": _("Write dry_run as true or false.")}) from None


def _nothing_imported(errors: dict, messages: list[str]) -> Response:
    detail = _("Nothing was imported: %(error)s") % {"error": "; ".join(messages)}
    return Response({"detail": detail, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)


class DraftPublish(APIView):
    """Publish the service's draft as its next version (the admin's Publish step)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="draft_publish",
        request=PublishSerializer,
        examples=[
            OpenApiExample(
                "A pipeline publishing a merged page",
                value={"summary": "Backups: the customer now restores them", "last_updated": "2026-12-01"},
                request_only=True,
            )
        ],
        responses={
            201: OpenApiResponse(
                response={
                    "type": "object",
                    "properties": {
                        "number": {"type": "integer"},
                        "last_updated": {"type": "string", "format": "date"},
                        "fingerprint": {"type": "string"},
                        "ar_override": {"type": "boolean"},
                        "url": {"type": "string", "format": "uri"},
                        "page": {"type": "string", "format": "uri"},
                        "message": {"type": "string"},
                    },
                    "required": ["number", "last_updated", "fingerprint", "ar_override", "url", "page", "message"],
                },
                description="The version published.",
            ),
            400: error(
                "The summary is missing, the date is before the previous version's, or rows break the A/R rule."
            ),
            **_WRITE_ERRORS,
            409: error("The service has no draft to publish."),
        },
    )
    def post(self, request, slug):
        service = _editable_service(request, slug)
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = MatrixVersion.objects.drafts().filter(service=service).first()
        if draft is None:
            raise Conflict(_("%(service)s has no draft to publish.") % {"service": service})
        data = serializer.validated_data
        version = version_publish(
            draft=draft,
            user=request.user,
            summary=data.get("summary", ""),
            last_updated=data.get("last_updated"),
            override=data.get("override", False),
            via_api=True,
        )
        arguments = {"slug": service.slug, "number": version.number}
        document = {
            "number": version.number,
            "last_updated": version.last_updated.isoformat(),
            "fingerprint": version.fingerprint,
            "ar_override": version.ar_override,
            "url": request.build_absolute_uri(reverse("api:version", kwargs=arguments)),
            "page": request.build_absolute_uri(reverse("responsibilities:version", kwargs=arguments)),
            "message": _("Version %(number)d of %(service)s is published.")
            % {"number": version.number, "service": service},
        }
        return Response(document, status=status.HTTP_201_CREATED)
