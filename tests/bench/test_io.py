"""bench/io.py measures a real import and export (tiny sizes here) and leaves nothing behind."""

import pytest

from responsibilities.models import Service

pytestmark = pytest.mark.django_db


def test_bench_io_imports_the_relettered_file_and_reports_ratios_of_what_it_timed():
    from bench.io import bench_io

    rows = bench_io(activities=40)

    assert [row["name"] for row in rows] == [
        "import dry run: 40 activities × 4 parties XLSX",
        "import apply (into the draft, one transaction)",
        "export XLSX of a published version",
    ]
    # One row in twenty is re-lettered: the dry run found exactly those.
    assert rows[0]["note"].endswith("; 2 rows changed")
    for row in rows:
        assert row["ratio"] == pytest.approx(row["seconds"] / row["reference_seconds"], rel=0.05)
    assert not Service.objects.exists()
