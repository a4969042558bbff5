"""Writes that change several models together, each in one transaction under the service's lock.

| module | holds |
| --- | --- |
| ``drafts`` | start a draft (a deep copy of the current version), discard it |
| ``editing`` | save a draft edited as a whole (the admin's grid), with what changed |
| ``importing`` | read an upload, preview it against the draft, apply it all or nothing |
| ``publishing`` | freeze the draft as the next numbered version |
| ``validation`` | the A/R rule applied to a whole matrix (grid, preview, publish) |
| ``locking`` | the one lock: the service's row, then its draft's |
| ``translating`` | a version's translations: import a translated page, edit, publish a revision, discard a draft |
| ``audit`` | the audit trail entry every write records |

Each raises ``ValidationError`` with a message a staff user understands; nothing is
half-written after a failure.
"""

from .audit import audit_record
from .drafts import draft_discard, draft_get_or_start, draft_start
from .editing import STALE, changes_since, draft_revision, draft_save_grid
from .importing import ImportReport, matrix_import, matrix_read
from .publishing import version_publish
from .translating import (
    TranslationReport,
    translation_discard,
    translation_import,
    translation_publish,
    translation_save,
    translation_start,
    translation_version,
)
from .validation import RowProblem, matrix_problems, version_problems

__all__ = [
    "STALE",
    "ImportReport",
    "RowProblem",
    "changes_since",
    "TranslationReport",
    "audit_record",
    "draft_discard",
    "draft_get_or_start",
    "draft_revision",
    "draft_save_grid",
    "draft_start",
    "matrix_import",
    "matrix_problems",
    "matrix_read",
    "translation_discard",
    "translation_import",
    "translation_publish",
    "translation_save",
    "translation_start",
    "translation_version",
    "version_problems",
    "version_publish",
]
