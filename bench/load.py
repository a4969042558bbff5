"""A bounded HTTP load generator, and gunicorn started for the length of a measure.

Run as ``python -m bench.load URL --duration 5 --threads 8`` it hammers one URL from threads
(each request on a new connection: gunicorn's sync workers close it anyway) for a fixed time
and prints one JSON object: requests, errors, requests per second. Like a browser, it sends
``Accept-Encoding: gzip`` (``--identity`` leaves it out); it reads every body, counts any
status but 200 as an error, and a body that says ``Content-Encoding: gzip`` without being gzip
too. With ``--records FILE`` it also writes one line per request (start, end, status, whether
``--marker`` was in the body, decompressed when gzipped), which the publish-under-load measure
reads.

It runs in its own process so the client never shares an interpreter lock with the code that
publishes during the measure.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def hammer(
    url: str, *, duration: float, threads: int, marker: bytes = b"", timeout: float = 10.0, gzip_ok: bool = True
) -> dict:
    """Request ``url`` from ``threads`` threads until ``duration`` seconds have passed."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Host": parts.netloc, **({"Accept-Encoding": "gzip"} if gzip_ok else {})}
    deadline = time.monotonic() + duration
    records: list[tuple[float, float, int, bool]] = []
    failures: list[str] = []
    lock = threading.Lock()

    def reader():
        mine, errors = [], []
        while time.monotonic() < deadline:
            start = time.time()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                status = response.status
                if response.getheader("Content-Encoding") == "gzip":
                    if not body.startswith(b"\x1f\x8b"):
                        raise ValueError("Content-Encoding: gzip on a body that is not gzip")
                    if marker:  # only then: decompressing costs the client CPU the server needs
                        body = gzip.decompress(body)
            except (OSError, ValueError, http.client.HTTPException) as error:
                status, body = 0, b""
                errors.append(f"{type(error).__name__}: {error}")
            finally:
                connection.close()
            if status not in (0, 200):
                errors.append(f"HTTP {status}")
            mine.append((start, time.time(), status, bool(marker) and marker in body))
        with lock:
            records.extend(mine)
            failures.extend(errors)

    workers = [threading.Thread(target=reader) for _ in range(threads)]
    began = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - began
    errors = sum(1 for record in records if record[2] != 200)
    return {
        "url": url,
        "accept_encoding": headers.get("Accept-Encoding", "identity"),
        "requests": len(records),
        "errors": errors,
        "error_samples": sorted(set(failures))[:5],
        "seconds": elapsed,
        "rps": (len(records) - errors) / elapsed if elapsed else 0.0,
        # Share of one CPU the client itself used: near 1, the client may be what limits the rate.
        "client_cpu": time.process_time() / elapsed if elapsed else 0.0,
        "records": records,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 2, start_timeout: float = 30.0):
    """Serve the project with raci_project/gunicorn.conf.py on a free loopback port; yield its base URL."""
    port = free_port()
    # No worker recycling (max_requests) during a measure: a fresh worker re-imports the project,
    # CPU charged to whichever URL happens to be measured then (it made the first round low).
    env = {
        **env,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "ACCESS_LOG": "",
        "GUNICORN_MAX_REQUESTS": "0",
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", "raci_project/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {server.stderr.read().decode()[-2000:]}") from None
                time.sleep(0.1)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def start_hammer(
    url: str, *, duration: float, threads: int, marker: str = "", records: Path | None = None, gzip_ok: bool = True
):
    """Start ``python -m bench.load`` in its own process; ``finish_hammer`` collects its figures."""
    command = [sys.executable, "-m", "bench.load", url, "--duration", str(duration), "--threads", str(threads)]
    if not gzip_ok:
        command.append("--identity")
    if marker:
        command += ["--marker", marker]
    if records is not None:
        command += ["--records", str(records)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)


def finish_hammer(process, *, timeout: float) -> dict:
    out, _ = process.communicate(timeout=timeout)
    if process.returncode:
        raise RuntimeError(f"the load generator failed ({process.returncode})")
    return json.loads(out)


def measure(url: str, *, duration: float, threads: int, gzip_ok: bool = True) -> dict:
    """Hammer ``url`` from a separate process and return its summary."""
    return finish_hammer(start_hammer(url, duration=duration, threads=threads, gzip_ok=gzip_ok), timeout=duration + 60)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--marker", default="", help="text whose presence in a body is recorded")
    parser.add_argument("--records", type=Path, help="write one JSON line per request here")
    parser.add_argument("--identity", action="store_true", help="do not send Accept-Encoding: gzip")
    args = parser.parse_args(argv)
    summary = hammer(
        args.url,
        duration=args.duration,
        threads=args.threads,
        marker=args.marker.encode(),
        gzip_ok=not args.identity,
    )
    records = summary.pop("records")
    if args.records:
        with args.records.open("w") as out:
            for record in sorted(records):
                out.write(json.dumps(record) + "\n")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
