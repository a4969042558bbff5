"""make bench: the API's reads of a large version — its JSON (/api/v1/…/versions/<n>/) and the diff
of two versions as data — first request (caches cleared) and cached, against the page budgets.

Builds its own service (two published versions, one activity in twenty re-lettered) in a
transaction rolled back at the end.
"""

from __future__ import annotations

import time

from bench.build import PARTIES, bench_matrix

ACTIVITIES = 2_000
#: The version page's budgets (first request / cached): the API shows the same version.
FIRST_BUDGET = 0.100
CACHED_BUDGET = 0.010
#: The diff page's budget.
DIFF_BUDGET = 0.150
SLUG = "bench-api"


def _median(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def bench_api(*, activities: int = ACTIVITIES, repeat: int = 5) -> list[dict]:
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client, override_settings

    from responsibilities.caching.store import pages_in_memory
    from responsibilities.matrices import matrix_write
    from responsibilities.models import MatrixVersion, Service
    from responsibilities.services import version_publish

    old = bench_matrix(activities, PARTIES)
    new = bench_matrix(activities, PARTIES)
    for index, (_, activity) in enumerate(new.activities()):
        if index % 20 == 0:
            first, second = PARTIES[0], PARTIES[1]
            activity.cells[first], activity.cells[second] = activity.cells[second], activity.cells[first]
    rows = []
    with transaction.atomic():  # rolled back at the end: the bench database keeps nothing of it
        service = Service.objects.create(name="Benchmark API", slug=SLUG, family="Benchmark")
        for number, matrix in enumerate((old, new), start=1):
            draft = MatrixVersion.objects.create(service=service, title=matrix.title)
            matrix_write(version=draft, matrix=matrix)
            version_publish(draft=draft, summary=f"Bench version {number}", override=True)
        client = Client()

        def get(url):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            return response

        def first(url):
            cache.clear()
            pages_in_memory.clear()
            get(url)

        version_url = f"/api/v1/services/{SLUG}/versions/1/"
        diff_url = f"/api/v1/services/{SLUG}/diff/1/2/"
        label = f"{activities:,} activities × {len(PARTIES)} parties"
        # Requests from one address in a loop: the anonymous rate would answer 429.
        with override_settings(RACI_API_ANONYMOUS_RATE="1000000/minute"):
            size = len(get(version_url).content)
            seconds = _median(lambda: first(version_url), repeat)
            rows.append(_row(f"API version JSON, first request ({label})", seconds, FIRST_BUDGET, f"{size >> 10} KiB"))
            rows.append(_row("API version JSON, cached", _median(lambda: get(version_url), repeat * 4), CACHED_BUDGET))
            seconds = _median(lambda: first(diff_url), repeat)
            rows.append(_row("API diff as data, first request (rows matched again)", seconds, DIFF_BUDGET))
            rows.append(_row("API diff as data, cached", _median(lambda: get(diff_url), repeat * 4), CACHED_BUDGET))
        transaction.set_rollback(True)
    cache.clear()
    pages_in_memory.clear()
    return rows


def _row(name: str, seconds: float, budget: float, note: str = "") -> dict:
    return {"name": name, "seconds": seconds, "budget": budget, "note": note}
