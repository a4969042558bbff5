"""Steps 3 and 4 of the matching rule (``matching``): rows paired by similar text, at a bounded cost.

Scores are computed in C++ by rapidfuzz (``process.cdist`` with a score cut-off, one block of
new rows against the old rows around their place at a time), kept only above the step's
threshold, and pairs are then taken best first. Texts are scored on their first
``SCORED_CHARACTERS``. Imported lazily by ``matching``: numpy and rapidfuzz are only loaded
when some rows are left to compare after keys and identical texts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from .matching import (
    _CHUNK,
    CHAPTER_PAIRS,
    CHAPTER_WINDOW,
    MOVED_PAIRS,
    MOVED_THRESHOLD,
    SAME_SECTION_BONUS,
    SCORED_CHARACTERS,
    TEXT_THRESHOLD,
    WORDS_THRESHOLD,
    Row,
    normal,
)

#: The fewest rows a row is compared with when a step's pair budget is shared by many rows.
_MIN_WINDOW = 50


def same_chapter_pairs(lone_old: list[Row], lone_new: list[Row]) -> list[tuple[Row, Row]]:
    """Step 3: rows of the same chapter whose texts are similar (or, in one section, whose words are)."""
    candidates = _Candidates()
    window = max(_MIN_WINDOW, min(CHAPTER_WINDOW, CHAPTER_PAIRS // len(lone_new)))
    for old_rows, new_rows in _chapters(lone_old, lone_new):
        _score_windows(old_rows, new_rows, window, _chapter_scores(old_rows, new_rows), candidates)
    return candidates.best_first()


def _chapter_scores(old_rows: list[Row], new_rows: list[Row]):
    """The step 3 scores of blocks of one chapter's rows: texts, or words within one section."""
    sections = _section_ids(old_rows, new_rows)
    texts_old = [row.norm[:SCORED_CHARACTERS] for row in old_rows]
    texts_new = [row.norm[:SCORED_CHARACTERS] for row in new_rows]
    words_old, words_new = _word_sets(old_rows), _word_sets(new_rows)

    def score(old_slice: slice, new_slice: slice, old_ids, new_ids) -> np.ndarray:
        scores = _cdist(texts_old[old_slice], texts_new[new_slice], TEXT_THRESHOLD)
        same = sections[0][old_ids][:, None] == sections[1][new_ids][None, :]
        if same.any():
            words = _cdist(words_old[old_slice], words_new[new_slice], WORDS_THRESHOLD)
            scores = np.maximum(scores, np.where(same, words, 0))
        return np.where(scores > 0, scores + same * SAME_SECTION_BONUS, 0)

    return score


def moved_pairs(lone_old: list[Row], lone_new: list[Row]) -> list[tuple[Row, Row]]:
    """Step 4: rows anywhere whose word sequences are similar (moved to another chapter and reworded)."""
    candidates = _Candidates()
    sections = _section_ids(lone_old, lone_new)
    words_old = [row.norm[:SCORED_CHARACTERS].split() for row in lone_old]
    words_new = [row.norm[:SCORED_CHARACTERS].split() for row in lone_new]

    def score(old_slice: slice, new_slice: slice, old_ids, new_ids) -> np.ndarray:
        scores = _cdist(words_old[old_slice], words_new[new_slice], MOVED_THRESHOLD)
        same = sections[0][old_ids][:, None] == sections[1][new_ids][None, :]
        return np.where(scores > 0, scores + same * SAME_SECTION_BONUS, 0)

    window = max(_MIN_WINDOW, MOVED_PAIRS // len(lone_new))
    _score_windows(lone_old, lone_new, window, score, candidates)
    return candidates.best_first()


# --- Blocks, windows and the best-first choice -------------------------------------------------


def _chapters(lone_old: list[Row], lone_new: list[Row]) -> list[tuple[list[Row], list[Row]]]:
    """Rows grouped by chapter: by its title, else (a renamed chapter) by its number.

    A new row goes to the group of its chapter's title when the old version has a chapter of
    that title, else to the group of its chapter's number; an old row is in both of its groups.
    """
    groups: dict[str, tuple[list[Row], list[Row]]] = defaultdict(lambda: ([], []))
    tops: dict[str, str] = {}
    for row in lone_old + lone_new:
        if row.top_title not in tops:
            tops[row.top_title] = normal(row.top_title)
    old_tops = {tops[row.top_title] for row in lone_old}
    for row in lone_new:
        top = tops[row.top_title]
        groups[top if top in old_tops else f"#{row.section[0]}"][1].append(row)
    for row in lone_old:
        top, fallback = tops[row.top_title], f"#{row.section[0]}"
        if top in groups:
            groups[top][0].append(row)
        if fallback in groups:
            groups[fallback][0].append(row)
    return [(old_rows, new_rows) for old_rows, new_rows in groups.values() if old_rows and new_rows]


def _score_windows(
    old_rows: list[Row],
    new_rows: list[Row],
    window: int,
    score: Callable[[slice, slice, np.ndarray, np.ndarray], np.ndarray],
    candidates: _Candidates,
) -> None:
    """Score blocks of new rows against the (at most ``window``) old rows around their place."""
    old_count, new_count = len(old_rows), len(new_rows)
    for start in range(0, new_count, _CHUNK):
        stop = min(start + _CHUNK, new_count)
        if old_count <= window:
            low, high = 0, old_count
        else:
            middle = (start + stop) * old_count // (2 * new_count)
            low = min(max(0, middle - window // 2), old_count - window)
            high = low + window
        old_ids, new_ids = np.arange(low, high), np.arange(start, stop)
        scores = score(slice(low, high), slice(start, stop), old_ids, new_ids)
        found_old, found_new = np.nonzero(scores)
        if found_old.size:
            candidates.add(
                scores[found_old, found_new],
                [old_rows[low + i] for i in found_old.tolist()],
                [new_rows[start + j] for j in found_new.tolist()],
            )


class _Candidates:
    """Scored pairs gathered from every block, then chosen best first, each row at most once."""

    def __init__(self):
        self.scores: list[np.ndarray] = []
        self.old: list[Row] = []
        self.new: list[Row] = []

    def add(self, scores: np.ndarray, old: list[Row], new: list[Row]) -> None:
        self.scores.append(scores)
        self.old.extend(old)
        self.new.extend(new)

    def best_first(self) -> list[tuple[Row, Row]]:
        if not self.old:
            return []
        scores = np.concatenate(self.scores)
        new_index = np.fromiter((row.index for row in self.new), dtype=np.int64, count=len(self.new))
        old_index = np.fromiter((row.index for row in self.old), dtype=np.int64, count=len(self.old))
        # Highest score first; ties: the earliest new row, then the earliest old row.
        order = np.lexsort((old_index, new_index, -scores))
        pairs, used_old, used_new = [], set(), set()
        for position in order.tolist():
            old_row, new_row = self.old[position], self.new[position]
            if old_row.index in used_old or new_row.index in used_new:
                continue
            used_old.add(old_row.index)
            used_new.add(new_row.index)
            pairs.append((old_row, new_row))
        return pairs


# --- Scores -------------------------------------------------------------------------------------


def _cdist(old: Sequence, new: Sequence, cutoff: float) -> np.ndarray:
    """``fuzz.ratio`` of every old item (rows of the result) with every new one, 0 below ``cutoff``."""
    return process.cdist(old, new, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32)


def _word_sets(rows: list[Row]) -> list[list[str]]:
    """Each row's distinct words, sorted: ``fuzz.ratio`` of two of them is their Dice coefficient.

    A word is what lies between spaces (punctuation stays with it): splitting is several times
    faster than a word pattern, and only the same words in another order are looked for here.
    """
    return [sorted(set(row.norm[:SCORED_CHARACTERS].split())) for row in rows]


def _section_ids(old_rows: list[Row], new_rows: list[Row]) -> tuple[np.ndarray, np.ndarray]:
    """A number per section title, so "in the same section" is one array comparison."""
    ids: dict[str, int] = {}
    old = np.fromiter((ids.setdefault(row.norm_section, len(ids)) for row in old_rows), dtype=np.int64)
    new = np.fromiter((ids.setdefault(row.norm_section, len(ids)) for row in new_rows), dtype=np.int64)
    return old, new
