"""The one rule for "are these two rows the same activity?": which old row each new row continues.

The diff page, the history counts, the publish page, the import preview (and the keys an
import carries over), grid saves and the audit trail all pair rows through ``version_diff``,
which asks here, so they always agree.

By stable key first; versions imported from documents get fresh keys on every import, so the
rows left over are paired by identical text, then by similarity (difflib ratio, or the same
words within one section), best pair first. Only rows of the same chapter are compared, and
only near ones in a large chapter, so two 2,000-row versions match in a few milliseconds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..formats.matrix import Matrix, MatrixActivity, section_label

#: Two texts at least this similar (difflib ratio, 0..1) are one activity reworded.
SIMILARITY_THRESHOLD = 0.6
#: Or, within one section, at least this share of the same words (Dice coefficient).
WORDS_THRESHOLD = 0.7
#: Above this many candidate pairs in one part of the matrix, only near rows are compared.
_MAX_PAIRS_PER_BUCKET = 20_000
_WINDOW = 60

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Row:
    """One activity located in its version: section number and title, text, letters."""

    index: int  # position in reading order
    section: tuple[int, ...]
    section_title: str
    top_title: str  # title of its top-level section
    activity: MatrixActivity
    norm: str = ""  # the text and section title normalised for matching
    norm_section: str = ""

    @property
    def label(self) -> str:
        return section_label(self.section)

    @property
    def text(self) -> str:
        return self.activity.text


@dataclass(frozen=True)
class SectionChange:
    kind: str  # added | removed | renamed
    old_label: str = ""
    old_title: str = ""
    new_label: str = ""
    new_title: str = ""


def matrix_rows(matrix: Matrix) -> list[Row]:
    """Every activity of a matrix in reading order, with where it stands."""
    rows = []
    titles: dict[tuple[int, ...], str] = {}
    for number, section in matrix.walk():
        titles[number] = section.title
        for activity in section.activities:
            rows.append(
                Row(
                    len(rows),
                    number,
                    section.title,
                    titles[number[:1]],
                    activity,
                    normal(activity.text),
                    normal(section.title),
                )
            )
    return rows


@lru_cache(maxsize=8192)
def _words(norm: str) -> frozenset[str]:
    return frozenset(_WORD.findall(norm))


def normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def match_activities(old_rows: list[Row], new_rows: list[Row]) -> tuple[list[tuple[Row, Row]], list[Row], list[Row]]:
    """Pair each new row with the old row it continues: by key, identical text, then similarity."""
    pairs: list[tuple[Row, Row]] = []
    old_by_key = {row.activity.key: row for row in old_rows if row.activity.key}
    lone_new = []
    used_old: set[int] = set()
    for row in new_rows:
        old_row = old_by_key.get(row.activity.key) if row.activity.key else None
        if old_row is not None and old_row.index not in used_old:
            used_old.add(old_row.index)
            pairs.append((old_row, row))
        else:
            lone_new.append(row)
    lone_old = [row for row in old_rows if row.index not in used_old]

    # Identical text: prefer the row in a section of the same title, then any.
    for key_of in (lambda r: (r.norm, r.norm_section), lambda r: r.norm):
        same, lone_old, lone_new = _pair_equal(lone_old, lone_new, key_of, key_of)
        pairs.extend(same)

    similar = _similar_pairs(lone_old, lone_new)
    pairs.extend(similar)
    matched_new = {new_row.index for _, new_row in similar}
    matched_old = {old_row.index for old_row, _ in similar}
    return (
        pairs,
        [row for row in lone_old if row.index not in matched_old],
        [row for row in lone_new if row.index not in matched_new],
    )


def _pair_equal(lone_old: list, lone_new: list, key_old, key_new) -> tuple[list[tuple], list, list]:
    """Pair items whose keys are equal, each new one with the first old one waiting under its key.

    Returns (pairs of (old, new), old items left, new items left), each in its input order.
    """
    waiting: dict = defaultdict(list)
    for item in lone_old:
        waiting[key_old(item)].append(item)
    pairs, left_new = [], []
    for item in lone_new:
        candidates = waiting.get(key_new(item))
        if candidates:
            pairs.append((candidates.pop(0), item))
        else:
            left_new.append(item)
    paired_old = {id(old) for old, _ in pairs}
    return pairs, [item for item in lone_old if id(item) not in paired_old], left_new


def _similar_pairs(lone_old: list[Row], lone_new: list[Row]) -> list[tuple[Row, Row]]:
    """Best-first greedy pairing of leftover rows whose texts are similar enough."""
    if not lone_old or not lone_new:
        return []
    # Compare rows of the same top-level section (by title, else by number): a reworded
    # row rarely also changes chapter, and this keeps the work far below all pairs.
    buckets: dict[str, tuple[list[Row], list[Row]]] = defaultdict(lambda: ([], []))
    old_tops = {normal(row.top_title) for row in lone_old}
    for row in lone_old:
        buckets[normal(row.top_title)][0].append(row)
    for row in lone_new:
        top = normal(row.top_title)
        buckets[top if top in old_tops else f"#{row.section[0]}"][1].append(row)
    for row in lone_old:
        # A renamed chapter: let the old rows also meet new rows of the same chapter number.
        fallback = f"#{row.section[0]}"
        if fallback in buckets:
            buckets[fallback][0].append(row)

    scored = []
    for old_rows, new_rows in buckets.values():
        if not old_rows or not new_rows:
            continue
        windowed = len(old_rows) * len(new_rows) > _MAX_PAIRS_PER_BUCKET
        for position_new, new_row in enumerate(new_rows):
            matcher = SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(new_row.norm)
            candidates = old_rows
            if windowed:
                position = position_new * len(old_rows) // len(new_rows)
                candidates = old_rows[max(0, position - _WINDOW) : position + _WINDOW]
            new_words = _words(new_row.norm)
            for old_row in candidates:
                score = 0.0
                same_section = old_row.norm_section == new_row.norm_section
                if same_section:
                    # Words reordered ("Install with 1-click module your application" ->
                    # "Install your application with the one-click module"): the same words.
                    old_words = _words(old_row.norm)
                    dice = 2 * len(old_words & new_words) / ((len(old_words) + len(new_words)) or 1)
                    if dice >= WORDS_THRESHOLD:
                        score = dice
                matcher.set_seq1(old_row.norm)
                if (
                    matcher.real_quick_ratio() >= SIMILARITY_THRESHOLD
                    and matcher.quick_ratio() >= SIMILARITY_THRESHOLD
                    and matcher.ratio() >= SIMILARITY_THRESHOLD
                ):
                    score = max(score, matcher.ratio())
                if score:
                    scored.append(
                        (score + (0.01 if same_section else 0), -new_row.index, -old_row.index, old_row, new_row)
                    )
    scored.sort(key=lambda item: item[:3], reverse=True)
    pairs, used_old, used_new = [], set(), set()
    for _, _, _, old_row, new_row in scored:
        if old_row.index in used_old or new_row.index in used_new:
            continue
        used_old.add(old_row.index)
        used_new.add(new_row.index)
        pairs.append((old_row, new_row))
    return pairs


# --- Matching sections --------------------------------------------------------------------


def match_sections(old: Matrix, new: Matrix, pairs) -> tuple[dict, list[SectionChange]]:
    """Map old section numbers to new ones; report sections added, removed and renamed."""
    old_sections = [(number, section.title) for number, section in old.walk()]
    new_sections = [(number, section.title) for number, section in new.walk()]
    old_paths, new_paths = _title_paths(old_sections), _title_paths(new_sections)
    mapping: dict[tuple[int, ...], tuple[int, ...]] = {}
    renamed: list[tuple] = []
    lone_old = [number for number, _ in old_sections]
    lone_new = [number for number, _ in new_sections]

    # The same path of titles, then the same title anywhere.
    for key_old, key_new in ((old_paths.get, new_paths.get), (lambda n: old_paths[n][-1], lambda n: new_paths[n][-1])):
        same, lone_old, lone_new = _pair_equal(lone_old, lone_new, key_old, key_new)
        mapping.update(same)
    # A renamed section: the one most of its matched activities (or subsections) came from.
    # Deepest first, so a renamed chapter is found through its subsections.
    for depth in sorted({len(number) for number in lone_new}, reverse=True):
        lone_old_set = set(lone_old)
        votes: dict[tuple[int, ...], dict[tuple[int, ...], int]] = defaultdict(lambda: defaultdict(int))
        for old_row, new_row in pairs:
            if old_row.section in lone_old_set and len(new_row.section) == depth:
                votes[new_row.section][old_row.section] += 1
        for old_number, new_number in list(mapping.items()):
            if len(new_number) == depth + 1 and old_number[:-1] in lone_old_set:
                votes[new_number[:-1]][old_number[:-1]] += 1
        for new_number in [number for number in lone_new if len(number) == depth]:
            if votes.get(new_number):
                old_number = max(votes[new_number].items(), key=lambda item: (item[1], [-p for p in item[0]]))[0]
                if old_number not in mapping:
                    mapping[old_number] = new_number
                    renamed.append((old_number, new_number))
        lone_new = [number for number in lone_new if number not in mapping.values()]
        lone_old = [number for number in lone_old if number not in mapping]
    # Still alone: the same number with a similar title is the same section renamed.
    old_titles, new_titles = dict(old_sections), dict(new_sections)
    for new_number in list(lone_new):
        if new_number in lone_old and _similar(old_titles[new_number], new_titles[new_number]):
            mapping[new_number] = new_number
            renamed.append((new_number, new_number))
            lone_old.remove(new_number)
            lone_new.remove(new_number)

    changes = [
        SectionChange("renamed", section_label(o), old_titles[o], section_label(n), new_titles[n])
        for o, n in renamed
        if normal(old_titles[o]) != normal(new_titles[n])
    ]
    changes += [SectionChange("removed", old_label=section_label(n), old_title=old_titles[n]) for n in lone_old]
    changes += [SectionChange("added", new_label=section_label(n), new_title=new_titles[n]) for n in lone_new]
    return mapping, changes


def _similar(old: str, new: str) -> bool:
    return SequenceMatcher(None, normal(old), normal(new), autojunk=False).ratio() >= SIMILARITY_THRESHOLD


def _title_paths(sections) -> dict[tuple[int, ...], tuple[str, ...]]:
    paths: dict[tuple[int, ...], tuple[str, ...]] = {}
    for number, title in sections:
        paths[number] = (*paths.get(number[:-1], ()), normal(title))
    return paths
