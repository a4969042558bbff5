"""The benchmark harness (bench/): its verdicts, its load generator and its matrices."""

import gzip
import http.server
import threading

import pytest

from bench import build, load, report
from responsibilities.services import matrix_problems


def test_a_row_without_a_verdict_is_judged_against_its_budget():
    assert report.row_ok({"name": "diff", "seconds": 0.12, "budget": 0.15})
    assert not report.row_ok({"name": "diff", "seconds": 0.16, "budget": 0.15})
    # With a reference, the budget is a ratio of it.
    assert report.row_ok({"name": "import", "seconds": 2.0, "reference_seconds": 1.0, "ratio": 2.0, "budget": 3})
    assert not report.row_ok({"name": "export", "seconds": 3.0, "reference_seconds": 1.0, "ratio": 3.0, "budget": 2})
    assert not report.row_ok({"name": "rps", "seconds": None, "ratio": 0.9, "budget": 0.75, "ok": False})
    assert report.row_ok({"name": "setup", "seconds": 1.0})


def test_the_table_shows_every_row_and_flags_the_failures():
    text = report.table(
        [
            {"name": "current page, cached", "seconds": 0.004, "budget": 0.010},
            {"name": "export", "seconds": 3.0, "reference_seconds": 1.0, "ratio": 3.0, "budget": 2, "note": "xlsx"},
        ]
    )
    lines = text.splitlines()
    assert len(lines) == 4
    assert "| current page, cached" in lines[2] and "4.0 ms" in lines[2] and "yes" in lines[2]
    assert "3.00 s" in lines[3] and "1.00 s" in lines[3] and "≤ 2×" in lines[3] and "**NO**" in lines[3]


def test_the_readme_block_is_replaced_and_the_rest_kept(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n## Benchmarks\n\n{report.README_START}\nold\n{report.README_END}\n\n## Next\n")
    report.write_readme(readme, "| new | table |")
    assert readme.read_text() == (
        f"# Title\n\n## Benchmarks\n\n{report.README_START}\n| new | table |\n{report.README_END}\n\n## Next\n"
    )
    readme.write_text("no markers")
    with pytest.raises(SystemExit):
        report.write_readme(readme, "x")


@pytest.fixture
def http_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            status, body = (200, b"<h1>Revision 2</h1>") if self.path == "/new" else (500, b"boom")
            if self.path == "/old":
                status, body = 200, b"<h1>Revision 1</h1>"
            encoded = self.path in ("/new", "/fake-gzip") and "gzip" in self.headers.get("Accept-Encoding", "")
            if self.path == "/fake-gzip":
                status, body = 200, b"<h1>Revision 2</h1>"
            elif encoded:
                body = gzip.compress(body)
            self.send_response(status)
            if encoded:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_load_generator_stops_in_time_and_counts_answers_and_markers(http_server):
    summary = load.hammer(f"{http_server}/new", duration=0.3, threads=2, marker=b"Revision 2")
    assert 0.3 <= summary["seconds"] < 2
    assert summary["requests"] > 0 and summary["errors"] == 0
    assert all(status == 200 and has_marker for _, _, status, has_marker in summary["records"])
    assert not any(
        record[3] for record in load.hammer(f"{http_server}/old", duration=0.1, threads=1, marker=b"2")["records"]
    )


def test_the_load_generator_asks_for_gzip_like_a_browser_and_checks_what_it_gets(http_server):
    # /new answers gzip to a client that accepts it: the marker is found in the decompressed body.
    gzipped = load.hammer(f"{http_server}/new", duration=0.2, threads=1, marker=b"Revision 2")
    assert gzipped["accept_encoding"] == "gzip" and gzipped["errors"] == 0
    assert all(has_marker for *_, has_marker in gzipped["records"])
    plain = load.hammer(f"{http_server}/new", duration=0.2, threads=1, marker=b"Revision 2", gzip_ok=False)
    assert plain["accept_encoding"] == "identity" and all(has_marker for *_, has_marker in plain["records"])
    # A body labelled gzip that is not gzip is an error, not a success.
    fake = load.hammer(f"{http_server}/fake-gzip", duration=0.2, threads=1)
    assert fake["requests"] > 0 and fake["errors"] == fake["requests"]
    assert "not gzip" in fake["error_samples"][0]


def test_the_load_generator_counts_server_errors_and_refused_connections(http_server):
    failing = load.hammer(f"{http_server}/broken", duration=0.2, threads=2)
    assert failing["requests"] > 0 and failing["errors"] == failing["requests"] and failing["rps"] == 0
    assert failing["error_samples"] == ["HTTP 500"]
    refused = load.hammer(f"http://127.0.0.1:{load.free_port()}/", duration=0.2, threads=1)
    assert refused["errors"] == refused["requests"] > 0
    assert "ConnectionRefusedError" in refused["error_samples"][0]


def test_bench_matrices_have_the_asked_size_and_follow_the_a_r_rule():
    matrix = build.bench_matrix(230)
    assert matrix.activity_count() == 230
    assert matrix.parties == list(build.PARTIES)
    assert matrix_problems(matrix) == []
    assert build.bench_matrix(230).sections == matrix.sections  # the same every run


@pytest.mark.django_db
def test_a_bench_service_is_published_with_its_whole_matrix():
    version = build.publish_service(slug="bench-test", activities=40)
    version.service.refresh_from_db()
    assert version.is_published and version.service.current_version_id == version.pk
    assert version.activities.count() == 40
    assert version.parties.count() == 4


def test_the_bench_environment_points_everything_at_its_throwaway_folder(tmp_path):
    env = build.bench_environment(tmp_path, cache_url="locmemcache://")
    assert env["DATABASE_URL"] == f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    assert env["STATIC_ROOT"] == str(tmp_path / "static")
    assert env["DEBUG"] == "0" and len(env["SECRET_KEY"]) >= 50


def test_rows_of_the_other_benchmarks_are_taken_as_they_come(monkeypatch):
    import sys
    import types

    from bench import run

    present = types.ModuleType("bench.fake_rows")
    present.bench_fake = lambda: [{"name": "diff", "seconds": 0.1, "budget": 0.15}]
    broken = types.ModuleType("bench.fake_broken")

    def explode():
        raise ValueError("no data")

    broken.bench_fake = explode
    monkeypatch.setitem(sys.modules, "bench.fake_rows", present)
    monkeypatch.setitem(sys.modules, "bench.fake_broken", broken)
    assert run.plugin_rows("bench.fake_rows", "bench_fake") == [{"name": "diff", "seconds": 0.1, "budget": 0.15}]
    [failed] = run.plugin_rows("bench.fake_broken", "bench_fake")
    assert "no data" in failed["name"] and not report.row_ok(failed)
    [missing] = run.plugin_rows("bench.not_written_yet", "bench_missing")
    assert missing["name"] == "bench.not_written_yet.bench_missing: not present" and report.row_ok(missing)


def test_rounds_of_one_url_combine_into_one_rate():
    from bench.run import combine

    rounds = [
        {"seconds": 2.0, "requests": 100, "errors": 0, "client_cpu": 0.5, "error_samples": []},
        {"seconds": 3.0, "requests": 101, "errors": 1, "client_cpu": 0.0, "error_samples": ["HTTP 500"]},
    ]
    combined = combine(rounds)
    assert combined["rps"] == 200 / 5
    assert (combined["requests"], combined["errors"], combined["error_samples"]) == (201, 1, ["HTTP 500"])
    assert combined["client_cpu"] == 0.2
