"""bench/diff.py measures what it says: a pair of versions changed like a real revision, and the diff page."""

import pytest

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


def test_bench_diff_reports_the_pair_it_measured_and_leaves_nothing_behind():
    old, new = bench_matrices(120)
    changed = len(version_diff(old, new).changed)

    rows = bench_diff(activities=120)

    assert [row["name"] for row in rows] == [
        "diff: version_diff of two 120-activity × 4-party versions",
        "diff page: first request",
        "diff page: cached",
    ]
    assert f"{changed} rows reworded, moved or re-lettered" in rows[0]["note"]
    assert not Service.objects.exists()
