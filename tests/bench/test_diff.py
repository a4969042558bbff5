"""bench/diff.py measures what it says: a pair of versions changed like a real revision, and the diff page."""

import pytest

from bench import adversarial
from bench.diff import bench_diff, bench_matrices
from responsibilities.diff import version_diff
from responsibilities.models import Service

pytestmark = pytest.mark.django_db


def test_the_bench_pair_is_changed_like_a_real_revision():
    old, new = bench_matrices(400)
    diff = version_diff(old, new)

    # 5 % of the rows reworded, moved or re-lettered (a few random changes are no-ops), 1 % replaced.
    assert 12 <= len(diff.changed) <= 20
    assert len(diff.added) == len(diff.removed) == 4
    assert diff.reworded and diff.moved and diff.with_letter_changes


def test_bench_diff_reports_the_pairs_it_measured_and_leaves_nothing_behind():
    old, new = bench_matrices(120)
    changed = len(version_diff(old, new).changed)

    rows = bench_diff(activities=120, large=200)

    names = [row["name"] for row in rows]
    assert names[:3] == [
        "diff: version_diff of two 120-activity × 4-party versions",
        "diff page: first request",
        "diff page: cached",
    ]
    assert f"{changed} rows reworded, moved or re-lettered" in rows[0]["note"]
    for size in ("120", "200"):
        for pattern in adversarial.PATTERNS:
            assert f"diff, {pattern}: version_diff, {size} activities" in names
            assert f"diff page, {pattern}: first request, {size} activities" in names
    reworded = rows[names.index("diff, every activity reworded: version_diff, 120 activities")]
    assert "reads as 120 reworded, 0 moved, 0 added, 0 removed" in reworded["note"]
    assert {row["budget"] for row in rows if "200 activities" in row["name"]} == {1.5}
    assert not Service.objects.exists()
