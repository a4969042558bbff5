"""Benchmark of the diff budget: two 2,000-activity, 4-party versions under 150 ms.

``bench_diff()`` returns one row per measure (name, seconds, budget, ratio) for ``bench/run.py``
(``make bench``). The versions differ the way
real revisions do: about 5 % of the rows reworded, moved to another section, or with letters
changed, plus a few rows added and removed.
"""

from __future__ import annotations

import os
import random
import time

from bench import build, django_setup

ACTIVITIES = 2_000
PARTIES = build.PARTIES
DIFF_BUDGET = 0.150  # seconds: the diff budget
CACHED_PAGE_BUDGET = 0.010  # as for any cached page


def bench_matrices(activities: int = ACTIVITIES, parties=PARTIES, seed: int = 7):
    """Two versions of one matrix: the second with ~5 % of rows reworded, moved or re-lettered."""
    import copy

    from responsibilities.formats.matrix import MatrixActivity

    rng = random.Random(seed)
    letters = ["RA", "R", "C", "I", "", "A", "RC"]
    old = build.bench_matrix(activities, parties, seed=seed, title="Benchmark")
    new = copy.deepcopy(old)
    rows = [(section, activity) for _, section in new.walk() for activity in section.activities]
    leaves = [section for _, section in new.walk() if not section.children]
    for section, activity in rng.sample(rows, len(rows) // 20):
        change = rng.choice(("reword", "move", "letters"))
        if change == "reword":
            words = activity.text.split()
            words[rng.randrange(len(words) - 1)] = rng.choice(build.WORDS)
            activity.text = " ".join(words)
        elif change == "move":
            section.activities.remove(activity)
            rng.choice(leaves).activities.insert(0, activity)
        else:
            party = rng.choice(parties)
            activity.cells[party] = rng.choice([value for value in letters if value != activity.cells[party]])
    for _ in range(activities // 100):
        leaf = rng.choice(leaves)
        if leaf.activities:
            leaf.activities.pop(rng.randrange(len(leaf.activities)))
        rng.choice(leaves).activities.append(
            MatrixActivity(text=f"Brand new duty {rng.random():.6f}", cells=dict.fromkeys(parties, "I"))
        )
    return old, new


def _best_of(function, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _row(name: str, seconds: float, budget: float | None, note: str) -> dict:
    """A row for bench/run.py's report: ``budget`` in seconds (None: measured, no budget)."""
    return {"name": name, "seconds": seconds, "budget": budget, "note": note}


def bench_diff(*, render: bool = True, activities: int = ACTIVITIES) -> list[dict]:
    """Time ``version_diff`` on two 2,000-activity versions and, with a database, the diff page."""
    django_setup()
    from responsibilities.diff import version_diff

    old, new = bench_matrices(activities)
    changed = len(version_diff(old, new).changed)
    rows = [
        _row(
            f"diff: version_diff of two {activities:,}-activity × {len(PARTIES)}-party versions",
            _best_of(lambda: version_diff(old, new)),
            DIFF_BUDGET,
            f"best of 5; no stable keys (as imported documents), {changed} rows reworded, moved or re-lettered",
        )
    ]
    if render:
        rows.extend(_bench_diff_page(old, new))
    return rows


def _bench_diff_page(old, new) -> list[dict]:
    """Publish both versions in a transaction rolled back afterwards, and time the diff page."""
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client

    from responsibilities.matrices import matrix_write
    from responsibilities.models import MatrixVersion, Service
    from responsibilities.services import version_publish

    rows = []
    client = Client()
    with transaction.atomic():
        service = Service.objects.create(name="Bench diff", slug=f"bench-diff-{os.getpid()}")
        for number, matrix in enumerate((old, new), start=1):
            draft = MatrixVersion.objects.create(service=service, title=matrix.title)
            matrix_write(version=draft, matrix=matrix)
            version_publish(draft=draft, summary=f"Bench version {number}", override=True)
        url = f"/services/{service.slug}/diff/1/2/"

        runs = iter(range(1000))

        def first_request():
            # A query string never seen before: a page-cache miss without clearing the cache.
            response = client.get(f"{url}?run={next(runs)}", HTTP_HOST="localhost")
            assert response.status_code == 200 and response["X-Page-Cache"] == "miss", response.status_code

        rows.append(
            _row(
                "diff page: first request",
                _best_of(first_request, 3),
                None,
                "best of 3; reads both versions, diffs, renders; no budget of its own",
            )
        )
        client.get(url, HTTP_HOST="localhost")
        rows.append(
            _row(
                "diff page: cached",
                _best_of(lambda: client.get(url, HTTP_HOST="localhost"), 20),
                CACHED_PAGE_BUDGET,
                "best of 20; one query, then the page cache",
            )
        )
        transaction.set_rollback(True)
    # The rows are rolled back and SQLite may reuse their ids: drop the pages cached under them.
    cache.clear()
    return rows
