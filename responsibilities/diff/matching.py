"""The one rule for "are these two rows the same activity?": which old row each new row continues.

The diff page, the history counts, the publish page, the import preview (and the keys an
import carries over), grid saves and the audit trail all pair rows through ``version_diff``,
which asks here, so they always agree.

In four steps, each taking only the rows the steps before left alone:

1. the same stable key (versions copied from one another keep their rows' keys);
2. the same text, in a section of the same title first, then anywhere (versions imported
   from documents get fresh keys on every import);
3. similar texts in the same chapter (top-level section): ``TEXT_THRESHOLD`` or, within one
   section, ``WORDS_THRESHOLD``;
4. similar word sequences anywhere (``MOVED_THRESHOLD``): a row moved to another chapter and
   reworded.

Steps 3 and 4 score candidate pairs in C++ (rapidfuzz ``process.cdist`` with the threshold as
score cut-off, never a loop over pairs in Python: ``similarity``) and then pair them best
first: highest score, then the earliest new row, then the earliest old row, so the answer
never depends on anything but the two matrices. Their cost is bounded whatever the matrices:
a row is compared with at most ``CHAPTER_WINDOW`` rows of its chapter (the nearest to its place
in reading order), step 3 scores at most ``CHAPTER_PAIRS`` pairs and step 4 ``MOVED_PAIRS``, of
texts cut at ``SCORED_CHARACTERS``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..formats.matrix import Matrix, MatrixActivity, section_label

#: Step 3: two texts of one chapter sharing at least this share of their characters, in order
#: (rapidfuzz ``fuzz.ratio``, the Indel similarity of the normalised texts, 0..100), are one
#: activity reworded. Every rewording of the real Web Hosting revision scores 80 or more
#: ("Choose service location" → "Choose the service location": 92; "Mitigate DDoS attack" →
#: "… attacks": 98) but its reordered row (below); unrelated rows of one section score far less
#: ("Back up data" / "Restore data": 42), and rows written with one small vocabulary stay under
#: 70 but for one pair in a few thousand (``tests/diff/test_worst_cases.py``). Higher than
#: difflib's 0.6 that came before: an optimal alignment finds more in common than difflib's.
TEXT_THRESHOLD = 70
#: Step 3, within one section: at least this share of the same words in any order (the Dice
#: coefficient of the two sets of words, computed as ``fuzz.ratio`` of the sorted distinct
#: words, a word being what lies between spaces), for a row whose words were reordered:
#: "Install with 1-click module your web application" → "Install your web application with
#: the one-click module" (80; 55 by characters). Two unrelated rows of one section written with
#: the bench's 45 words reach 74 (one pair in a few thousand), hence not lower.
WORDS_THRESHOLD = 75
#: Step 4: rows of different chapters must share at least this share of their words in order
#: (``fuzz.ratio`` over the sequences of words). Stricter than step 3, because a row that
#: changed chapter and wording has less to show it is the same: rows written with one
#: vocabulary are often 60 % alike by characters, rarely by words, while one word changed in
#: ten leaves 90.
MOVED_THRESHOLD = 75
#: A candidate in the same section (same title) wins over an equally similar one elsewhere.
SAME_SECTION_BONUS = 1.0
#: Step 3 compares a row with at most this many rows of its chapter (the nearest in reading
#: order): every row of any real chapter (the largest of the pages in tests/data has 39)...
CHAPTER_WINDOW = 400
#: ... and with fewer when many rows are left, so that step 3 scores at most this many pairs
#: (about a second of comparisons at worst, with texts of ``SCORED_CHARACTERS``).
CHAPTER_PAIRS = 2_000_000
#: Step 4 compares every row left with every other one while that is at most this many pairs
#: (words compare as fast as short texts, a tenth of a second or so), else each row with the
#: rows nearest its place in reading order, as many as keep the step within that many pairs.
MOVED_PAIRS = 4_000_000
#: Similarity is scored on the first this many characters of a text (the longest activity of
#: the pages in tests/data has 215), so that no text, however long, costs more per pair.
SCORED_CHARACTERS = 300
#: New rows are scored in blocks of this many, each against the old rows around their place.
_CHUNK = 200


@dataclass(slots=True, eq=False)
class Row:
    """One activity located in its version: section number and title, text, letters.

    Never changed once made (plain slots rather than a frozen dataclass: tens of thousands
    are made per diff, and a frozen one costs twice as much to build).
    """

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
        norm_section = normal(section.title)
        for activity in section.activities:
            rows.append(
                Row(
                    len(rows),
                    number,
                    section.title,
                    titles[number[:1]],
                    activity,
                    normal(activity.text),
                    norm_section,
                )
            )
    return rows


def normal(text: str) -> str:
    """The text as matching sees it: runs of whitespace as one space, no case."""
    return " ".join(text.split()).casefold()


def match_activities(old_rows: list[Row], new_rows: list[Row]) -> tuple[list[tuple[Row, Row]], list[Row], list[Row]]:
    """Pair each new row with the old row it continues: by key, identical text, then similarity.

    Returns (pairs of (old row, new row), old rows left alone, new rows left alone); the rows
    left alone are in reading order.
    """
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

    if lone_old and lone_new:
        from . import similarity  # rapidfuzz and numpy: only when some rows are left to compare

        for step in (similarity.same_chapter_pairs, similarity.moved_pairs):
            similar = step(lone_old, lone_new)
            pairs.extend(similar)
            matched_old = {old_row.index for old_row, _ in similar}
            matched_new = {new_row.index for _, new_row in similar}
            lone_old = [row for row in lone_old if row.index not in matched_old]
            lone_new = [row for row in lone_new if row.index not in matched_new]
            if not lone_old or not lone_new:
                break
    return pairs, lone_old, lone_new


def rule_token() -> str:
    """Names this rule: a digest of its code and of rapidfuzz's version.

    A matching kept from an earlier computation (``caching.matchings``) is only reused under
    the same token, so changing a threshold or upgrading rapidfuzz never serves pairs the
    current rule would not choose.
    """
    return _rule_token()


@cache
def _rule_token() -> str:
    from importlib.metadata import version

    digest = hashlib.sha256(version("rapidfuzz").encode())
    for name in ("matching.py", "similarity.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def pairs_at(
    old_rows: list[Row], new_rows: list[Row], indices: Sequence[tuple[int, int]]
) -> tuple[list[tuple[Row, Row]], list[Row], list[Row]]:
    """What ``match_activities`` returned, from the (old index, new index) of its pairs.

    Raises ``ValueError`` when the indices do not fit these rows (each row at most once).
    """
    pairs, used_old, used_new = [], set(), set()
    for old_index, new_index in indices:
        if not (0 <= old_index < len(old_rows) and 0 <= new_index < len(new_rows)):
            raise ValueError("a stored pair points past the rows")
        if old_index in used_old or new_index in used_new:
            raise ValueError("a stored pair repeats a row")
        used_old.add(old_index)
        used_new.add(new_index)
        pairs.append((old_rows[old_index], new_rows[new_index]))
    lone_old = [row for row in old_rows if row.index not in used_old]
    lone_new = [row for row in new_rows if row.index not in used_new]
    return pairs, lone_old, lone_new


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
    from rapidfuzz import fuzz

    return fuzz.ratio(normal(old), normal(new), score_cutoff=TEXT_THRESHOLD) > 0


def _title_paths(sections) -> dict[tuple[int, ...], tuple[str, ...]]:
    paths: dict[tuple[int, ...], tuple[str, ...]] = {}
    for number, title in sections:
        paths[number] = (*paths.get(number[:-1], ()), normal(title))
    return paths
