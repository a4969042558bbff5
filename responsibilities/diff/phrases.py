"""Every count of what changed, in words: the one place that phrases them.

The history page, the feeds, the publish page, grid saves, imports (admin, command, audit
trail) all phrase the counts of ``VersionDiff.summary()`` here, so one change reads the same
everywhere ("1 activity reworded", never "1 activities" or "0 reworded").
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: (count key, phrase) in the order readers want them; literal ngettext calls so that
#: makemessages finds every phrase.
_PHRASES = (
    ("added", lambda n: ngettext("%(count)d activity added", "%(count)d activities added", n)),
    ("removed", lambda n: ngettext("%(count)d activity removed", "%(count)d activities removed", n)),
    ("reworded", lambda n: ngettext("%(count)d activity reworded", "%(count)d activities reworded", n)),
    (
        "moved",
        lambda n: ngettext(
            "%(count)d activity moved to another section", "%(count)d activities moved to another section", n
        ),
    ),
    ("letters_changed", lambda n: ngettext("%(count)d letter cell changed", "%(count)d letter cells changed", n)),
    ("sections_added", lambda n: ngettext("%(count)d section added", "%(count)d sections added", n)),
    ("sections_removed", lambda n: ngettext("%(count)d section removed", "%(count)d sections removed", n)),
    ("sections_renamed", lambda n: ngettext("%(count)d section renamed", "%(count)d sections renamed", n)),
    ("parties_added", lambda n: ngettext("%(count)d party column added", "%(count)d party columns added", n)),
    ("parties_removed", lambda n: ngettext("%(count)d party column removed", "%(count)d party columns removed", n)),
    (
        "shifts_to_customer",
        lambda n: ngettext(
            "%(count)d responsibility shift to the customer", "%(count)d responsibility shifts to the customer", n
        ),
    ),
    (
        "shifts_to_provider",
        lambda n: ngettext(
            "%(count)d responsibility shift to the provider", "%(count)d responsibility shifts to the provider", n
        ),
    ),
)


def change_phrases(counts: dict) -> list[str]:
    """Each non-zero count as a short phrase ("2 activities added")."""
    return [phrase(counts[key]) % {"count": counts[key]} for key, phrase in _PHRASES if counts.get(key)]


def changes_sentence(counts: dict) -> str:
    """What a save or an import changed, as one sentence ("2 activities added; 1 section renamed.")."""
    phrases = change_phrases(counts or {})
    if not phrases:
        return _("No change to the sections, activities or letters.")
    return "; ".join(phrases) + "."


def summary_sentence(counts: dict, *, first: bool = False) -> str:
    """One sentence for a version's changes from the one before it."""
    if first:
        return _("First published version.")
    phrases = change_phrases(counts or {})
    if not phrases:
        return _("No change to the matrix itself (title, introduction or date only).")
    return _("Changes from the previous version: %(changes)s.") % {"changes": "; ".join(phrases)}


def matched_rows_phrase(matched: int, total: int) -> str:
    """How many of a version's rows a file matches: "only 3 of the current version's 48 rows"."""
    return ngettext(
        "only %(matched)d of the current version's %(total)d row",
        "only %(matched)d of the current version's %(total)d rows",
        total,
    ) % {"matched": matched, "total": total}
