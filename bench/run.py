"""`make bench`: measure the performance budgets in one run and print one table.

Builds 2,000-activity × 4-party matrices in a throwaway SQLite database, then measures:
the current page rendered cold (cache cleared) and cached (Django's test client, in process);
the diff and import/export rows of ``bench/diff.py`` and ``bench/io.py`` when present;
requests per second of the current page against ``/healthz`` under gunicorn (2 workers,
loopback, a bounded load generator in another process that sends ``Accept-Encoding: gzip``
like a browser); and a publish while readers hammer
the current page (failed requests, and how soon the new version is served).

    python bench/run.py [--quick] [--strict] [--readme]

``--quick`` is a smoke run with tiny sizes (CI); ``--strict`` exits 1 when a budget fails;
failed requests, or a stale page after the publish, exit 2 always. ``--readme`` writes the
table into README.md ("Benchmarks"); ``--postgres URL`` measures on PostgreSQL.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path; the project root is what we import from.
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)
elif str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import build, load, report  # noqa: E402

PAGE_COLD_BUDGET = 0.100
PAGE_CACHED_BUDGET = 0.010
RPS_RATIO_BUDGET = 0.75
SLUG = "bench"


def median_time(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def count_queries(function) -> int:
    """SQL statements run by ``function`` (its own connection may be closed and reopened)."""
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        function()
    return count


def measure_render(url: str, *, repeat: int) -> list[dict]:
    """The current page through Django's test client: cache cleared before each request, then cached."""
    from django.core.cache import cache
    from django.test import Client

    client = Client()

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    size = len(get().content)  # templates compiled, connection open: what "cold" leaves out

    def cold():
        cache.clear()
        get()

    cold_seconds = median_time(cold, repeat)
    cache.clear()
    cold_queries = count_queries(get)
    cached_queries = count_queries(get)
    cached_seconds = median_time(get, repeat * 4)
    return [
        {
            "name": "current page, first request (cache cleared)",
            "seconds": cold_seconds,
            "budget": PAGE_COLD_BUDGET,
            "note": f"{size / 1024:.0f} KiB of HTML, {cold_queries} SQL queries",
        },
        {
            "name": "current page, cached",
            "seconds": cached_seconds,
            "budget": PAGE_CACHED_BUDGET,
            "note": f"{cached_queries} SQL queries",
        },
    ]


def combine(summaries: list[dict]) -> dict:
    """One summary for several runs of the load generator on one URL."""
    seconds = sum(summary["seconds"] for summary in summaries)
    requests = sum(summary["requests"] for summary in summaries)
    errors = sum(summary["errors"] for summary in summaries)
    return {
        "requests": requests,
        "errors": errors,
        "rps": (requests - errors) / seconds if seconds else 0.0,
        "client_cpu": sum(summary["client_cpu"] * summary["seconds"] for summary in summaries) / seconds,
        "accept_encoding": summaries[0].get("accept_encoding", "identity") if summaries else "identity",
        "error_samples": [sample for summary in summaries for sample in summary["error_samples"]][:5],
    }


def measure_throughput(base: str, page: str, *, duration: float, threads: int) -> list[dict]:
    """Requests per second of the current page against /healthz, same server, same client."""
    for url in (f"{base}/healthz", f"{base}{page}"):
        load.measure(url, duration=min(1.0, duration), threads=threads)  # every worker warm
    # Alternate the two URLs in two rounds, so a change in the machine's load hits both alike.
    rounds = {"health": [], "current": []}
    for _ in range(2):
        rounds["health"].append(load.measure(f"{base}/healthz", duration=duration / 2, threads=threads))
        rounds["current"].append(load.measure(f"{base}{page}", duration=duration / 2, threads=threads))
    health, current = (combine(rounds[name]) for name in ("health", "current"))
    ratio = current["rps"] / health["rps"] if health["rps"] else 0.0
    errors = health["errors"] + current["errors"]
    return [
        {
            "name": "current page vs /healthz, requests per second (gunicorn, 2 workers)",
            "seconds": None,
            "ratio": ratio,
            "budget": RPS_RATIO_BUDGET,
            "budget_text": f"≥ {RPS_RATIO_BUDGET:g}×, 0 errors",
            "ok": ratio >= RPS_RATIO_BUDGET and errors == 0,
            "errors": errors,
            "note": (
                f"{current['rps']:.0f} vs {health['rps']:.0f} req/s over {duration:g} s, "
                f"Accept-Encoding: {current['accept_encoding']}, {threads} client threads "
                f"(client CPU {current['client_cpu']:.0%} vs {health['client_cpu']:.0%}); "
                f"{errors} errors"
                + (f" ({'; '.join(health['error_samples'] + current['error_samples'])})" if errors else "")
            ),
        }
    ]


def measure_publish_under_load(base: str, page: str, *, service, duration: float, threads: int, workdir: Path):
    """Readers hammer the current page while a new version is published from this process."""
    from responsibilities.models import MatrixVersion
    from responsibilities.services import draft_start, version_publish

    draft = draft_start(service=service)
    marker = f"Revision published under load {os.getpid()}"
    MatrixVersion.objects.filter(pk=draft.pk).update(title=marker)
    records_file = workdir / "publish-records.jsonl"
    readers = load.start_hammer(
        f"{base}{page}", duration=duration, threads=threads, marker=marker, records=records_file
    )
    time.sleep(duration / 3)
    started = time.time()
    version_publish(draft=draft, summary="Published while readers hammer the current page")
    committed = time.time()
    summary = load.finish_hammer(readers, timeout=duration + 60)
    records = [json.loads(line) for line in records_file.read_text().splitlines()]
    failed = sum(1 for _, _, status, _ in records if status != 200)
    served_new = [end for _, end, status, has_new in records if status == 200 and has_new]
    # A request that starts after the commit must get the new version: "as soon as it commits".
    stale = sum(1 for start, _, status, has_new in records if start > committed and status == 200 and not has_new)
    delay = (min(served_new) - committed) if served_new else None
    return [
        {
            "name": "publish under load: new version served after the commit",
            "seconds": delay,
            "budget_text": "0 failed, 0 stale",
            "budget": 0,
            "ok": failed == 0 and stale == 0 and bool(served_new),
            "errors": failed + stale + (0 if served_new else 1),
            "note": (
                f"{len(records)} requests, {failed} failed, {stale} stale after the commit; "
                f"publish took {_ms(committed - started)}"
                + (f" ({'; '.join(summary['error_samples'])})" if summary["error_samples"] else "")
            ),
        }
    ]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def plugin_rows(module_name: str, function_name: str) -> list[dict]:
    """Rows from another part's benchmark (bench/diff.py, bench/io.py) when it exists."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name in (module_name, module_name.rsplit(".", 1)[0]):
            return [{"name": f"{module_name}.{function_name}: not present", "seconds": None}]
        raise
    try:
        return list(getattr(module, function_name)())
    except Exception as error:  # noqa: BLE001 - one broken measure must not hide the others
        traceback.print_exc()
        return [{"name": f"{module_name}.{function_name} failed: {error}", "seconds": None, "budget": 0, "ok": False}]


def environment_line(env: dict, activities: int, parties: int) -> str:
    cache = env["CACHE_URL"].split("://", 1)[0]
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    return (
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `make bench` on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"{activities:,} activities × {parties} parties; {database} (throwaway), {cache} cache shared with gunicorn; "
        f"load average {os.getloadavg()[0]:.1f} at the end (other work on the machine skews the figures)."
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Measure the performance budgets.")
    parser.add_argument("--quick", action="store_true", help="smoke run with tiny sizes (CI)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    parser.add_argument("--activities", type=int, help="rows per matrix (default 2,000; quick: 60)")
    parser.add_argument("--duration", type=float, help="seconds of load per URL (default 5; quick: 1)")
    parser.add_argument("--threads", type=int, default=8, help="load generator threads")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="measure on PostgreSQL: a throwaway database is created on this server and dropped afterwards",
    )
    args = parser.parse_args(argv)
    activities = args.activities or (60 if args.quick else 2_000)
    duration = args.duration or (1.0 if args.quick else 5.0)
    repeat = 3 if args.quick else 7

    workdir = Path(tempfile.mkdtemp(prefix="raci-bench-"))
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, workdir, ignore_errors=True)
        database_url = cleanup.enter_context(build.throwaway_postgres(args.postgres)) if args.postgres else ""
        env = build.bench_environment(workdir, database_url=database_url)
        os.environ.update(env)
        rows = run_measures(args, activities=activities, duration=duration, repeat=repeat, workdir=workdir)

    text = f"{environment_line(env, activities, len(build.PARTIES))}\n\n{report.table(rows)}"
    print(text)
    failed = [row["name"] for row in rows if not report.row_ok(row)]
    if failed:
        print(f"\nOver budget: {', '.join(failed)}", file=sys.stderr)
    if args.readme:
        report.write_readme(ROOT / "README.md", text)
    # Failed requests or a stale page after a publish are bugs, not slowness: always an error.
    broken = [row["name"] for row in rows if row.get("errors")]
    if broken:
        print(f"Failed or stale requests: {', '.join(broken)}", file=sys.stderr)
        return 2
    return 1 if args.strict and failed else 0


def run_measures(args, *, activities: int, duration: float, repeat: int, workdir: Path) -> list[dict]:
    """Set Django up on the bench environment, build the data, and run every measure."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    cache.clear()
    started = time.perf_counter()
    version = build.publish_service(slug=SLUG, activities=activities)
    rows = [{"name": "build and publish one matrix (setup, no budget)", "seconds": time.perf_counter() - started}]
    page = f"/services/{SLUG}/"
    rows += measure_render(page, repeat=repeat)
    if not args.quick:
        rows += plugin_rows("bench.diff", "bench_diff")
        rows += plugin_rows("bench.io", "bench_io")
        rows += plugin_rows("bench.io", "bench_cli")
        rows += plugin_rows("bench.api", "bench_api")
    connections.close_all()
    with load.gunicorn(dict(os.environ), workers=2) as base:
        rows += measure_throughput(base, page, duration=duration, threads=args.threads)
        rows += measure_publish_under_load(
            base, page, service=version.service, duration=duration + 1, threads=args.threads, workdir=workdir
        )
    cache.clear()
    connections.close_all()  # a throwaway PostgreSQL database can only be dropped once unused
    return rows


if __name__ == "__main__":
    sys.exit(main())
