"""Language codes as the documentation's file names write them: ``en``, ``en-gb``, ``fr-ca``, ``en-asia``.

Content languages are not limited to the interface's: any well-formed code is a language a
matrix may be written or translated in.
"""

from __future__ import annotations

import re

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: A primary language of two or three letters, then any subtags (region, script, "asia"…).
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
#: ``guide.fr-fr.md``, ``guide.en-asia.md`` (case and ``_`` as documentation trees write them).
GUIDE_FILE = re.compile(r"guide\.([a-z]{2,3}(?:[-_][a-z0-9]{2,8})*)\.md", re.IGNORECASE)
MAX_LENGTH = 35
DEFAULT_SOURCE_LANGUAGE = "en"


def normalize_language(code: str) -> str:
    """The code in lower case with hyphens (``fr_FR`` -> ``fr-fr``); a ValidationError if it is not one."""
    value = (code or "").strip().replace("_", "-").lower()
    if len(value) > MAX_LENGTH or not LANGUAGE_CODE.fullmatch(value):
        raise ValidationError(
            _("“%(code)s” is not a language code (like en, en-gb, fr-ca)."), params={"code": code}, code="language"
        )
    return value


def validate_language(code: str) -> None:
    """Model-field validator: the stored code is already normalised."""
    if normalize_language(code) != code:
        raise ValidationError(
            _("Write the language code in lower case with hyphens: “%(code)s”."),
            params={"code": normalize_language(code)},
            code="language",
        )


def language_from_filename(name: str) -> str | None:
    """The locale of a documentation page named ``guide.<locale>.md`` (``guide.fr-fr.md`` -> ``fr-fr``)."""
    match = GUIDE_FILE.fullmatch(name)
    return normalize_language(match.group(1)) if match else None


def language_name(code: str) -> str:
    """A reader's name for the language: ``Français``, ``Français (fr-ca)``, else the code (``en-asia``)."""
    base = code.split("-")[0]
    info = LANG_INFO.get(code) or LANG_INFO.get(base)
    if info and "fallback" in info:
        info = LANG_INFO.get(info["fallback"][0])
    if not info:
        return code
    name = info["name_local"][:1].upper() + info["name_local"][1:]
    return name if code in LANG_INFO or code == base else f"{name} ({code})"
