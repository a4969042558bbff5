"""Services, their versions and the publish request, as the API shows and reads them.

A version itself is not serialized here: the API answers the interchange JSON every format
writes (``reading.page.version_document``), so there is one JSON of a matrix, not two.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..formats import FORMATS
from ..models import MatrixVersion, Service


class ServiceSerializer(serializers.ModelSerializer):
    """A listed service (one with a published version) and its current version."""

    current_version = serializers.IntegerField(source="current_version.number", help_text="Its number.")
    last_updated = serializers.DateField(
        source="current_version.last_updated", help_text="The date readers see on the current version."
    )
    published_at = serializers.DateTimeField(source="current_version.published_at")
    fingerprint = serializers.CharField(
        source="current_version.fingerprint", help_text="SHA-256 of the current version's canonical JSON."
    )
    languages = serializers.SerializerMethodField(
        help_text="The languages its current version can be read in (?lang=), the one it is written in first."
    )
    url = serializers.SerializerMethodField(help_text="This service in the API.")
    page = serializers.SerializerMethodField(help_text="Its public page.")

    class Meta:
        model = Service
        fields = [
            "slug",
            "name",
            "family",
            "description",
            "current_version",
            "last_updated",
            "published_at",
            "fingerprint",
            "languages",
            "url",
            "page",
        ]

    def get_languages(self, service) -> list[str]:
        return self.context["languages"][service.current_version_id]

    @extend_schema_field(serializers.URLField)
    def get_url(self, service) -> str:
        return self._absolute(reverse("api:service", kwargs={"slug": service.slug}))

    @extend_schema_field(serializers.URLField)
    def get_page(self, service) -> str:
        return self._absolute(reverse("responsibilities:service", kwargs={"slug": service.slug}))

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class VersionSerializer(serializers.ModelSerializer):
    """One published version in a service's history."""

    changes = serializers.JSONField(
        source="diff_summary",
        help_text="What changed from the previous version (counts, as on the history page); empty for the first.",
    )
    languages = serializers.SerializerMethodField(
        help_text="The languages it can be read in (?lang=), the one it is written in first."
    )
    url = serializers.SerializerMethodField(help_text="The whole version in the API.")

    class Meta:
        model = MatrixVersion
        fields = [
            "number",
            "title",
            "last_updated",
            "published_at",
            "change_summary",
            "fingerprint",
            "ar_override",
            "changes",
            "languages",
            "url",
        ]

    def get_languages(self, version) -> list[str]:
        return self.context["languages"][version.pk]

    @extend_schema_field(serializers.URLField)
    def get_url(self, version) -> str:
        path = reverse("api:version", kwargs={"slug": self.context["slug"], "number": version.number})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class PublishSerializer(serializers.Serializer):
    """What ``POST …/draft/publish`` takes (the admin's publish form)."""

    summary = serializers.CharField(
        required=False, allow_blank=True, help_text="The change summary readers see (required to publish)."
    )
    last_updated = serializers.DateField(
        required=False, allow_null=True, help_text="The date readers see; default: the draft's own, else today."
    )
    override = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Publish although some activities break the A/R rule (recorded and shown to readers).",
    )


class ImportRequestSerializer(serializers.Serializer):
    """What ``POST …/draft/import`` takes (multipart): the admin's import form, and ``dry_run``.

    For the schema only: the request is checked by the admin's own form (``admin.transfer.ImportForm``),
    so its limits and messages are the admin's.
    """

    file = serializers.FileField(help_text="The matrix: XLSX, CSV, ODS, JSON or a documentation page (markdown).")
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="true: answer the preview, change nothing."
    )
    fmt = serializers.ChoiceField(
        choices=list(FORMATS), required=False, help_text="The file's format; default: from the file's name."
    )
    title = serializers.CharField(required=False, help_text="Overrides the file's.")
    last_updated = serializers.DateField(required=False, help_text="YYYY-MM-DD; overrides the file's.")
    summary = serializers.CharField(required=False, help_text="The change summary; overrides the file's.")
