"""Reading a version in a language: the plain matrix with a translation's words and the source's letters.

Every function here runs a fixed number of queries whatever the matrix size; none writes.
Choosing which language a reader gets (``?lang=``, the interface language, fallbacks) is the
public pages' business; these give the facts they choose from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Max

from ..formats.matrix import Matrix
from ..matrices import MatrixWords, matrix_load
from ..models import MatrixVersion
from .models import TranslatedActivity, TranslatedParty, TranslatedSection, Translation


class NoTranslation(LookupError):
    """The version has no published translation in the language asked for."""


def translation_words(translation: Translation) -> MatrixWords:
    """A translation's texts by row pk, in three queries (its parties, sections, activities)."""
    return MatrixWords(
        language=translation.language,
        title=translation.title,
        introduction=translation.introduction,
        change_summary=translation.change_summary,
        parties=dict(TranslatedParty.objects.filter(translation=translation).values_list("party_id", "name")),
        sections={
            section_id: (title, note)
            for section_id, title, note in TranslatedSection.objects.filter(translation=translation).values_list(
                "section_id", "title", "note"
            )
        },
        activities=dict(TranslatedActivity.objects.filter(translation=translation).values_list("activity_id", "text")),
    )


def published_translation(version: MatrixVersion, language: str) -> Translation | None:
    """The latest published revision of ``version`` in exactly ``language`` (one query), or None."""
    return Translation.objects.latest_published().filter(version=version, language=language).first()


def matrix_in_language(version: MatrixVersion, language: str | None = None) -> Matrix:
    """The plain ``Matrix`` of a published version in ``language``, with the source's letters.

    ``language`` None, empty or the version's own language gives the version as written
    (``matrix_load``; ``matrix.language`` is ""). Any other code gives the words of the latest
    published revision of that exact language (no fallback: ``fr`` does not find ``fr-fr``;
    pick a code from ``version_languages``), each blank or missing text falling back to the
    source's; ``matrix.language`` is the code and ``matrix.parties`` the translated party names,
    which key ``cells``. Raises ``NoTranslation`` when the version has no such translation.
    Nine queries at most, whatever the size of the matrix.
    """
    if not language or language == _own_language(version):
        return matrix_load(version)
    translation = published_translation(version, language)
    if translation is None:
        raise NoTranslation(language)
    return matrix_load(version, words=translation_words(translation))


def version_languages(version: MatrixVersion) -> list[str]:
    """The languages a published version can be read in: its own first, then its translations' sorted.

    One query (none more when ``version.service`` is already loaded for a draft).
    """
    translated = (
        Translation.objects.published()
        .filter(version=version)
        .order_by("language")
        .values_list("language", flat=True)
        .distinct()
    )
    own = _own_language(version)
    return [own, *(code for code in translated if code != own)]


def languages_by_version(versions: Iterable[MatrixVersion]) -> dict[int, list[str]]:
    """For many published versions at once (history, API lists): pk -> its languages, own first. One query."""
    versions = list(versions)
    translated: dict[int, list[str]] = defaultdict(list)
    rows = (
        Translation.objects.published()
        .filter(version__in=[version.pk for version in versions])
        .order_by("version_id", "language")
        .values_list("version_id", "language")
        .distinct()
    )
    for version_id, language in rows:
        translated[version_id].append(language)
    return {version.pk: [version.language, *translated[version.pk]] for version in versions}


def newest_translated_versions(service_id: int) -> dict[str, int]:
    """Per language of the service's translations, the newest version number it has a published translation of.

    With the service's current number, this says whether a language is behind (one query).
    """
    rows = (
        Translation.objects.published()
        .filter(version__service_id=service_id)
        .order_by()
        .values("language")
        .annotate(number=Max("version__number"))
        .values_list("language", "number")
    )
    return dict(rows)


def _own_language(version: MatrixVersion) -> str:
    return version.language or version.service.source_language
