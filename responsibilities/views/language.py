"""The language a version URL shows: ``?lang=``, else the interface language, among the version's translations.

One query per request, whatever the page: every published translation of the service (latest
revision of each language of each version). From it a page knows the languages of its version
(to state the one shown and link the others), the translation it shows, and whether the
reader's language is *behind* — translated only for an earlier version, whose translation the
page names instead of passing it off as current.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language

from ..caching.keys import per_request
from ..reading.languages import LanguageChoice, choose_language, language_name, translation_behind
from ..translations.models import Translation

#: The query-string parameter naming the content language on every version URL.
LANG = "lang"


@dataclass(frozen=True)
class PublishedTranslation:
    """The latest published revision of one language of one version (what readers get)."""

    number: int
    language: str
    fingerprint: str
    published_at: datetime | None


@dataclass(frozen=True)
class ServiceTranslations:
    """Every published translation of one service, by version number."""

    by_number: dict[int, dict[str, PublishedTranslation]]

    @cached_property
    def last_published_at(self) -> datetime | None:
        return max((t.published_at for t in self._all() if t.published_at), default=None)

    def _all(self):
        return (translation for languages in self.by_number.values() for translation in languages.values())

    def languages(self, number: int, source: str) -> list[str]:
        """Version ``number``'s languages: its own first, then its translations' in code order."""
        return [source, *sorted(code for code in self.by_number.get(number, {}) if code != source)]

    def languages_by_number(self, numbers, source: str) -> dict[int, list[str]]:
        return {number: self.languages(number, source) for number in numbers}


def service_translations(request, service_id: int) -> ServiceTranslations:
    """The service's published translations (one query, once per request)."""

    def load() -> ServiceTranslations:
        rows = (
            Translation.objects.latest_published()
            .filter(version__service_id=service_id)
            .order_by()
            .values_list("version__number", "language", "fingerprint", "published_at")
        )
        by_number: dict[int, dict[str, PublishedTranslation]] = defaultdict(dict)
        for number, language, fingerprint, published_at in rows:
            by_number[number][language] = PublishedTranslation(number, language, fingerprint, published_at)
        return ServiceTranslations(dict(by_number))

    return per_request(request, ("translations", service_id), load)


def asked_language(request) -> str | None:
    """The ``?lang=`` of the request (the last one when repeated); None when absent or empty."""
    return request.GET.get(LANG) or None


@dataclass(frozen=True)
class PageLanguage:
    """What a version page shows language-wise, and what its cache key and ETag must name."""

    choice: LanguageChoice
    #: The version's languages, its own first.
    languages: tuple[str, ...]
    #: The translation shown (None: the version as written).
    translation: PublishedTranslation | None
    #: The translation of an earlier version in the reader's language, named instead of shown.
    behind: PublishedTranslation | None
    #: The newest publication of any translation of the service (the links to languages change with it).
    last_published_at: datetime | None

    @property
    def shown(self) -> str:
        return self.choice.shown

    @property
    def fingerprint(self) -> str:
        """The fingerprint of what is shown: the translation's when one is (empty when it has none)."""
        return self.translation.fingerprint if self.translation else ""

    @cached_property
    def identity(self) -> str:
        """Everything of the language that the page's bytes depend on (never the raw ``?lang=``)."""
        parts = [
            self.choice.shown,
            "explicit" if self.choice.explicit else "",
            "unavailable" if self.choice.unavailable else "",
            self.fingerprint[:20],
            ",".join(self.languages),
            f"{self.behind.number}.{self.behind.language}.{self.behind.fingerprint[:12]}" if self.behind else "",
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    def query(self, **extra) -> str:
        """``?lang=…&…`` for links of this page that keep its language (empty when nothing to carry)."""
        params = {LANG: self.choice.query_value, **extra}
        encoded = urlencode({name: value for name, value in params.items() if value})
        return f"?{encoded}" if encoded else ""


def page_language(request, page) -> PageLanguage:
    """The language of the page of published version ``page`` (a ``lookup.PageVersion``), once per request."""

    def choose() -> PageLanguage:
        translations = service_translations(request, page.service_id)
        source = page.language
        languages = translations.languages(page.number, source)
        choice = choose_language(asked_language(request), get_language(), languages, source)
        own = translations.by_number.get(page.number, {})
        behind = None
        if choice.is_source:
            numbers = [n for n in translations.by_number if n <= page.number]
            found = translation_behind(
                choice.wanted, page.number, source, translations.languages_by_number({*numbers, page.number}, source)
            )
            if found is not None:
                behind = translations.by_number[found[0]][found[1]]
        return PageLanguage(
            choice=choice,
            languages=tuple(languages),
            translation=None if choice.is_source else own.get(choice.shown),
            behind=behind,
            last_published_at=translations.last_published_at,
        )

    return per_request(request, ("language", page.pk), choose)


# --- What the page says about its language ------------------------------------------------------


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in the language itself, as language switchers write them
    url: str


@dataclass(frozen=True)
class BehindNotice:
    """The reader's language is translated only for an earlier version: which one, and where to read it."""

    number: int
    language: str
    name: str  # in the interface language
    translation_url: str
    diff_url: str


@dataclass(frozen=True)
class ContentLanguage:
    """The template's view of a page's language: the one shown, the others linked, the notices."""

    shown: str
    shown_name: str  # in the interface language
    is_source: bool
    source: str
    source_name: str
    #: The fingerprint of the translation shown ("" for the version as written).
    fingerprint: str
    others: list[LanguageLink]
    unavailable: bool
    behind: BehindNotice | None
    #: ``?lang=…`` for links that keep this page's language ("" when the interface chooses it).
    query: str
    #: ``lang`` for the filter form's hidden field ("" when the interface chooses it).
    form_value: str
    #: ``?lang=…`` naming the translation shown ("" for the version as written): downloads of what
    #: the page shows, and its canonical address.
    translation_query: str


def version_language_links(slug: str, number: int, languages) -> list[LanguageLink]:
    """A link to version ``number`` in each of its ``languages`` (its own first), each named in itself."""
    url = reverse("responsibilities:version", kwargs={"slug": slug, "number": number})
    return [LanguageLink(code, language_name(code), f"{url}?{urlencode({LANG: code})}") for code in languages]


def address_in_language(address: str, code: str) -> str:
    """``address`` (a path and query string of ours) with ``?lang=code`` first; as it is when ``code`` is ""."""
    if not code:
        return address
    path, _, query = address.partition("?")
    return f"{path}?{urlencode({LANG: code})}" + (f"&{query}" if query else "")


#: Filters that mean the same in every language (party slugs and letters are the source's).
_KEPT_FILTERS = ("party", "letter")


def content_language_context(request, page, language: PageLanguage) -> ContentLanguage:
    """What a version page says about its language (no query: names come from the CLDR)."""
    interface = get_language()
    kept = {name: request.GET.get(name, "") for name in _KEPT_FILTERS}
    others = [
        LanguageLink(code, language_name(code), request.path + language.query(**{LANG: code}, **kept))
        for code in language.languages
        if code != language.shown
    ]
    behind = None
    if language.behind is not None:
        number, code = language.behind.number, language.behind.language
        translation_url = reverse("responsibilities:version", kwargs={"slug": page.slug, "number": number})
        if page.is_current:
            diff_url = reverse("responsibilities:diff_current", kwargs={"slug": page.slug, "a": number})
        else:
            diff_url = reverse("responsibilities:diff", kwargs={"slug": page.slug, "a": number, "b": page.number})
        behind = BehindNotice(
            number, code, language_name(code, interface), f"{translation_url}?{urlencode({LANG: code})}", diff_url
        )
    choice = language.choice
    return ContentLanguage(
        shown=choice.shown,
        shown_name=language_name(choice.shown, interface),
        is_source=choice.is_source,
        source=choice.source,
        source_name=language_name(choice.source, interface),
        fingerprint=language.fingerprint,
        others=others,
        unavailable=choice.unavailable,
        behind=behind,
        query=language.query(),
        form_value=choice.query_value,
        translation_query="" if choice.is_source else f"?{urlencode({LANG: choice.shown})}",
    )
