"""The row matching of two published versions, computed once per pair and kept by their fingerprints.

Matching rows (``diff.matching``) is the costly part of a diff; everything else (word changes,
cells, shifts, sections) is linear and cheap once the pairs are known. Published versions never
change, so the pairs found for two of them are kept in the shared cache under both versions'
fingerprints and the matching rule's token: publishing keeps the pairs of the new version with
the previous one (the diff it computes anyway for the history counts), and any other pair of
versions is matched on its first request only, whatever query string or language later asks
for its page.
"""

from __future__ import annotations

from array import array

from django.core.cache import cache

from ..diff import VersionDiff, version_diff
from ..diff.matching import rule_token
from ..formats.matrix import Matrix

#: Pairs of published versions never change: keep them a month (evicted sooner under memory pressure).
MATCHING_TTL = 30 * 24 * 60 * 60


def matching_key(old_fingerprint: str, new_fingerprint: str) -> str:
    return f"raci:matching:{rule_token()}:{old_fingerprint}:{new_fingerprint}"


def published_diff(old: Matrix, new: Matrix, *, old_fingerprint: str, new_fingerprint: str) -> VersionDiff:
    """``version_diff(old, new)`` for two published versions, matching their rows once per pair."""
    if not (old_fingerprint and new_fingerprint):
        return version_diff(old, new)
    matching = stored_matching(old_fingerprint, new_fingerprint)
    if matching is not None:
        try:
            return version_diff(old, new, matching=matching)
        except ValueError:
            pass  # not what this module writes for these versions: match them again
    diff = version_diff(old, new)
    remember_matching(diff, old_fingerprint=old_fingerprint, new_fingerprint=new_fingerprint)
    return diff


def stored_matching(old_fingerprint: str, new_fingerprint: str) -> list[tuple[int, int]] | None:
    """The (old index, new index) pairs kept for the two versions with these fingerprints, or None.

    The same pairs fit the versions in any language: a translation has the rows of its version.
    """
    if not (old_fingerprint and new_fingerprint):
        return None
    stored = cache.get(matching_key(old_fingerprint, new_fingerprint))
    if not isinstance(stored, bytes):
        return None
    flat = array("I")
    try:
        flat.frombytes(stored)
        return list(zip(flat[::2], flat[1::2], strict=True))
    except ValueError:
        return None  # not what this module writes


def remember_matching(diff: VersionDiff, *, old_fingerprint: str, new_fingerprint: str) -> None:
    """Keep the pairs of ``diff`` (of the two versions with these fingerprints) for their diff page."""
    if old_fingerprint and new_fingerprint:
        flat = array("I", [index for pair in diff.matching() for index in pair])
        cache.set(matching_key(old_fingerprint, new_fingerprint), flat.tobytes(), MATCHING_TTL)
