"""The benchmark's data: a throwaway environment and large, valid matrices.

Nothing here touches ``db.sqlite3`` or a configured database: ``bench_environment`` points
every setting at a temporary folder (or a database created for the run) before Django starts.
"""

from __future__ import annotations

import contextlib
import os
import random
import secrets
import socket
import urllib.parse
from pathlib import Path

PARTIES = ("Customer", "OVHcloud", "Payment provider", "Auditor")
# A Redis database of its own: measuring a cold page clears the whole cache database (give
# concurrent bench runs one each with RACI_BENCH_REDIS_URL).
BENCH_REDIS_URL = os.environ.get("RACI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")

WORDS = (
    "configure monitor back up restore update patch the service data network access domain licence "
    "account user mailbox server storage security incident report billing contract renew encrypt audit "
    "log review install remove migrate test document notify customer provider backup retention"
).split()


def redis_answers(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def throwaway_postgres(server_url: str):
    """A new, empty database on the PostgreSQL server of ``server_url``, dropped afterwards; yields its URL."""
    import psycopg

    parts = urllib.parse.urlsplit(server_url)
    name = f"raci_bench_{os.getpid()}_{secrets.token_hex(3)}"
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_environment(workdir: Path, *, cache_url: str | None = None, database_url: str = "") -> dict[str, str]:
    """Production-like settings (DEBUG off, hashed static files) on a throwaway database.

    The cache is shared by the benchmark process and the gunicorn workers, as it must be in
    production for a publish to reach every app server: Redis when it answers, else files.
    """
    if cache_url is None:
        cache_url = BENCH_REDIS_URL if redis_answers() else f"filecache://{workdir / 'cache'}"
    return {
        "DJANGO_SETTINGS_MODULE": "raci_project.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "CACHE_URL": cache_url,
        "REDIS_URL": "",
        "CACHE_KEY_PREFIX": f"raci-bench-{os.getpid()}",
        "LOG_LEVEL": "ERROR",
    }


def bench_matrix(activities: int, parties=PARTIES, *, seed: int = 2026, title: str = "Shared responsibilities"):
    """A valid matrix of ``activities`` rows in nested sections (chapters → parts → rows)."""
    from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection

    rng = random.Random(seed)
    chapters, count = [], 0
    while count < activities:
        chapter = MatrixSection(title=f"Chapter {len(chapters) + 1}: {rng.choice(WORDS)} {rng.choice(WORDS)}")
        for part_index in range(4):
            part = MatrixSection(title=f"Part {part_index + 1}: {rng.choice(WORDS)} {rng.choice(WORDS)}")
            for _ in range(min(25, activities - count)):
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize()
                # Exactly one A and at least one R, like a well-formed published matrix.
                cells = {party: rng.choice(["", "C", "I", "CI"]) for party in parties}
                accountable = rng.choice(parties)
                cells[accountable] = "RA"
                if rng.random() < 0.4:
                    helper = rng.choice([party for party in parties if party != accountable])
                    cells[helper] = "R"
                part.activities.append(MatrixActivity(text=f"{text} ({count + 1}).", cells=cells))
                count += 1
            if part.activities:
                chapter.children.append(part)
        chapters.append(chapter)
    return Matrix(parties=list(parties), sections=chapters, title=title)


def publish_service(*, slug: str, activities: int, parties=PARTIES):
    """Create a service whose current version is a freshly published ``activities``-row matrix."""
    from django.db import transaction

    from responsibilities.matrices import matrix_write
    from responsibilities.models import MatrixVersion, Service
    from responsibilities.services import version_publish

    matrix = bench_matrix(activities, parties)
    with transaction.atomic():
        service = Service.objects.create(name=f"Benchmark {slug}", slug=slug, family="Benchmark")
        draft = MatrixVersion.objects.create(service=service, title=matrix.title)
        matrix_write(version=draft, matrix=matrix)
    return version_publish(draft=draft, summary="First publication")
