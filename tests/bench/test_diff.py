"""bench/diff.py keeps working: bench/run.py imports ``bench_diff`` and shows its rows."""

import pytest

from bench.diff import bench_diff

pytestmark = pytest.mark.django_db


def test_bench_diff_rows_have_what_the_report_needs():
    rows = bench_diff(activities=120)
    assert [row["name"] for row in rows] == [
        "diff: version_diff of two 120-activity × 4-party versions",
        "diff page: first request",
        "diff page: cached",
    ]
    for row in rows:
        assert row["seconds"] > 0 and row["note"]
    assert rows[0]["budget"] == 0.150 and rows[2]["budget"] == 0.010
    assert "rows reworded, moved or re-lettered" in rows[0]["note"]
