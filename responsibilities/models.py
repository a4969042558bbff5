"""The RACI domain: services, their versioned matrices, sections, activities and letters.

Reads are QuerySet methods named for their intent; writes that touch several models live in
the ``services`` package. A published version is frozen: every model here refuses to change or delete
anything that belongs to one, whatever the path (instance, queryset, bulk).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .letters import CANONICAL_VALUES
from .parties import CUSTOMER_SLUGS
from .translations.languages import DEFAULT_SOURCE_LANGUAGE, validate_language
from .translations.languages import MAX_LENGTH as LANGUAGE_MAX_LENGTH


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishedVersionError(ValidationError):
    """Raised by every path that would change or delete part of a published version."""


def _frozen_error(what) -> PublishedVersionError:
    return PublishedVersionError(
        _(
            "%(what)s belongs to a published version, which can never be changed. "
            "Start a new draft to make a correction."
        )
        % {"what": what}
    )


class FrozenQuerySet(models.QuerySet):
    """A queryset that refuses bulk writes touching a published version.

    ``version_path`` names the lookup from the model to its MatrixVersion.
    """

    version_path = "version"

    def _published_rows(self):
        return self.filter(**{f"{self.version_path}__status": VersionStatus.PUBLISHED})

    def _refuse_if_published(self):
        if self._published_rows().exists():
            raise _frozen_error(self.model._meta.verbose_name_plural.capitalize())

    def update(self, **kwargs):
        self._refuse_if_published()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_published()
        return super().delete()

    def bulk_update(self, objs, fields, batch_size=None):
        pks = [obj.pk for obj in objs if obj.pk is not None]
        self.model._default_manager.filter(pk__in=pks)._refuse_if_published()
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def _targets_published(self, objs) -> bool:
        version_ids = {obj.version_id for obj in objs}
        return MatrixVersion.objects.filter(pk__in=version_ids, status=VersionStatus.PUBLISHED).exists()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if self._targets_published(objs):
            raise _frozen_error(self.model._meta.verbose_name_plural.capitalize())
        return super().bulk_create(objs, *args, **kwargs)


class FrozenModel(models.Model):
    """Instance-level half of the freeze: save() and delete() check the owning version.

    Subclasses name their frozen manager as the base manager too (``base_manager_name``):
    Django writes through ``_base_manager`` in related managers (``add()``), which would
    otherwise skip the queryset half of the freeze.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_not_frozen()
        if self.pk is not None:
            # Moving a row out of a published version is a change to that version too.
            previous = type(self)._default_manager.filter(pk=self.pk).first()
            if previous is not None and previous.frozen_version_id() != self.frozen_version_id():
                previous._check_not_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_not_frozen()
        return super().delete(*args, **kwargs)

    def frozen_version_id(self):
        return self.version_id

    def _check_not_frozen(self):
        version_id = self.frozen_version_id()
        if version_id and MatrixVersion.objects.filter(pk=version_id, status=VersionStatus.PUBLISHED).exists():
            raise _frozen_error(self._meta.verbose_name.capitalize())


# --- Service ------------------------------------------------------------------------------


class ServiceQuerySet(models.QuerySet):
    def listed(self):
        """Services with a published version, for the public catalogue, with that version."""
        return self.filter(current_version__isnull=False).select_related("current_version")

    def with_summary(self):
        """Annotate each service with its current version's activity count and the customer's R count.

        The customer is the column ``parties`` names so (``customer``, ``clients``…), else the first one.
        """
        current = OuterRef("current_version")
        customer = (
            Party.objects.filter(version=current)
            .annotate(is_customer=Case(When(slug__in=CUSTOMER_SLUGS, then=0), default=1))
            .order_by("is_customer", "order", "pk")
        )
        activities = (
            Activity.objects.filter(version=current).order_by().values("version").annotate(n=Count("pk")).values("n")
        )
        customer_r = (
            Assignment.objects.filter(party=OuterRef("customer_party_id"), letters__contains="R")
            .order_by()
            .values("party")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            activity_count=Coalesce(Subquery(activities), 0),
            customer_party_id=Subquery(customer.values("pk")[:1]),
            customer_party_name=Subquery(customer.values("name")[:1]),
            customer_party_slug=Subquery(customer.values("slug")[:1]),
        ).annotate(customer_r_count=Coalesce(Subquery(customer_r), 0))

    def editable_by(self, user):
        """Services this user may edit: all for superusers, else those they (or a group) edit."""
        if not user.is_authenticated or not user.is_active or not user.is_staff:
            return self.none()
        if user.is_superuser:
            return self
        return self.edited_by(user)

    def edited_by(self, user):
        """Services this user (or one of their groups) is an editor of, superuser or not."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(editors=user) | Q(editor_groups__in=user.groups.all())).distinct()


class Service(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, help_text=_("Used in public URLs."))
    family = models.CharField(
        _("product family"), max_length=100, blank=True, help_text=_("E.g. “Web Cloud”, “Bare Metal Cloud”.")
    )
    description = models.TextField(_("short description"), blank=True)
    source_language = models.CharField(
        _("source language"),
        max_length=LANGUAGE_MAX_LENGTH,
        default=DEFAULT_SOURCE_LANGUAGE,
        validators=[validate_language],
        help_text=_(
            "The language its versions are written in, as the documentation's file names write it "
            "(en, en-gb, fr-fr). Other languages are translations of those versions."
        ),
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editors"),
        blank=True,
        related_name="edited_services",
        help_text=_("Staff users allowed to edit this service's matrix."),
    )
    editor_groups = models.ManyToManyField(
        "auth.Group",
        verbose_name=_("editor groups"),
        blank=True,
        related_name="edited_services",
        help_text=_("Groups whose staff members may edit this service's matrix."),
    )
    current_version = models.OneToOneField(
        "MatrixVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("current version"),
        help_text=_("The latest published version, shown at the service's public address."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs):
        # Only version_publish moves current_version (naming it in update_fields): a copy of
        # the service loaded before a publish and saved after it (an admin form) must not
        # move it back.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "current_version"
            ]
        former_slug = None
        if self.pk is None or "slug" in (kwargs.get("update_fields") or ["slug"]):
            self._check_slug_not_taken()
            if self.pk is not None:
                stored = Service.objects.filter(pk=self.pk).exclude(slug=self.slug)
                former_slug = stored.values_list("slug", flat=True).first()
        super().save(*args, **kwargs)
        if former_slug:
            self._remember_slug(former_slug)

    def get_absolute_url(self):
        return reverse("responsibilities:service", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        self._check_slug_not_taken()

    def _check_slug_not_taken(self):
        """A slug another service had stays its own: its old addresses keep leading there."""
        if self.slug and ServiceSlug.objects.filter(slug=self.slug).exclude(service_id=self.pk).exists():
            raise ValidationError(
                {"slug": _("Another service had this slug: its old addresses lead there for good. Choose another one.")}
            )

    def _remember_slug(self, former_slug: str) -> None:
        """Keep the slug this service leaves: its public addresses redirect to the new one for good."""
        ServiceSlug.objects.filter(service=self, slug=self.slug).delete()  # taking back a slug of its own
        ServiceSlug.objects.update_or_create(slug=former_slug, defaults={"service": self})


class ServiceSlug(models.Model):
    """A slug a service had before: its public addresses answer with a permanent redirect."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="former_slugs", verbose_name=_("service")
    )
    slug = models.SlugField(_("former slug"), max_length=100, unique=True)
    replaced_at = models.DateTimeField(_("replaced"), auto_now_add=True)

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")
        ordering = ["service", "-replaced_at"]

    def __str__(self):
        return f"{self.slug} → {self.service.slug}"


# --- Matrix version -----------------------------------------------------------------------


class MatrixVersionQuerySet(FrozenQuerySet):
    #: Deleting a staff account clears "published by" (on_delete=SET_NULL goes through update()).
    _ERASABLE = {"published_by": None}

    def _published_rows(self):
        return self.filter(status=VersionStatus.PUBLISHED)

    def update(self, **kwargs):
        if kwargs and all(name in self._ERASABLE and value is None for name, value in kwargs.items()):
            return models.QuerySet.update(self, **kwargs)
        return super().update(**kwargs)

    def in_force_on(self, day):
        """Published versions dated on or before ``day``, latest first: the first was in force then."""
        return self.published().filter(last_updated__lte=day).order_by("-number")

    def published(self):
        return self.filter(status=VersionStatus.PUBLISHED)

    def drafts(self):
        return self.filter(status=VersionStatus.DRAFT)

    def bulk_create(self, objs, *args, **kwargs):
        return models.QuerySet.bulk_create(self, objs, *args, **kwargs)


class MatrixVersion(FrozenModel):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="versions", verbose_name=_("service"))
    number = models.PositiveIntegerField(
        _("version number"), null=True, blank=True, editable=False, help_text=_("Assigned when published.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT, editable=False
    )
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)
    last_updated = models.DateField(
        _("last updated"),
        null=True,
        blank=True,
        help_text=_("The date readers see. Set on publish (today unless given); imported documents keep their own."),
    )
    change_summary = models.TextField(_("change summary"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=LANGUAGE_MAX_LENGTH,
        blank=True,
        editable=False,
        help_text=_("The language it is written in: the service's source language when it was published."),
    )
    ar_override = models.BooleanField(
        _("A/R rule override"),
        default=False,
        editable=False,
        help_text=_("Published although some activities do not have exactly one A and at least one R."),
    )
    ar_override_rows = models.JSONField(_("rows breaking the A/R rule"), default=list, blank=True, editable=False)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, blank=True, editable=False)
    diff_summary = models.JSONField(
        _("changes from the previous version"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Counts of rows added, removed, reworded, moved, letters changed and shifts; set on publish."),
    )
    service_name = models.CharField(
        _("service name"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("The service's name when this version was published: part of what was published."),
    )
    source = models.CharField(_("imported from"), max_length=300, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MatrixVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("matrix version")
        verbose_name_plural = _("matrix versions")
        base_manager_name = "objects"
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="version_number_unique_per_service"),
            models.UniqueConstraint(
                fields=["service"], condition=Q(status=VersionStatus.DRAFT), name="one_draft_per_service"
            ),
            models.CheckConstraint(
                condition=(Q(status=VersionStatus.DRAFT, number__isnull=True))
                | Q(status=VersionStatus.PUBLISHED, number__isnull=False, last_updated__isnull=False),
                name="published_versions_are_numbered",
            ),
            models.CheckConstraint(condition=Q(number__isnull=True) | Q(number__gte=1), name="version_number_from_1"),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT) | ~Q(service_name=""), name="published_versions_name_service"
            ),
        ]
        indexes = [models.Index(fields=["service", "status", "last_updated"], name="version_by_date")]

    def __str__(self):
        if self.number:
            return f"{self.service} v{self.number}"
        return f"{self.service} (draft)"

    def save(self, *args, **kwargs):
        # A version being published passes through here once, as a draft in the database.
        if self.pk is not None:
            stored_status = MatrixVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored_status == VersionStatus.PUBLISHED:
                raise _frozen_error(self._meta.verbose_name.capitalize())
        models.Model.save(self, *args, **kwargs)

    def get_absolute_url(self):
        if not self.is_published:
            return reverse("admin:responsibilities_matrixversion_change", args=[self.pk])
        return reverse("responsibilities:version", kwargs={"slug": self.service.slug, "number": self.number})

    def frozen_version_id(self):
        return self.pk

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def written_in(self) -> str:
        """The version's own language: stored when published; a draft's is its service's source language."""
        return self.language or self.service.source_language


# --- Parties, sections, activities, assignments ---------------------------------------------


class PartyQuerySet(FrozenQuerySet):
    pass


class Party(FrozenModel):
    """A column of one version's matrix: "Customer", "OVHcloud", sometimes a third party."""

    version = models.ForeignKey(MatrixVersion, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, help_text=_("Used in filter URLs, e.g. “customer”."))
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        base_manager_name = "objects"
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="party_slug_unique_per_version"),
            models.UniqueConstraint(fields=["version", "name"], name="party_name_unique_per_version"),
        ]

    def __str__(self):
        return self.name


class SectionQuerySet(FrozenQuerySet):
    pass


class Section(FrozenModel):
    """A numbered heading ("3.1.1. Daily operations"); its number is derived from order."""

    version = models.ForeignKey(MatrixVersion, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    title = models.CharField(_("title"), max_length=500)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Prose shown with the section, above its table (e.g. from a documentation page)."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Position among its siblings."))

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        base_manager_name = "objects"
        ordering = ["version", "order", "pk"]
        indexes = [models.Index(fields=["version", "parent", "order"], name="section_tree")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.parent_id and self.parent.version_id != self.version_id:
            raise ValidationError({"parent": _("The parent section must belong to the same version.")})


class ActivityQuerySet(FrozenQuerySet):
    pass


class Activity(FrozenModel):
    version = models.ForeignKey(MatrixVersion, on_delete=models.CASCADE, related_name="activities")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="activities", verbose_name=_("section"))
    key = models.UUIDField(
        _("stable key"), default=uuid.uuid4, editable=False, help_text=_("Kept when the version is copied to a draft.")
    )
    text = models.TextField(_("activity"))
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Position within its section."))

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        base_manager_name = "objects"
        ordering = ["version", "section", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="activity_key_unique_per_version")]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if self.section_id and self.section.version_id != self.version_id:
            raise ValidationError({"section": _("The section must belong to the same version.")})


class AssignmentQuerySet(FrozenQuerySet):
    version_path = "activity__version"

    def _targets_published(self, objs) -> bool:
        activity_ids = {obj.activity_id for obj in objs}
        return Activity.objects.filter(pk__in=activity_ids, version__status=VersionStatus.PUBLISHED).exists()


class Assignment(FrozenModel):
    """The letters one party holds for one activity, in canonical order (``RA``, not ``AR``)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="assignments")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="assignments")
    letters = models.CharField(_("letters"), max_length=4, choices=[(v, v) for v in CANONICAL_VALUES])

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["activity", "party"], name="one_assignment_per_activity_and_party"),
            models.CheckConstraint(condition=Q(letters__in=CANONICAL_VALUES), name="letters_are_canonical_raci"),
        ]

    def __str__(self):
        return f"{self.party}: {self.letters}"

    def frozen_version_id(self):
        if self.activity_id is None:
            return None
        return Activity.objects.filter(pk=self.activity_id).values_list("version_id", flat=True).first()


# --- Audit trail --------------------------------------------------------------------------


class AuditAction(models.TextChoices):
    START_DRAFT = "start_draft", _("Started a draft")
    SAVE = "save", _("Saved the draft")
    IMPORT = "import", _("Imported into the draft")
    PUBLISH = "publish", _("Published")
    DISCARD = "discard", _("Discarded the draft")
    TRANSLATION_IMPORT = "translation_import", _("Imported a translation")
    TRANSLATION_SAVE = "translation_save", _("Edited a translation")
    TRANSLATION_PUBLISH = "translation_publish", _("Published a translation")


class AuditEntryQuerySet(models.QuerySet):
    def for_services(self, services):
        """Entries about the given services (a Service queryset), newest first."""
        return self.filter(service__in=services).select_related("service", "version", "user")


class AuditEntry(models.Model):
    """One recorded change to a service's matrix: who did what, when, and how much changed."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="audit_entries", verbose_name=_("service")
    )
    version = models.ForeignKey(
        MatrixVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("version"),
        help_text=_("Empty once a discarded draft is gone."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(
        _("username"), max_length=150, blank=True, help_text=_("Kept when the user account is deleted.")
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    summary = models.TextField(_("summary"), blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True, help_text=_("Rows and cells changed."))
    change_summary = models.TextField(
        _("change summary"), blank=True, help_text=_("What the editor said the change is (import, publish).")
    )
    detail = models.JSONField(
        _("detail"),
        default=list,
        blank=True,
        help_text=_("Each change, cell by cell: section, activity, party, before, after."),
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["service", "-created_at"], name="audit_by_service")]

    def __str__(self):
        return f"{self.service}: {self.get_action_display()} ({self.username or '—'})"


# The translation models live with their concern (``translations``); imported here so Django
# registers them with the app and ``responsibilities.models`` names every model.
from .translations.models import (  # noqa: E402
    TranslatedActivity,
    TranslatedParty,
    TranslatedSection,
    Translation,
    TranslationStatus,
)

__all__ = [
    "Activity",
    "Assignment",
    "AuditAction",
    "AuditEntry",
    "MatrixVersion",
    "Party",
    "PublishedVersionError",
    "Section",
    "Service",
    "TranslatedActivity",
    "TranslatedParty",
    "TranslatedSection",
    "Translation",
    "TranslationStatus",
    "VersionStatus",
]
