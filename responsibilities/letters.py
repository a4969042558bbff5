"""The four RACI letters: what each means, how a cell is spelt, and the rule every activity follows.

The one home of the letters. Their names and definitions are translated where they are shown
(public pages, filters, the admin); the documentation format writes its own English legend.
Pure functions, no database: the models, the formats, the admin and the pages all call these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Letter:
    code: str
    name: Promise  # "Responsible", in the active language
    definition: Promise  # "Responsible: is in charge of carrying out the process"
    documentation_legend: str  # the legend line of the documentation pages (English, as they write it)


LETTERS = (
    Letter(
        "R",
        _("Responsible"),
        _("Responsible: is in charge of carrying out the process"),
        "Is in charge of carrying out the process",
    ),
    Letter(
        "A",
        _("Accountable"),
        _("Accountable: answers for the successful completion of the process"),
        "Accountable for the successful completion of the process",
    ),
    Letter(
        "C",
        _("Consulted"),
        _("Consulted: is consulted during the process"),
        "Is consulted during the process",
    ),
    Letter(
        "I",
        _("Informed"),
        _("Informed: is informed of the results of the process"),
        "Is informed of the results of the process",
    ),
)
CANONICAL_ORDER = "".join(letter.code for letter in LETTERS)
LETTER_BY_CODE = {letter.code: letter for letter in LETTERS}

_SEPARATORS = re.compile(r"[\s/,;.+&|-]+")


def _all_canonical() -> list[str]:
    combos = []
    for mask in range(1, 16):
        combos.append("".join(letter for bit, letter in enumerate(CANONICAL_ORDER) if mask & (1 << bit)))
    return sorted(combos, key=lambda s: [CANONICAL_ORDER.index(c) for c in s])


#: Every non-empty subset of R/A/C/I written in canonical order ("RA", never "AR").
CANONICAL_VALUES = _all_canonical()


def letter_names() -> dict[str, str]:
    """Each letter spelt out in the active language: ``{"R": "Responsible", …}``."""
    return {letter.code: str(letter.name) for letter in LETTERS}


def letters_title(letters: str, names: dict[str, str] | None = None) -> str:
    """Spell a cell's letters out (the title of its ``<abbr>``): "RA" -> "Responsible, Accountable"."""
    names = names or letter_names()
    return ", ".join(names[code] for code in CANONICAL_ORDER if code in (letters or ""))


def letter_choices() -> list[tuple[str, Promise]]:
    """Choices for a form field, ``("R", "R — Responsible")``, translated when shown."""
    return [(letter.code, format_lazy("{} — {}", letter.code, letter.name)) for letter in LETTERS]


class LettersError(ValueError):
    """Raised when a cell holds something that is not a set of R/A/C/I letters."""


def normalize_letters(raw: str | None) -> str:
    """Return the canonical spelling of a cell ("r/a" -> "RA"), or raise LettersError.

    Letters may come in any order and case, with or without separators; a letter written
    twice ("RAR") counts once. Anything else is an error naming the offending characters.
    """
    if raw is None:
        return ""
    text = _SEPARATORS.sub("", str(raw)).upper()
    unknown = sorted({ch for ch in text if ch not in CANONICAL_ORDER})
    if unknown:
        raise LettersError(f"“{str(raw).strip()}” is not a set of R/A/C/I letters (unexpected: {', '.join(unknown)})")
    return "".join(letter for letter in CANONICAL_ORDER if letter in text)


def rule_problems(letters_by_party: dict[str, str]) -> list[str]:
    """Return why one activity's row breaks the A/R rule (empty when it follows it).

    The rule: exactly one party holds A and at least one holds R.
    """
    accountable = [party for party, letters in letters_by_party.items() if "A" in letters]
    responsible = [party for party, letters in letters_by_party.items() if "R" in letters]
    problems = []
    if not accountable:
        problems.append("no party is Accountable (A)")
    elif len(accountable) > 1:
        problems.append(f"{len(accountable)} parties are Accountable (A): {', '.join(accountable)}")
    if not responsible:
        problems.append("no party is Responsible (R)")
    return problems
