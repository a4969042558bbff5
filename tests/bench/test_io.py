"""bench/io.py runs (tiny sizes here; make bench runs it at 2,000 activities) and leaves nothing behind."""

import pytest

from responsibilities.models import Service

pytestmark = pytest.mark.django_db


def test_bench_io_reports_import_dry_run_and_export_against_openpyxl():
    from bench.io import bench_io

    rows = bench_io(activities=40)

    assert [row["budget"] for row in rows] == [2.0, 3.0, 2.0]
    assert all(row["seconds"] > 0 and row["reference_seconds"] > 0 and row["ratio"] > 0 for row in rows)
    assert not Service.objects.exists()
