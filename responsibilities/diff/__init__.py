"""Comparing two versions of a matrix, pure (plain ``Matrix`` objects, no database).

| module | holds |
| --- | --- |
| ``compare`` | ``version_diff`` and its result: rows added, removed, reworded, moved; cells; shifts |
| ``matching`` | the one rule pairing old rows with new ones (key, identical text, similarity) and sections |
| ``similarity`` | its similarity steps, scored in C++ (rapidfuzz) at a bounded cost; loaded only when needed |
| ``words`` | word-level changes of a reworded activity |
| ``shifts`` | an R or A moving between the customer and the provider side |
| ``phrases`` | every count of what changed, in words ("2 activities added") |
"""

from .compare import ActivityChange, CellChange, VersionDiff, version_diff
from .matching import Row, SectionChange
from .phrases import change_phrases, changes_sentence, summary_sentence
from .shifts import TO_CUSTOMER, TO_PROVIDER, Shift, responsibility_shifts
from .words import word_diff

__all__ = [
    "TO_CUSTOMER",
    "TO_PROVIDER",
    "ActivityChange",
    "CellChange",
    "Row",
    "SectionChange",
    "Shift",
    "VersionDiff",
    "change_phrases",
    "changes_sentence",
    "responsibility_shifts",
    "summary_sentence",
    "version_diff",
    "word_diff",
]
