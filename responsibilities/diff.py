"""What changed between two versions of a matrix: rows, sections, cells and responsibility shifts.

Pure functions over plain ``Matrix`` objects, no database. Activities are matched by their
stable key first; versions imported from documents get fresh keys on every import, so the
rows left over are matched by identical text, then by text similarity (difflib), so that a
reworded row reads as *reworded* rather than as one row removed and another added.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from django.utils.text import slugify

from .formats.matrix import Matrix, MatrixActivity, section_label

#: Two texts at least this similar (difflib ratio, 0..1) are one activity reworded.
SIMILARITY_THRESHOLD = 0.6
#: Or, within one section, at least this share of the same words (Dice coefficient).
WORDS_THRESHOLD = 0.7
#: Above this many candidate pairs in one part of the matrix, only near rows are compared.
_MAX_PAIRS_PER_BUCKET = 20_000
_WINDOW = 60
CUSTOMER_SLUGS = {"customer", "client", "customers", "clients"}
SHIFT_LETTERS = ("R", "A")
TO_CUSTOMER, TO_PROVIDER = "to_customer", "to_provider"

_TOKENS = re.compile(r"\w+|[^\w\s]+|\s+")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


# --- Result -------------------------------------------------------------------------------


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
class CellChange:
    party: str
    old: str
    new: str


@dataclass(frozen=True)
class Shift:
    """An R or A that moved between the customer side and the provider side."""

    letter: str
    direction: str  # TO_CUSTOMER (more customer burden) or TO_PROVIDER (less)
    old_holders: tuple[str, ...]
    new_holders: tuple[str, ...]

    @property
    def more_customer_burden(self) -> bool:
        return self.direction == TO_CUSTOMER


@dataclass
class ActivityChange:
    """An activity present in both versions whose text, section or letters changed."""

    old: Row
    new: Row
    words: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete|insert, text)
    cells: list[CellChange] = field(default_factory=list)
    shifts: list[Shift] = field(default_factory=list)
    moved: bool = False

    @property
    def reworded(self) -> bool:
        return bool(self.words)


@dataclass(frozen=True)
class SectionChange:
    kind: str  # added | removed | renamed
    old_label: str = ""
    old_title: str = ""
    new_label: str = ""
    new_title: str = ""


@dataclass
class VersionDiff:
    old_parties: list[str]
    new_parties: list[str]
    parties_added: list[str] = field(default_factory=list)
    parties_removed: list[str] = field(default_factory=list)
    sections: list[SectionChange] = field(default_factory=list)
    added: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)
    changed: list[ActivityChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def reworded(self) -> list[ActivityChange]:
        return [change for change in self.changed if change.reworded]

    @property
    def moved(self) -> list[ActivityChange]:
        return [change for change in self.changed if change.moved]

    @property
    def with_letter_changes(self) -> list[ActivityChange]:
        return [change for change in self.changed if change.cells]

    @property
    def shifts(self) -> list[tuple[ActivityChange, Shift]]:
        return [(change, shift) for change in self.changed for shift in change.shifts]

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.parties_added, self.parties_removed, self.sections, self.added, self.removed, self.changed)
        )

    def summary(self) -> dict[str, int]:
        """The counts shown on top of the diff, on the history page and in the feeds."""
        shifts = [shift for _, shift in self.shifts]
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "reworded": len(self.reworded),
            "moved": len(self.moved),
            "letters_changed": sum(len(change.cells) for change in self.changed),
            "activities_with_letter_changes": len(self.with_letter_changes),
            "shifts": len(shifts),
            "shifts_to_customer": sum(1 for shift in shifts if shift.direction == TO_CUSTOMER),
            "shifts_to_provider": sum(1 for shift in shifts if shift.direction == TO_PROVIDER),
            "sections_added": sum(1 for change in self.sections if change.kind == "added"),
            "sections_removed": sum(1 for change in self.sections if change.kind == "removed"),
            "sections_renamed": sum(1 for change in self.sections if change.kind == "renamed"),
            "parties_added": len(self.parties_added),
            "parties_removed": len(self.parties_removed),
            "unchanged": self.unchanged,
        }


# --- Entry point --------------------------------------------------------------------------


def version_diff(old: Matrix, new: Matrix) -> VersionDiff:
    """Compare two matrices: activities added, removed, reworded, moved; letters; shifts."""
    result = VersionDiff(old_parties=list(old.parties), new_parties=list(new.parties))
    old_party_keys = {_party_key(name): name for name in old.parties}
    new_party_keys = {_party_key(name): name for name in new.parties}
    result.parties_added = [name for key, name in new_party_keys.items() if key not in old_party_keys]
    result.parties_removed = [name for key, name in old_party_keys.items() if key not in new_party_keys]
    # Same party, possibly spelt in another case: compare its cells under the new name.
    party_pairs = [(old_party_keys[key], name) for key, name in new_party_keys.items() if key in old_party_keys]

    old_rows, new_rows = _rows(old), _rows(new)
    pairs, lone_old, lone_new = match_activities(old_rows, new_rows)
    section_map, result.sections = _match_sections(old, new, pairs)

    old_customer, new_customer = customer_party(old.parties), customer_party(new.parties)
    for old_row, new_row in sorted(pairs, key=lambda pair: pair[1].index):
        change = ActivityChange(old=old_row, new=new_row)
        if (
            old_row.text != new_row.text
            and _SPACES.sub(" ", old_row.text).strip() != _SPACES.sub(" ", new_row.text).strip()
        ):
            change.words = word_diff(old_row.text, new_row.text)
        change.moved = section_map.get(old_row.section) != new_row.section
        for old_name, new_name in party_pairs:
            before, after = old_row.activity.cells.get(old_name, ""), new_row.activity.cells.get(new_name, "")
            if before != after:
                change.cells.append(CellChange(new_name, before, after))
        if change.cells:
            change.shifts = responsibility_shifts(
                old_row.activity.cells, old_customer, new_row.activity.cells, new_customer
            )
        if change.words or change.moved or change.cells:
            result.changed.append(change)
        else:
            result.unchanged += 1
    result.added = sorted(lone_new, key=lambda row: row.index)
    result.removed = sorted(lone_old, key=lambda row: row.index)
    return result


# --- Parties and shifts -------------------------------------------------------------------


def _party_key(name: str) -> str:
    return slugify(name) or name.strip().casefold()


def customer_party(parties: list[str]) -> str | None:
    """The customer column: named "Customer" or "Client" (any case), else the first one."""
    for name in parties:
        if slugify(name) in CUSTOMER_SLUGS:
            return name
    return parties[0] if parties else None


def responsibility_shifts(
    old_cells: dict[str, str], old_customer: str | None, new_cells: dict[str, str], new_customer: str | None
) -> list[Shift]:
    """Every R or A the customer took over from the provider side, or handed to it."""
    shifts = []
    for letter in SHIFT_LETTERS:
        old_holders = tuple(name for name, letters in old_cells.items() if letter in letters)
        new_holders = tuple(name for name, letters in new_cells.items() if letter in letters)
        customer_before = old_customer in old_holders
        customer_after = new_customer in new_holders
        provider_before = any(name != old_customer for name in old_holders)
        provider_after = any(name != new_customer for name in new_holders)
        if customer_after and not customer_before and provider_before:
            shifts.append(Shift(letter, TO_CUSTOMER, old_holders, new_holders))
        elif customer_before and not customer_after and provider_after:
            shifts.append(Shift(letter, TO_PROVIDER, old_holders, new_holders))
    return shifts


# --- Matching activities ------------------------------------------------------------------


def _rows(matrix: Matrix) -> list[Row]:
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
                    _normal(activity.text),
                    _normal(section.title),
                )
            )
    return rows


@lru_cache(maxsize=8192)
def _words(norm: str) -> frozenset[str]:
    return frozenset(_WORD.findall(norm))


def _normal(text: str) -> str:
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
        waiting: dict = defaultdict(list)
        for row in lone_old:
            waiting[key_of(row)].append(row)
        still_new = []
        for row in lone_new:
            candidates = waiting.get(key_of(row))
            if candidates:
                old_row = candidates.pop(0)
                used_old.add(old_row.index)
                pairs.append((old_row, row))
            else:
                still_new.append(row)
        lone_new = still_new
        lone_old = [row for row in lone_old if row.index not in used_old]

    similar = _similar_pairs(lone_old, lone_new)
    pairs.extend(similar)
    matched_new = {new_row.index for _, new_row in similar}
    matched_old = {old_row.index for old_row, _ in similar}
    return (
        pairs,
        [row for row in lone_old if row.index not in matched_old],
        [row for row in lone_new if row.index not in matched_new],
    )


def _similar_pairs(lone_old: list[Row], lone_new: list[Row]) -> list[tuple[Row, Row]]:
    """Best-first greedy pairing of leftover rows whose texts are similar enough."""
    if not lone_old or not lone_new:
        return []
    # Compare rows of the same top-level section (by title, else by number): a reworded
    # row rarely also changes chapter, and this keeps the work far below all pairs.
    buckets: dict[str, tuple[list[Row], list[Row]]] = defaultdict(lambda: ([], []))
    old_tops = {_normal(row.top_title) for row in lone_old}
    for row in lone_old:
        buckets[_normal(row.top_title)][0].append(row)
    for row in lone_new:
        top = _normal(row.top_title)
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


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level changes from ``old`` to ``new`` as (equal|delete|insert, text) segments."""
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[tuple[str, str]] = []

    def push(op, tokens):
        text = "".join(tokens)
        if not text:
            return
        if segments and segments[-1][0] == op:
            segments[-1] = (op, segments[-1][1] + text)
        else:
            segments.append((op, text))

    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            push("equal", old_tokens[i1:i2])
        else:
            push("delete", old_tokens[i1:i2])
            push("insert", new_tokens[j1:j2])
    return segments


# --- Matching sections --------------------------------------------------------------------


def _match_sections(old: Matrix, new: Matrix, pairs) -> tuple[dict, list[SectionChange]]:
    """Map old section numbers to new ones; report sections added, removed and renamed."""
    old_sections = [(number, section.title) for number, section in old.walk()]
    new_sections = [(number, section.title) for number, section in new.walk()]
    old_paths, new_paths = _title_paths(old_sections), _title_paths(new_sections)
    mapping: dict[tuple[int, ...], tuple[int, ...]] = {}
    renamed: list[tuple] = []
    lone_old = [number for number, _ in old_sections]
    lone_new = [number for number, _ in new_sections]

    def pair_by(key_old, key_new):
        nonlocal lone_old, lone_new
        waiting = defaultdict(list)
        for number in lone_old:
            waiting[key_old(number)].append(number)
        left = []
        for number in lone_new:
            candidates = waiting.get(key_new(number))
            if candidates:
                old_number = candidates.pop(0)
                mapping[old_number] = number
            else:
                left.append(number)
        lone_new = left
        lone_old = [number for number in lone_old if number not in mapping]

    pair_by(lambda n: old_paths[n], lambda n: new_paths[n])
    pair_by(lambda n: old_paths[n][-1], lambda n: new_paths[n][-1])
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
        if _normal(old_titles[o]) != _normal(new_titles[n])
    ]
    changes += [SectionChange("removed", old_label=section_label(n), old_title=old_titles[n]) for n in lone_old]
    changes += [SectionChange("added", new_label=section_label(n), new_title=new_titles[n]) for n in lone_new]
    return mapping, changes


def _similar(old: str, new: str) -> bool:
    return SequenceMatcher(None, _normal(old), _normal(new), autojunk=False).ratio() >= SIMILARITY_THRESHOLD


def _title_paths(sections) -> dict[tuple[int, ...], tuple[str, ...]]:
    paths: dict[tuple[int, ...], tuple[str, ...]] = {}
    for number, title in sections:
        paths[number] = (*paths.get(number[:-1], ()), _normal(title))
    return paths
