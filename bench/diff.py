"""Benchmark of the diff budgets: a real revision and the worst cases, in memory and as a page.

``bench_diff()`` returns one row per measure (name, seconds, budget, note) for ``bench/run.py``
(``make bench``):

- a pair changed like a real revision (about 5 % of 2,000 rows reworded, moved or re-lettered,
  1 % replaced): ``version_diff`` alone, the diff page's first request, the cached page;
- the worst cases (``bench/adversarial.py``: every activity reworded, rows moved between
  sections with 30 % reworded, half the rows replaced), at 2,000 and at 10,000 activities:
  ``version_diff`` alone and the diff page's first request with nothing cached, not even the
  matching kept at publish (budgets: 150 ms at 2,000, 1.5 s at 10,000).

Every page is requested with a query string never seen before, so it is rendered, not served
from the page cache; the figures are the best of a few runs (the machine may be shared).
"""

from __future__ import annotations

import copy
import os
import random
import time

from bench import adversarial, build, django_setup

ACTIVITIES = 2_000
LARGE = 10_000
PARTIES = build.PARTIES
DIFF_BUDGET = 0.150  # seconds: the diff budget at 2,000 activities, whatever changed
LARGE_DIFF_BUDGET = 1.5  # seconds: at 10,000 activities
CACHED_PAGE_BUDGET = 0.010  # as for any cached page


def bench_matrices(activities: int = ACTIVITIES, parties=PARTIES, seed: int = 7):
    """Two versions of one matrix: the second with ~5 % of rows reworded, moved or re-lettered."""
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
            activity.text = adversarial.reword(rng, activity.text)
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


def _counts(diff) -> str:
    summary = diff.summary()
    return (
        f"{summary['reworded']:,} reworded, {summary['moved']:,} moved, "
        f"{summary['added']:,} added, {summary['removed']:,} removed"
    )


def bench_diff(*, render: bool = True, activities: int = ACTIVITIES, large: int = LARGE) -> list[dict]:
    """Time ``version_diff`` and, with a database, the diff page: a real revision, then the worst cases."""
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
    for size, budget, repeat in ((activities, DIFF_BUDGET, 3), (large, LARGE_DIFF_BUDGET, 2)):
        for name, pattern in adversarial.PATTERNS.items():
            rows.extend(_bench_worst_case(name, *pattern(size), budget=budget, repeat=repeat, render=render))
    return rows


def _published_pair(old, new, slug: str):
    """Publish ``old`` then ``new`` as versions 1 and 2 of a new service (call inside a transaction)."""
    from responsibilities.matrices import matrix_write
    from responsibilities.models import MatrixVersion, Service
    from responsibilities.services import version_publish

    service = Service.objects.create(name="Bench diff", slug=slug)
    versions = []
    for number, matrix in enumerate((old, new), start=1):
        draft = MatrixVersion.objects.create(service=service, title=matrix.title or "Benchmark")
        matrix_write(version=draft, matrix=matrix)
        versions.append(version_publish(draft=draft, summary=f"Bench version {number}", override=True))
    return service, versions


class _FirstRequests:
    """Requests of a diff page each rendered afresh: no page of it is kept (the page cache keys
    ignore unknown query parameters, so a new one no longer makes a new page)."""

    def __init__(self, url: str):
        from django.test import Client

        self.client, self.url = Client(), url

    def __call__(self):
        from django.test import override_settings

        with override_settings(RACI_PAGE_VARIANTS_PER_VERSION=0):
            response = self.client.get(self.url, HTTP_HOST="localhost")
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss", response.status_code
        return response


def _bench_diff_page(old, new) -> list[dict]:
    """Publish both versions in a transaction rolled back afterwards, and time the diff page."""
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client

    rows = []
    client = Client()
    with transaction.atomic():
        service, _ = _published_pair(old, new, f"bench-diff-{os.getpid()}")
        url = f"/services/{service.slug}/diff/1/2/"
        rows.append(
            _row(
                "diff page: first request",
                _best_of(_FirstRequests(url), 3),
                DIFF_BUDGET,
                "best of 3; reads both versions, diffs (rows matched at publish), renders",
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


def _bench_worst_case(name: str, old, new, *, budget: float, repeat: int, render: bool) -> list[dict]:
    """``version_diff`` alone, then the page's first request with nothing cached, for one worst case."""
    from django.core.cache import cache
    from django.db import transaction

    from responsibilities.caching.matchings import matching_key
    from responsibilities.diff import version_diff

    size = old.activity_count()
    diff = version_diff(old, new)
    rows = [
        _row(
            f"diff, {name}: version_diff, {size:,} activities",
            _best_of(lambda: version_diff(old, new), repeat + 1),
            budget,
            f"best of {repeat + 1}; reads as {_counts(diff)}",
        )
    ]
    if not render:
        return rows
    with transaction.atomic():
        _, (first, second) = _published_pair(old, new, f"bench-worst-{os.getpid()}")
        request = _FirstRequests(f"/services/bench-worst-{os.getpid()}/diff/1/2/")

        def uncached():
            cache.delete(matching_key(first.fingerprint, second.fingerprint))  # the matching kept at publish
            return request()

        html_size = len(uncached().content)
        rows.append(
            _row(
                f"diff page, {name}: first request, {size:,} activities",
                _best_of(uncached, repeat),
                budget,
                f"best of {repeat}; nothing cached (rows matched in the request); {html_size / 1024:,.0f} KiB of HTML",
            )
        )
        transaction.set_rollback(True)
    cache.clear()
    return rows
