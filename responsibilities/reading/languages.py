"""Which of a version's languages a reader gets, and what each language is called.

A version is written in its service's source language and may have translations. A reader
asks for one with ``?lang=<code>``; without it, their interface language chooses. A code the
version does not have falls back within its family — ``fr-ca`` to ``fr``, and ``fr`` (or what
is left of ``fr-ca``) to ``fr-fr`` or another ``fr-…`` — and then to the source language.

Everything here is pure: the languages a version has come in as codes. A requested code is
never echoed anywhere: a page names only languages the version has, so whatever a query string
holds, a page has as many variants as its version has languages (plus "not available").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError

#: A code as documentation file names write it (``en``, ``fr-ca``, ``en-asia``, ``zh-hant-tw``).
_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")
#: Longer than any real code (BCP 47 asks to support 35 characters); anything longer is not one.
MAX_CODE_LENGTH = 35
#: Regions the documentation names by a word where CLDR has a number (UN M.49: 142 is Asia).
_REGION_ALIASES = {"asia": "142", "latam": "419", "eu": "150"}


def normalize_code(value: object) -> str:
    """``value`` as a language code in lower case with hyphens (``fr_CA`` → ``fr-ca``), or "" when it is not one."""
    if not isinstance(value, str) or not value or len(value) > MAX_CODE_LENGTH:
        return ""
    code = value.strip().replace("_", "-").lower()
    return code if _CODE.fullmatch(code) else ""


def best_match(wanted: str, available: Sequence[str]) -> str | None:
    """The language of ``available`` a reader asking for ``wanted`` gets, or None outside its family.

    ``fr-ca-x`` tries ``fr-ca-x``, ``fr-ca``, ``fr``, then ``fr-fr``, then the first other
    ``fr-…`` in the order given (the source first).
    """
    if not wanted:
        return None
    subtags = wanted.split("-")
    for end in range(len(subtags), 0, -1):
        candidate = "-".join(subtags[:end])
        if candidate in available:
            return candidate
    family = subtags[0]
    if f"{family}-{family}" in available:
        return f"{family}-{family}"
    return next((code for code in available if code.startswith(f"{family}-")), None)


@dataclass(frozen=True)
class LanguageChoice:
    """The language a page shows, and why."""

    shown: str
    source: str
    #: The code asked for (``?lang=`` normalised, else the interface language); "" for none.
    wanted: str
    #: Whether ``?lang=`` was given (a link or a bookmark), rather than the interface language.
    explicit: bool
    #: ``?lang=`` named a language this version does not have in any variant (the source is shown).
    unavailable: bool

    @property
    def is_source(self) -> bool:
        return self.shown == self.source

    @property
    def query_value(self) -> str:
        """What ``?lang=`` should carry in links of this page to keep its language ("" for none)."""
        return self.shown if self.explicit else ""


def choose_language(asked: object, interface: str | None, languages: Sequence[str], source: str) -> LanguageChoice:
    """The language shown to a reader who sent ``?lang=asked`` (None when absent) in interface language ``interface``.

    ``languages`` are the version's languages, its source first. An explicit ``?lang=`` that
    is empty or malformed counts as asking for a language the version does not have.
    """
    available = list(languages) or [source]
    if asked is not None:
        wanted = normalize_code(asked)
        shown = best_match(wanted, available)
        return LanguageChoice(shown or source, source, wanted, True, unavailable=shown is None)
    wanted = normalize_code(interface)
    shown = best_match(wanted, available)
    return LanguageChoice(shown or source, source, wanted, False, unavailable=False)


def _closeness(code: str, wanted: str) -> float:
    """How well ``code`` answers ``wanted``: its subtags when it is ``wanted`` or a shortening of it
    (``fr-ca``: 2, ``fr``: 1), ½ for another variant of the family (``fr-fr``), else 0."""
    subtags, asked = code.split("-"), wanted.split("-")
    if asked[: len(subtags)] == subtags:
        return len(subtags)
    return 0.5 if subtags[0] == asked[0] else 0


def translation_behind(
    wanted: str, number: int, source: str, languages_by_number: Mapping[int, Sequence[str]]
) -> tuple[int, str] | None:
    """The latest earlier version with a translation closer to ``wanted`` than version ``number`` has.

    ``(version number, language)``, or None. A French reader of a version translated only up to
    version 2 gets the source language (``choose_language``); this names the translation they
    would have read had it not been behind, so the page can say so instead of showing it.
    """
    if not wanted:
        return None
    own = list(languages_by_number.get(number, ())) or [source]
    shown = best_match(wanted, own)
    closeness = _closeness(shown, wanted) if shown else 0
    for earlier in sorted((n for n in languages_by_number if n < number), reverse=True):
        translations = [code for code in languages_by_number[earlier] if code != source]
        found = best_match(wanted, translations)
        if found is not None and _closeness(found, wanted) > closeness:
            return earlier, found
    return None


# --- Names ----------------------------------------------------------------------------------


def _locale(code: str) -> Locale:
    """Babel's locale for ``code``, else for its family, else English (names are then English)."""
    for candidate in (code, code.split("-")[0], "en"):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    raise AssertionError("Babel has no English locale")  # pragma: no cover - Babel ships it


@lru_cache(maxsize=2048)
def language_name(code: str, in_language: str | None = None) -> str:
    """What ``code`` is called in ``in_language`` (default: in itself): ``français (Canada)``.

    Names come from the Unicode CLDR (Babel); a region the documentation names by a word
    (``en-asia``) is looked up under its UN M.49 number; what CLDR does not know is shown as written.
    """
    display = _locale(in_language or code)
    family, *rest = code.split("-")
    name = display.languages.get(family) or family
    details = []
    for subtag in rest:
        region = _REGION_ALIASES.get(subtag, subtag.upper())
        details.append(display.territories.get(region) or display.scripts.get(subtag.title()) or subtag)
    return f"{name} ({', '.join(details)})" if details else name
