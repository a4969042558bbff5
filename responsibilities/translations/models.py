"""Translations of a published version: its words in another language, tied to its rows, never its letters.

A ``Translation`` is one revision of one language of one published version. Its texts are rows
pointing at that version's own party, section and activity rows, so a translation can only say
how a row reads, never who holds which letter: every language shows the source's letters. A
blank text stands for "not translated yet" (the source's text is shown instead).

Once published, a translation is frozen like a version: nothing changes or deletes it or its
texts, whatever the path (instance, queryset, bulk). A correction is a new revision of the same
language of the same version (``services.translating``); readers get the latest published one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..models import Activity, MatrixVersion, Party, PublishedVersionError, Section
from .languages import MAX_LENGTH, validate_language


class TranslationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def _frozen_error(what) -> PublishedVersionError:
    return PublishedVersionError(
        _(
            "%(what)s belongs to a published translation, which can never be changed. "
            "Start a new revision of the translation to make a correction."
        )
        % {"what": what}
    )


class TranslationQuerySet(models.QuerySet):
    #: Deleting a staff account clears "published by" (on_delete=SET_NULL goes through update()).
    _ERASABLE = {"published_by": None}

    def published(self):
        return self.filter(status=TranslationStatus.PUBLISHED)

    def drafts(self):
        return self.filter(status=TranslationStatus.DRAFT)

    def latest_published(self):
        """Published translations that no later published revision of the same language replaces."""
        newer = Translation.objects.filter(
            version=OuterRef("version"),
            language=OuterRef("language"),
            status=TranslationStatus.PUBLISHED,
            revision__gt=OuterRef("revision"),
        )
        return self.published().filter(~Exists(newer))

    def _refuse_if_published(self):
        if self.published().exists():
            raise _frozen_error(Translation._meta.verbose_name_plural.capitalize())

    def update(self, **kwargs):
        if not (kwargs and all(name in self._ERASABLE and value is None for name, value in kwargs.items())):
            self._refuse_if_published()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_published()
        return super().delete()

    def bulk_update(self, objs, fields, batch_size=None):
        Translation.objects.filter(pk__in=[obj.pk for obj in objs if obj.pk])._refuse_if_published()
        return super().bulk_update(objs, fields, batch_size=batch_size)


class Translation(models.Model):
    """One revision of the texts of one published version in one language other than its own."""

    version = models.ForeignKey(
        MatrixVersion, on_delete=models.PROTECT, related_name="translations", verbose_name=_("version")
    )
    language = models.CharField(
        _("language"),
        max_length=MAX_LENGTH,
        validators=[validate_language],
        help_text=_("A language code as the documentation's file names write it: fr, fr-ca, de-de, en-asia."),
    )
    revision = models.PositiveIntegerField(
        _("revision"), null=True, blank=True, editable=False, help_text=_("Assigned when published: 1, 2…")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TranslationStatus.choices,
        default=TranslationStatus.DRAFT,
        editable=False,
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    change_summary = models.TextField(_("change summary"), blank=True)
    last_updated = models.DateField(
        _("page date"), null=True, blank=True, help_text=_("The translated page's own date, when it says one.")
    )
    source = models.CharField(_("imported from"), max_length=300, blank=True, editable=False)
    fingerprint = models.CharField(
        _("SHA-256 fingerprint"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Of the version's canonical JSON in this language (the source's letters); set on publish."),
    )
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

    objects = TranslationQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        base_manager_name = "objects"
        ordering = ["version", "language", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language", "revision"], name="translation_revision_unique_per_language"
            ),
            models.UniqueConstraint(
                fields=["version", "language"],
                condition=Q(status=TranslationStatus.DRAFT),
                name="one_translation_draft_per_language",
            ),
            models.CheckConstraint(
                condition=Q(status=TranslationStatus.DRAFT, revision__isnull=True)
                | Q(status=TranslationStatus.PUBLISHED, revision__isnull=False, revision__gte=1),
                name="published_translations_have_a_revision",
            ),
        ]
        indexes = [models.Index(fields=["version", "language", "status"], name="translation_by_language")]

    def __str__(self):
        revision = f" r{self.revision}" if self.revision else f" ({TranslationStatus.DRAFT.label})"
        return f"{self.version} [{self.language}]{revision}"

    def save(self, *args, **kwargs):
        # A translation being published passes through here once, as a draft in the database.
        if self.pk is not None and Translation.objects.filter(pk=self.pk).published().exists():
            raise _frozen_error(self._meta.verbose_name.capitalize())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk is not None and Translation.objects.filter(pk=self.pk).published().exists():
            raise _frozen_error(self._meta.verbose_name.capitalize())
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == TranslationStatus.PUBLISHED


# --- The texts, one row per translated party, section and activity --------------------------


class TranslatedTextQuerySet(models.QuerySet):
    """Bulk writes refused when they touch a published translation's texts."""

    def _refuse_if_published(self):
        if self.filter(translation__status=TranslationStatus.PUBLISHED).exists():
            raise _frozen_error(self.model._meta.verbose_name_plural.capitalize())

    def update(self, **kwargs):
        self._refuse_if_published()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_published()
        return super().delete()

    def bulk_update(self, objs, fields, batch_size=None):
        self.model._default_manager.filter(pk__in=[obj.pk for obj in objs if obj.pk])._refuse_if_published()
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        ids = {obj.translation_id for obj in objs}
        if Translation.objects.filter(pk__in=ids).published().exists():
            raise _frozen_error(self.model._meta.verbose_name_plural.capitalize())
        return super().bulk_create(objs, *args, **kwargs)


class TranslatedText(models.Model):
    """Instance half of the freeze: a published translation's texts never change."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_not_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_not_frozen()
        return super().delete(*args, **kwargs)

    def _check_not_frozen(self):
        for translation_id in {self.translation_id, self._stored_translation_id()} - {None}:
            if Translation.objects.filter(pk=translation_id).published().exists():
                raise _frozen_error(self._meta.verbose_name.capitalize())

    def _stored_translation_id(self):
        if self.pk is None:
            return None
        return type(self)._default_manager.filter(pk=self.pk).values_list("translation_id", flat=True).first()


class TranslatedParty(TranslatedText):
    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="parties")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+", verbose_name=_("party"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    objects = TranslatedTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("translated party name")
        verbose_name_plural = _("translated party names")
        base_manager_name = "objects"
        constraints = [models.UniqueConstraint(fields=["translation", "party"], name="one_text_per_translated_party")]

    def __str__(self):
        return self.name


class TranslatedSection(TranslatedText):
    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+", verbose_name=_("section"))
    title = models.CharField(_("title"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = TranslatedTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("translated section")
        verbose_name_plural = _("translated sections")
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["translation", "section"], name="one_text_per_translated_section")
        ]

    def __str__(self):
        return self.title


class TranslatedActivity(TranslatedText):
    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="activities")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+", verbose_name=_("activity"))
    text = models.TextField(_("activity"), blank=True)

    objects = TranslatedTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("translated activity")
        verbose_name_plural = _("translated activities")
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["translation", "activity"], name="one_text_per_translated_activity")
        ]

    def __str__(self):
        return self.text[:80]
