"""Benchmark of imports and exports (the import and export budgets) on a 2,000-activity × 4-party XLSX.

``bench_io()`` returns rows for ``bench/run.py``: the import (apply, and its dry run) against
openpyxl alone reading the same file, and the export against openpyxl alone writing the same
cells, each with its ratio and budget (import ≤ 3×, dry run ≤ 2×, export ≤ 2×); ``make bench``
prints them. ``bench_cli()`` measures the import as a user runs it: a ``manage.py import_raci``
process, start-up included, against a process that starts Django and reads the same file with
openpyxl (≤ 3×).
"""

from __future__ import annotations

import os
import time
from io import BytesIO

from bench import build, django_setup

ACTIVITIES = 2_000
PARTIES = build.PARTIES
IMPORT_BUDGET, DRY_RUN_BUDGET, EXPORT_BUDGET = 3.0, 2.0, 2.0  # × openpyxl alone


def bench_matrix(activities: int = ACTIVITIES):
    """The bench's matrix (bench/build.py), under this module's own seed."""
    return build.bench_matrix(activities, seed=4, title="Bench: shared responsibilities")


def _best_of(function, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _row(name: str, seconds: float, reference: float, budget: float, note: str = "") -> dict:
    return {
        "name": name,
        "seconds": round(seconds, 4),
        "reference_seconds": round(reference, 4),
        "ratio": round(seconds / reference, 2),
        "budget": budget,
        "note": note,
    }


def openpyxl_read(data: bytes) -> int:
    """The reference: openpyxl alone reading every cell of every sheet."""
    import openpyxl

    book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    cells = sum(len(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    book.close()
    return cells


def openpyxl_write(rows: list[list[str]]) -> bytes:
    """The reference: openpyxl alone writing the same cells."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    stream = BytesIO()
    book.save(stream)
    return stream.getvalue()


def bench_io(activities: int = ACTIVITIES) -> list[dict]:
    django_setup()
    import openpyxl
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from responsibilities.formats import write
    from responsibilities.matrices import matrix_load, matrix_write
    from responsibilities.models import MatrixVersion, Service
    from responsibilities.services import matrix_import, matrix_read, version_publish

    published = bench_matrix(activities)
    edited = bench_matrix(activities)
    for index, (_number, activity) in enumerate(edited.activities()):
        if index % 20 == 0:  # 5 % of the rows re-lettered, as a real revision
            activity.cells[PARTIES[0]], activity.cells[PARTIES[1]] = activity.cells[PARTIES[1]], "RA"
    data = write(edited, "xlsx")
    sheet_rows = [
        [cell.value or "" for cell in row]
        for row in openpyxl.load_workbook(BytesIO(data), read_only=True).worksheets[0].iter_rows()
    ]

    rows = []
    with transaction.atomic():
        service = Service.objects.create(name="Bench import", slug=f"bench-io-{os.getpid()}")
        draft = MatrixVersion.objects.create(service=service, title=published.title)
        matrix_write(version=draft, matrix=published)
        version = version_publish(draft=draft, summary="Bench version 1", override=True)

        read_seconds = _best_of(lambda: openpyxl_read(data))

        def dry_run():
            matrix = matrix_read(data, filename="bench.xlsx")
            return matrix_import(service=service, matrix=matrix, source="bench.xlsx", dry_run=True)

        def apply():
            matrix = matrix_read(data, filename="bench.xlsx")
            return matrix_import(service=service, matrix=matrix, source="bench.xlsx")

        report = dry_run()
        with CaptureQueriesContext(connection) as dry_queries:
            dry_run()
        rows.append(
            _row(
                f"import dry run: {activities:,} activities × {len(PARTIES)} parties XLSX",
                _best_of(dry_run),
                read_seconds,
                DRY_RUN_BUDGET,
                f"vs openpyxl reading it ({read_seconds * 1000:.0f} ms); {len(dry_queries)} queries; "
                f"{len(report.changed)} rows changed",
            )
        )
        apply()
        with CaptureQueriesContext(connection) as apply_queries:
            apply()
        rows.append(
            _row(
                "import apply (into the draft, one transaction)",
                _best_of(apply),
                read_seconds,
                IMPORT_BUDGET,
                f"vs openpyxl reading it; {len(apply_queries)} queries",
            )
        )

        def export():  # what the download, the admin and export_raci do
            return write(matrix_load(version), "xlsx")

        write_seconds = _best_of(lambda: openpyxl_write(sheet_rows))
        with CaptureQueriesContext(connection) as export_queries:
            export()
        rows.append(
            _row(
                "export XLSX of a published version",
                _best_of(export),
                write_seconds,
                EXPORT_BUDGET,
                f"vs openpyxl writing the same cells ({write_seconds * 1000:.0f} ms); {len(export_queries)} queries",
            )
        )
        transaction.set_rollback(True)
    return rows


# --- The command line, as a user runs it -------------------------------------------------------

CLI_BUDGET = 3.0  # × a process that starts Django and reads the same file with openpyxl
CLI_RUNS = 5

#: The reference: what any command reading the file pays at least (Python, Django, openpyxl).
_OPENPYXL_PROCESS = """
import sys
import django
django.setup()
import openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
cells = sum(len(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
print(cells)
"""


def _process_seconds(command: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of each of ``runs`` runs of ``command`` (start-up included), which must succeed."""
    import subprocess
    import sys

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, *command], capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return times


def bench_cli(activities: int = ACTIVITIES, runs: int = CLI_RUNS) -> list[dict]:
    """``manage.py import_raci`` of a 2,000-row XLSX in its own process, against a process that
    starts Django and reads the same file with openpyxl. Runs alternate, so a change in the
    machine's load hits both alike; the ratio is of the best runs (the median is in the note)."""
    import statistics
    import tempfile
    from pathlib import Path

    if not os.environ.get("DATABASE_URL"):
        # The commands run in processes of their own, on the database the environment names.
        raise RuntimeError("bench_cli needs make bench's throwaway environment (bench/run.py sets DATABASE_URL)")
    django_setup()
    from responsibilities.formats import write

    slug = f"bench-cli-{os.getpid()}"
    build.publish_service(slug=slug, activities=activities)  # the version the file revises
    edited = build.bench_matrix(activities)
    for index, (_number, activity) in enumerate(edited.activities()):
        if index % 20 == 0:  # 5 % of the rows re-lettered, as a real revision
            activity.cells[PARTIES[0]], activity.cells[PARTIES[1]] = activity.cells[PARTIES[1]], "RA"
    manage = str(Path(__file__).resolve().parent.parent / "manage.py")
    with tempfile.TemporaryDirectory(prefix="raci-bench-cli-") as folder:
        path = str(Path(folder) / "matrix.xlsx")
        Path(path).write_bytes(write(edited, "xlsx"))
        commands = {
            "reference": ["-c", _OPENPYXL_PROCESS, path],
            "dry run": [manage, "import_raci", path, "--service", slug, "--dry-run"],
            "import": [manage, "import_raci", path, "--service", slug],
        }
        for command in commands.values():
            _process_seconds(command, 1)  # warm: bytecode compiled, file in the page cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name] += _process_seconds(command, 1)
    reference = min(times["reference"])
    rows = []
    for name, budget, label in (
        ("dry run", CLI_BUDGET, "import_raci --dry-run, command line"),
        ("import", CLI_BUDGET, "import_raci into the draft, command line"),
    ):
        rows.append(
            _row(
                f"{label}: {activities:,}-row XLSX, start-up included",
                min(times[name]),
                reference,
                budget,
                f"best of {runs} (median {statistics.median(times[name]):.2f} s) vs a process starting Django "
                f"and reading the file with openpyxl (best {reference:.2f} s, median "
                f"{statistics.median(times['reference']):.2f} s)",
            )
        )
    return rows
