"""bench/api.py times the API's reads of a version and a diff (tiny sizes here) and leaves nothing behind."""

import pytest

from responsibilities.models import Service

pytestmark = pytest.mark.django_db


def test_bench_api_times_the_version_and_the_diff_and_leaves_nothing():
    from bench.api import bench_api

    rows = bench_api(activities=40, repeat=1)

    assert [row["name"] for row in rows] == [
        "API version JSON, first request (40 activities × 4 parties)",
        "API version JSON, cached",
        "API diff as data, first request (rows matched again)",
        "API diff as data, cached",
    ]
    assert all(row["seconds"] > 0 and row["budget"] > 0 for row in rows)
    assert not Service.objects.exists()
