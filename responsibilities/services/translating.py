"""Translations: import a translated page, edit a translation's texts, publish a revision.

A translation belongs to one published version; it gives words, never letters. Each write runs
in one transaction under the service's lock and records an audit entry; a published revision is
never changed (a correction is the next revision, started as a copy of the latest).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..formats.json_format import fingerprint as matrix_fingerprint
from ..formats.matrix import Matrix
from ..matrices import MatrixWords, matrix_load
from ..models import AuditAction, MatrixVersion, Service
from ..translations.languages import normalize_language
from ..translations.models import (
    TranslatedActivity,
    TranslatedParty,
    TranslatedSection,
    Translation,
    TranslationStatus,
)
from ..translations.pairing import LetterDisagreement, check_pairing
from ..translations.reading import published_translation, translation_words
from .audit import audit_record


@dataclass
class TranslationReport:
    """What importing a translated page would do (dry run) or did; printed by import_raci."""

    source: str
    matrix: Matrix
    language: str
    version: MatrixVersion
    disagreements: list[LetterDisagreement] = field(default_factory=list)
    dry_run: bool = True
    #: The page gives the same words as the latest published revision: nothing to write.
    unchanged: bool = False
    replaces: Translation | None = None
    translation: Translation | None = None

    @property
    def warnings(self) -> list[str]:
        return [*self.matrix.warnings, *(str(row) for row in self.disagreements)]

    @property
    def rows(self) -> int:
        return sum(1 for _, activity in self.matrix.activities() if activity.text.strip())


def translation_version(*, service: Service, of_version: int | None = None, day: date | None = None) -> MatrixVersion:
    """The published version a page translates: number ``of_version``, else the one in force on ``day``."""
    published = service.versions.published().select_related("service")
    if of_version is not None:
        version = published.filter(number=of_version).first()
        if version is None:
            raise ValidationError(
                _("%(service)s has no published version %(number)d to translate.")
                % {"service": service, "number": of_version}
            )
        return version
    version = (published.in_force_on(day).first() if day else None) or published.order_by("-number").first()
    if version is None:
        raise ValidationError(
            _("%(service)s has no published version yet: import its source page first.") % {"service": service}
        )
    return version


def translation_import(
    *,
    service: Service,
    matrix: Matrix,
    language: str,
    of_version: int | None = None,
    source: str = "",
    user=None,
    dry_run: bool = False,
    publish: bool = False,
) -> TranslationReport:
    """Pair a translated page with a published version and, unless ``dry_run``, write it as that version's translation.

    Rows pair by section number and position; a page that does not line up is refused
    (ValidationError naming the first difference). Rows whose letters disagree with the
    source's are reported in ``disagreements`` and keep the source's letters. The texts land in
    the draft revision of that language (started when missing); ``publish`` publishes it. A page
    giving exactly the words of the latest published revision is reported ``unchanged``.
    """
    language = normalize_language(language)
    version = translation_version(service=service, of_version=of_version, day=matrix.last_updated)
    if language == version.language:
        raise ValidationError(
            _("%(language)s is the language version %(number)d is written in: import the page as a version instead.")
            % {"language": language, "number": version.number}
        )
    rows = _version_rows(version)
    report = TranslationReport(source=source, matrix=matrix, language=language, version=version, dry_run=dry_run)
    report.disagreements = check_pairing(matrix_load(version), matrix)
    words = _page_words(matrix, language, rows)
    _check_party_names(words, rows)
    report.replaces = published_translation(version, language)
    report.unchanged = report.replaces is not None and translation_words(report.replaces) == words
    if dry_run or report.unchanged:
        return report
    with transaction.atomic():
        translation = _draft(version=version, language=language)
        translation.source = source[:300]
        translation.last_updated = matrix.last_updated
        _write_words(translation, words)
        audit_record(
            service=version.service,
            version=version,
            user=user,
            action=AuditAction.TRANSLATION_IMPORT,
            summary=_("Imported %(source)s as the %(language)s translation of version %(number)d.")
            % {"source": source, "language": language, "number": version.number},
            counts={"rows": report.rows, "letter_disagreements": len(report.disagreements)},
        )
        report.translation = translation_publish(translation=translation, user=user) if publish else translation
    return report


@transaction.atomic
def translation_start(*, version: MatrixVersion, language: str, user=None) -> Translation:
    """The draft revision of ``version`` in ``language``: the existing one, else a copy of the latest published one."""
    language = normalize_language(language)
    if not version.is_published:
        raise ValidationError(_("Only a published version can be translated."))
    if language == version.language:
        raise ValidationError(_("%(language)s is the language this version is written in.") % {"language": language})
    existing = Translation.objects.drafts().filter(version=version, language=language).first()
    translation = _draft(version=version, language=language)
    if existing is None:
        audit_record(
            service=version.service,
            version=version,
            user=user,
            action=AuditAction.TRANSLATION_SAVE,
            summary=_("Started the %(language)s translation of version %(number)d.")
            % {"language": language, "number": version.number},
        )
    return translation


@transaction.atomic
def translation_save(
    *,
    translation: Translation,
    title: str = "",
    introduction: str = "",
    change_summary: str = "",
    parties: dict[int, str] | None = None,
    sections: dict[int, tuple[str, str]] | None = None,
    activities: dict[int, str] | None = None,
    user=None,
) -> Translation:
    """Replace a draft translation's texts (the admin's editor); rows are the version's own, by pk."""
    translation = _locked_draft(translation)
    rows = _version_rows(translation.version)
    words = MatrixWords(
        language=translation.language,
        title=title.strip(),
        introduction=introduction.strip(),
        change_summary=change_summary.strip(),
        parties={pk: name.strip() for pk, name in (parties or {}).items()},
        sections={pk: (t.strip(), n.strip()) for pk, (t, n) in (sections or {}).items()},
        activities={pk: text.strip() for pk, text in (activities or {}).items()},
    )
    unknown = (
        (set(words.parties) - set(rows.parties))
        | (set(words.sections) - set(rows.sections))
        | (set(words.activities) - set(rows.all_activities))
    )
    if unknown:
        raise ValidationError(
            _("Some texts are for rows that are not in version %(number)d.") % {"number": rows.number}
        )
    _check_party_names(words, rows)
    _write_words(translation, words)
    audit_record(
        service=translation.version.service,
        version=translation.version,
        user=user,
        action=AuditAction.TRANSLATION_SAVE,
        summary=_("Saved the %(language)s translation of version %(number)d.")
        % {"language": translation.language, "number": rows.number},
        counts={"rows": sum(1 for text in words.activities.values() if text)},
    )
    return translation


@transaction.atomic
def translation_publish(*, translation: Translation, user=None) -> Translation:
    """Freeze a draft translation as the next revision of its language; readers get it at once."""
    translation = _locked_draft(translation)
    version = translation.version
    words = translation_words(translation)
    if not words.title and not any(words.activities.values()):
        raise ValidationError(_("This translation has no translated text yet: there is nothing to publish."))
    latest = published_translation(version, translation.language)
    translation.revision = (latest.revision if latest else 0) + 1
    translation.status = TranslationStatus.PUBLISHED
    translation.published_by = user if user is not None and user.is_authenticated else None
    translation.published_at = timezone.now()
    translation.fingerprint = matrix_fingerprint(matrix_load(version, words=words))
    translation.save()
    audit_record(
        service=version.service,
        version=version,
        user=user,
        action=AuditAction.TRANSLATION_PUBLISH,
        summary=_("Published revision %(revision)d of the %(language)s translation of version %(number)d.")
        % {"revision": translation.revision, "language": translation.language, "number": version.number},
        counts={"rows": sum(1 for text in words.activities.values() if text)},
    )
    return translation


@transaction.atomic
def translation_discard(*, translation: Translation, user=None) -> None:
    """Throw a draft translation away; published revisions are kept forever."""
    translation = _locked_draft(translation)
    audit_record(
        service=translation.version.service,
        version=translation.version,
        user=user,
        action=AuditAction.TRANSLATION_SAVE,
        summary=_("Discarded the draft of the %(language)s translation of version %(number)d.")
        % {"language": translation.language, "number": translation.version.number},
    )
    translation.delete()


# --- Internals -----------------------------------------------------------------------------


@dataclass
class _Rows:
    """A version's row pks in reading order: parties, sections (depth first), activities per section."""

    number: int
    parties: list[int]
    sections: list[int]
    activities: dict[int, list[int]]

    @property
    def all_activities(self) -> list[int]:
        return [pk for section in self.sections for pk in self.activities.get(section, [])]


def _version_rows(version: MatrixVersion) -> _Rows:
    """Three queries, whatever the size; the same order as ``matrix_load``'s walk."""
    parties = list(version.parties.order_by("order", "pk").values_list("pk", flat=True))
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in version.sections.order_by("order", "pk").values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    sections: list[int] = []

    def visit(parent):
        for pk in children.get(parent, []):
            sections.append(pk)
            visit(pk)

    visit(None)
    activities: dict[int, list[int]] = {}
    for pk, section_id in version.activities.order_by("section_id", "order", "pk").values_list("pk", "section_id"):
        activities.setdefault(section_id, []).append(pk)
    return _Rows(number=version.number, parties=parties, sections=sections, activities=activities)


def _page_words(matrix: Matrix, language: str, rows: _Rows) -> MatrixWords:
    """A paired page's texts keyed by the version's row pks (the page lines up: checked before)."""
    sections = [section for _, section in matrix.walk()]
    return MatrixWords(
        language=language,
        title=matrix.title.strip(),
        introduction=matrix.introduction.strip(),
        change_summary=matrix.change_summary.strip(),
        parties=dict(zip(rows.parties, (name.strip() for name in matrix.parties), strict=True)),
        sections={
            pk: (section.title.strip(), section.note.strip())
            for pk, section in zip(rows.sections, sections, strict=True)
        },
        activities={
            pk: activity.text.strip()
            for pk_section, section in zip(rows.sections, sections, strict=True)
            for pk, activity in zip(rows.activities.get(pk_section, []), section.activities, strict=True)
        },
    )


def _check_party_names(words: MatrixWords, rows: _Rows) -> None:
    names = [words.parties.get(pk, "") for pk in rows.parties]
    given = [name for name in names if name]
    if len(set(given)) != len(given):
        raise ValidationError(
            _("Two parties would have the same name in this translation: %(names)s.") % {"names": ", ".join(given)}
        )


def _draft(*, version: MatrixVersion, language: str) -> Translation:
    """Lock the service, then get or start the draft revision (a copy of the latest published one)."""
    Service.objects.select_for_update().filter(pk=version.service_id).first()
    draft = Translation.objects.select_for_update().drafts().filter(version=version, language=language).first()
    if draft is not None:
        return draft
    latest = published_translation(version, language)
    draft = Translation.objects.create(version=version, language=language)
    if latest is not None:
        words = translation_words(latest)
        draft.last_updated, draft.source = latest.last_updated, latest.source
        _write_words(draft, words)
    elif (words := _carried_words(version, language)) is not None:
        _write_words(draft, words)
    return draft


def _carried_words(version: MatrixVersion, language: str) -> MatrixWords | None:
    """The newest earlier version's translation in ``language``, for the rows whose source words did not change.

    An activity's translation carries over when the row is the same (its stable key) and its
    source text is identical; a section's or party's when its source words are identical. Anything
    reworded starts empty (the source's words show), so an old translation is never carried into
    a newer version as if it translated what changed. Nine queries.
    """
    older = (
        Translation.objects.latest_published()
        .filter(version__service_id=version.service_id, language=language, version__number__lt=version.number)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    if older is None:
        return None
    words, old = translation_words(older), older.version

    def carried(texts: dict, old_rows, new_rows) -> dict:
        old_pks: dict = {}
        for pk, *source in old_rows:
            old_pks.setdefault(tuple(source), pk)
        return {
            pk: texts[old_pks[tuple(source)]]
            for pk, *source in new_rows
            if tuple(source) in old_pks and texts.get(old_pks[tuple(source)])
        }

    return MatrixWords(
        language=language,
        title=words.title if old.title == version.title else "",
        introduction=words.introduction if old.introduction == version.introduction else "",
        parties=carried(
            words.parties, old.parties.values_list("pk", "name"), version.parties.values_list("pk", "name")
        ),
        sections=carried(
            words.sections,
            old.sections.values_list("pk", "title", "note"),
            version.sections.values_list("pk", "title", "note"),
        ),
        activities=carried(
            words.activities,
            old.activities.values_list("pk", "key", "text"),
            version.activities.values_list("pk", "key", "text"),
        ),
    )


def _locked_draft(translation: Translation) -> Translation:
    """Lock the service, then re-read the draft translation; refuse a published or vanished one."""
    service_id = Translation.objects.filter(pk=translation.pk).values_list("version__service_id", flat=True).first()
    Service.objects.select_for_update().filter(pk=service_id).first()
    draft = (
        Translation.objects.select_for_update(of=("self",))
        .select_related("version__service")
        .filter(pk=translation.pk)
        .first()
    )
    if draft is None:
        raise ValidationError(_("This translation draft no longer exists: someone published or discarded it."))
    if draft.is_published:
        raise ValidationError(
            _("This revision is published and can never be changed: start a new revision to correct it.")
        )
    return draft


def _write_words(translation: Translation, words: MatrixWords) -> None:
    """Replace the draft's texts with ``words`` (bulk)."""
    Translation.objects.filter(pk=translation.pk).update(
        title=words.title[:300],
        introduction=words.introduction,
        change_summary=words.change_summary,
        last_updated=translation.last_updated,
        source=translation.source,
        updated_at=timezone.now(),
    )
    translation.title, translation.introduction = words.title[:300], words.introduction
    translation.change_summary = words.change_summary
    for model in (TranslatedParty, TranslatedSection, TranslatedActivity):
        model.objects.filter(translation=translation).delete()
    TranslatedParty.objects.bulk_create(
        TranslatedParty(translation=translation, party_id=pk, name=name[:100]) for pk, name in words.parties.items()
    )
    TranslatedSection.objects.bulk_create(
        TranslatedSection(translation=translation, section_id=pk, title=title[:500], note=note)
        for pk, (title, note) in words.sections.items()
    )
    TranslatedActivity.objects.bulk_create(
        (
            TranslatedActivity(translation=translation, activity_id=pk, text=text)
            for pk, text in words.activities.items()
        ),
        batch_size=1000,
    )
