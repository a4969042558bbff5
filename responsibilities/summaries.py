"""Diff counts in words, for the history page and the feeds."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: (count key, singular, plural) in the order readers want them.
_PHRASES = (
    ("added", "%(count)d activity added", "%(count)d activities added"),
    ("removed", "%(count)d activity removed", "%(count)d activities removed"),
    ("reworded", "%(count)d activity reworded", "%(count)d activities reworded"),
    ("moved", "%(count)d activity moved to another section", "%(count)d activities moved to another section"),
    ("letters_changed", "%(count)d letter cell changed", "%(count)d letter cells changed"),
    ("sections_added", "%(count)d section added", "%(count)d sections added"),
    ("sections_removed", "%(count)d section removed", "%(count)d sections removed"),
    ("sections_renamed", "%(count)d section renamed", "%(count)d sections renamed"),
    ("parties_added", "%(count)d party column added", "%(count)d party columns added"),
    ("parties_removed", "%(count)d party column removed", "%(count)d party columns removed"),
)


def change_phrases(counts: dict) -> list[str]:
    """Each non-zero count as a short phrase ("2 activities added")."""
    phrases = [
        ngettext(singular, plural, counts[key]) % {"count": counts[key]}
        for key, singular, plural in _PHRASES
        if counts.get(key)
    ]
    to_customer, to_provider = counts.get("shifts_to_customer", 0), counts.get("shifts_to_provider", 0)
    if to_customer:
        phrases.append(
            ngettext(
                "%(count)d responsibility shift to the customer",
                "%(count)d responsibility shifts to the customer",
                to_customer,
            )
            % {"count": to_customer}
        )
    if to_provider:
        phrases.append(
            ngettext(
                "%(count)d responsibility shift to the provider",
                "%(count)d responsibility shifts to the provider",
                to_provider,
            )
            % {"count": to_provider}
        )
    return phrases


def summary_sentence(counts: dict, *, first: bool = False) -> str:
    """One sentence for a version's changes from the one before it."""
    if first:
        return _("First published version.")
    phrases = change_phrases(counts or {})
    if not phrases:
        return _("No change to the matrix itself (title, introduction or date only).")
    return _("Changes from the previous version: %(changes)s.") % {"changes": "; ".join(phrases)}
