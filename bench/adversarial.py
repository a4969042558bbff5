"""The diff's worst cases: pairs of versions changed everywhere, as the diff budgets name them.

Each function returns (old, new) plain matrices of ``activities`` rows (``bench/build.py``'s
generator: chapters of four parts of 25 rows, no stable keys, as imported documents) and what
the matching must report for them; ``bench/diff.py`` times them and the tests
(``tests/diff/test_worst_cases.py``) check what they read as.
"""

from __future__ import annotations

import copy
import random

from bench import build


def reword(rng: random.Random, text: str) -> str:
    """``text`` with one of its words (never the row number at its end) replaced by another."""
    words = text.split()
    position = rng.randrange(len(words) - 1)
    words[position] = rng.choice([word for word in build.WORDS if word != words[position].casefold()])
    return " ".join(words)


def every_row_reworded(activities: int, *, seed: int = 11):
    """Every activity reworded by one word, nothing else changed."""
    rng = random.Random(seed)
    old = build.bench_matrix(activities, seed=seed)
    new = copy.deepcopy(old)
    for _, activity in new.activities():
        activity.text = reword(rng, activity.text)
    return old, new


def rows_moved(activities: int, *, seed: int = 12, moved: float = 0.5, reworded: float = 0.3):
    """Half the rows moved to another section anywhere in the matrix, 30 % of all rows reworded."""
    rng = random.Random(seed)
    old = build.bench_matrix(activities, seed=seed)
    new = copy.deepcopy(old)
    leaves = [section for _, section in new.walk() if not section.children]
    for section in leaves:
        for activity in list(section.activities):
            if rng.random() < reworded:
                activity.text = reword(rng, activity.text)
            if rng.random() < moved:
                section.activities.remove(activity)
                target = rng.choice([leaf for leaf in leaves if leaf is not section])
                target.activities.insert(rng.randrange(len(target.activities) + 1), activity)
    return old, new


def half_replaced(activities: int, *, seed: int = 13):
    """Half the rows replaced, in place, by new activities written with the same vocabulary."""
    rng = random.Random(seed)
    old = build.bench_matrix(activities, seed=seed)
    new = copy.deepcopy(old)
    fresh = iter([activity for _, activity in build.bench_matrix(activities, seed=seed + 1000).activities()])
    for _, section in new.walk():
        for position in range(len(section.activities)):
            if rng.random() < 0.5:
                section.activities[position] = next(fresh)
    return old, new


#: name in the bench's table → generator
PATTERNS = {
    "every activity reworded": every_row_reworded,
    "rows moved between sections, 30 % reworded": rows_moved,
    "half the rows replaced": half_replaced,
}
