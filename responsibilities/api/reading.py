"""The read API: services, their published versions, one version, the version in force on a
date, and the diff of two versions. Anonymous, published versions only (drafts are 404).

Each read finds its versions with the public pages' own lookups (``views.lookup``), answers
the public pages' JSON (``reading.page.version_document``) and diff (``version_diff`` with its
matching kept once per pair, ``caching.matchings``), and keeps its bytes in the page cache.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from ..caching.http import cache_headers
from ..caching.keys import page_key
from ..caching.matchings import published_diff
from ..caching.store import cached_page
from ..filters import ServiceFilter
from ..matrices import matrix_load
from ..models import MatrixVersion, Service
from ..reading.languages import best_match
from ..reading.page import version_document
from ..translations.languages import normalize_language
from ..translations.models import Translation
from ..translations.reading import languages_by_version, matrix_in_language
from ..views.history import parse_day
from ..views.lookup import PageVersion, in_force_page, numbered_page, versions_for_diff
from .documents import diff_document
from .http import ReadView, fresh, version_etag
from .schema import READ_ERRORS, error, ref
from .serializers import ServiceSerializer, VersionSerializer

_NOT_FOUND = {404: error("No such service, or no such published version of it.")}
_LIST_ERRORS = {
    400: error("A page size out of range."),
    404: error("No such service, or no such page of the list."),
}


class Pages(PageNumberPagination):
    """``?page=N`` (a page past the last is 404), 50 items a page, ``?page_size=`` from 1 to 200
    (anything else is a 400 naming it, rather than silently another size)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            message = _("Give page_size as a whole number from 1 to %(most)d.") % {"most": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return int(value)


def _json(document: dict) -> HttpResponse:
    body = json.dumps(document, ensure_ascii=False, cls=DjangoJSONEncoder)
    return HttpResponse(body, content_type="application/json")


class ServiceList(ReadView):
    """Every service with a published version, as the catalogue lists them."""

    pagination_class = Pages

    @extend_schema(
        operation_id="services_list",
        parameters=[
            OpenApiParameter("family", str, description="Only services of this product family (e.g. “Web Cloud”)."),
            OpenApiParameter(
                "q",
                {"type": "string", "maxLength": 200},
                description="Words found in the name, description or current matrix (all must match).",
            ),
        ],
        responses={
            200: ServiceSerializer(many=True),
            400: error("An unknown family, or a page size out of range."),
            404: error("No such page of the list."),
            **READ_ERRORS,
        },
    )
    def get(self, request):
        service_filter = ServiceFilter(request.query_params or None, queryset=Service.objects.listed())
        if service_filter.is_bound and not service_filter.is_valid():
            raise ValidationError(service_filter.errors)
        services = service_filter.qs if service_filter.is_bound else service_filter.queryset
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(services.order_by("name", "pk"), request, view=self)
        languages = languages_by_version([service.current_version for service in page])
        data = ServiceSerializer(page, many=True, context={"request": request, "languages": languages}).data
        return cache_headers(paginator.get_paginated_response(data), permalink=False)


class ServiceDetail(ReadView):
    """One service and its current version."""

    @extend_schema(operation_id="services_retrieve", responses={200: ServiceSerializer, **_NOT_FOUND, **READ_ERRORS})
    def get(self, request, slug):
        service = get_object_or_404(Service.objects.listed(), slug=slug)
        languages = languages_by_version([service.current_version])
        data = ServiceSerializer(service, context={"request": request, "languages": languages}).data
        return cache_headers(Response(data), permalink=False)


class VersionList(ReadView):
    """A service's published versions, newest first, with what changed in each."""

    pagination_class = Pages

    @extend_schema(
        operation_id="versions_list", responses={200: VersionSerializer(many=True), **_LIST_ERRORS, **READ_ERRORS}
    )
    def get(self, request, slug):
        service = get_object_or_404(Service.objects.listed(), slug=slug)
        versions = service.versions.published().order_by("-number")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(versions, request, view=self)
        context = {"request": request, "slug": slug, "languages": languages_by_version(page)}
        data = VersionSerializer(page, many=True, context=context).data
        return cache_headers(paginator.get_paginated_response(data), permalink=False)


_VERSION = OpenApiResponse(response=ref("VersionDocument"), description="The whole version (the interchange JSON).")
_LANG = OpenApiParameter(
    "lang",
    {"type": "string", "maxLength": 35, "pattern": "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"},
    description=(
        "One of the version's languages (its languages list; default: the one it is written in): "
        "fr-ca falls back to fr, fr takes fr-fr or another fr-…"
    ),
    examples=[OpenApiExample("French (France)", value="fr-fr")],
)


def _version_response(request, page: PageVersion, *, permalink: bool):
    """The interchange JSON of a published version (in ``?lang=``), 304 when the client has it, from the page cache."""
    translations = dict(
        Translation.objects.latest_published().filter(version_id=page.pk).values_list("language", "fingerprint")
    )
    languages = [page.language, *sorted(code for code in translations if code != page.language)]
    language = _asked_language(request, page, languages)
    # What the document shows: the version, and each translation's latest revision (its languages).
    shown = "|".join(f"{code}={translations[code]}" for code in languages[1:])
    # The only query parameter the bytes depend on (keys and ETags name no raw query string).
    variant = {"lang": language}
    etag = version_etag(request, page, extra=shown, variant=variant)
    response = fresh(request, etag, page.published_at)
    if response is None:
        translated = hashlib.sha256(shown.encode()).hexdigest()[:16]
        key = page_key(request, "api-version", page.pk, page.fingerprint[:20], translated, variant=variant)

        def render():
            version = MatrixVersion.objects.select_related("service").get(pk=page.pk)
            matrix = matrix_in_language(version, language)
            document = version_document(
                version, matrix, languages=languages, translation_fingerprint=translations.get(language, "")
            )
            return _json(document)

        response = cached_page(request, key, render)
    response["ETag"] = etag
    response["Content-Language"] = language
    return cache_headers(response, permalink=permalink)


def _asked_language(request, page: PageVersion, languages: list[str]) -> str:
    """The one of ``languages`` that ``?lang=`` asks for, else the version's own.

    As on the public pages (``reading.languages.best_match``): ``fr-ca`` falls back to ``fr``,
    ``fr`` takes ``fr-fr`` or another ``fr-…``; outside the family it is a 404 (a client asking
    for a language gets it or is told, never the source language silently)."""
    asked = request.query_params.get("lang")
    if asked is None:
        return languages[0]
    try:
        code = normalize_language(asked)
    except DjangoValidationError as problem:
        raise ValidationError({"lang": problem.messages}) from None
    shown = best_match(code, languages)
    if shown is None:
        raise NotFound(
            _("Version %(number)d of %(service)s is not in %(language)s; its languages: %(languages)s.")
            % {
                "number": page.number,
                "service": Service.objects.filter(pk=page.service_id).values_list("name", flat=True).first(),
                "language": code,
                "languages": ", ".join(languages),
            }
        )
    return shown


class VersionDetail(ReadView):
    """Published version ``number`` of a service, whole."""

    @extend_schema(
        operation_id="versions_retrieve",
        parameters=[_LANG],
        responses={
            200: _VERSION,
            400: error("A malformed language code."),
            404: error("No such service, no such published version, or not in that language."),
            **READ_ERRORS,
        },
    )
    def get(self, request, slug, number):
        return _version_response(request, numbered_page(request, slug, number), permalink=True)


class VersionAsOf(ReadView):
    """The version in force on a day: the latest one dated on or before it."""

    @extend_schema(
        operation_id="versions_as_of",
        parameters=[
            _LANG,
            OpenApiParameter(
                "day",
                OpenApiTypes.DATE,
                OpenApiParameter.PATH,
                description="YYYY-MM-DD",
                examples=[OpenApiExample("A day", value="2023-01-31")],
            ),
        ],
        responses={
            200: _VERSION,
            400: error("The day is not a date, or a malformed language code."),
            404: error("No such service, no version was in force that day, or not in that language."),
            **READ_ERRORS,
        },
    )
    def get(self, request, slug, day):
        service = get_object_or_404(Service.objects.listed(), slug=slug)
        parsed = parse_day(day)
        if parsed is None:
            raise ValidationError(
                {"day": [_("“%(day)s” is not a date: write it as YYYY-MM-DD, e.g. 2023-01-31.") % {"day": day}]}
            )
        page = in_force_page(service, parsed)
        if page is None:
            raise NotFound(
                _("No version of %(service)s was in force on %(day)s: the first version dates from %(first)s.")
                % {"service": service.name, "day": parsed.isoformat(), "first": _first_date(service)}
            )
        return _version_response(request, page, permalink=False)


def _first_date(service: Service) -> str:
    first: date = service.versions.published().order_by("number").values_list("last_updated", flat=True).first()
    return first.isoformat()


class VersionDiff(ReadView):
    """What changed from version ``a`` to version ``b`` (``current``: the current one)."""

    @extend_schema(
        operation_id="versions_diff",
        responses={
            200: OpenApiResponse(response=ref("Diff"), description="What changed, as the public diff page shows it."),
            **_NOT_FOUND,
            **READ_ERRORS,
        },
    )
    def get(self, request, slug, a, b=None):
        permalink = b is not None  # "current" changes with the next publication
        found = versions_for_diff(slug, a, b)
        if not found:
            raise NotFound(_("No published version of this service."))
        b = next(iter(found.values())).current_number if b is None else b
        if a not in found or b not in found:
            raise NotFound(
                _("No published version %(number)s of this service.") % {"number": a if a not in found else b}
            )
        old, new = found[a], found[b]
        etag = version_etag(request, old, new)
        response = fresh(request, etag, max(old.published_at, new.published_at))
        if response is None:
            key = page_key(request, "api-diff", old.pk, old.fingerprint[:20], new.pk, new.fingerprint[:20])
            response = cached_page(request, key, lambda: _render_diff(slug, old, new))
        response["ETag"] = etag
        return cache_headers(response, permalink=permalink)


class VersionDiffCurrent(VersionDiff):
    """What changed from version ``a`` to the current version."""

    @extend_schema(
        operation_id="versions_diff_current",
        responses={
            200: OpenApiResponse(response=ref("Diff"), description="What changed, as the public diff page shows it."),
            **_NOT_FOUND,
            **READ_ERRORS,
        },
    )
    def get(self, request, slug, a):
        return super().get(request, slug, a)


def _render_diff(slug: str, old: PageVersion, new: PageVersion) -> HttpResponse:
    versions = MatrixVersion.objects.in_bulk([old.pk, new.pk])
    diff = published_diff(
        matrix_load(versions[old.pk]),
        matrix_load(versions[new.pk]),
        old_fingerprint=old.fingerprint,
        new_fingerprint=new.fingerprint,
    )
    return _json(diff_document(diff, slug=slug, old=old, new=new))
