"""RACI letters: normalising what people type and the rule every activity must follow.

Pure functions, no database: the models, the importers and the admin all call these so the
rule lives in one place.
"""

import re

CANONICAL_ORDER = "RACI"
LETTER_NAMES = {
    "R": "Responsible",
    "A": "Accountable",
    "C": "Consulted",
    "I": "Informed",
}
_SEPARATORS = re.compile(r"[\s/,;.+&|-]+")


def _all_canonical() -> list[str]:
    combos = []
    for mask in range(1, 16):
        combos.append("".join(letter for bit, letter in enumerate(CANONICAL_ORDER) if mask & (1 << bit)))
    return sorted(combos, key=lambda s: [CANONICAL_ORDER.index(c) for c in s])


#: Every non-empty subset of R/A/C/I written in canonical order ("RA", never "AR").
CANONICAL_VALUES = _all_canonical()


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

    The rule (DESIGN §2): exactly one party holds A and at least one holds R.
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
