"""The deployment topology: two app servers (gunicorn), one PostgreSQL, one Redis.

Two gunicorn instances on loopback share a PostgreSQL database (reached through a TCP proxy this
test can cut, as a database restart would) and a private Redis server (started and stopped
here; never a shared one). It checks what the README's deployment section promises:

- a version published through one server's admin is served by the other at once;
- Redis stopped: both keep serving (cache misses); Redis back: caching resumes, shared again;
- PostgreSQL gone: ``/healthz`` answers 503 on both, then 200 when it is back, without restarting
  either app server.

Needs a PostgreSQL server (``RACI_TEST_POSTGRES_SERVER``, default postgres://postgres@127.0.0.1:5432;
a database of its own is created and dropped) and ``redis-server``; skipped without them.
``RACI_TOPOLOGY_PORT`` (e.g. 18140) makes it use that port and the next four, else free ones.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import suppress

import pytest

from tests.test_serving import CREATE_ADMIN, GUNICORN, ROOT, cookies, free_port, production_env, raw

POSTGRES_SERVER = os.environ.get("RACI_TEST_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
REDIS_SERVER = shutil.which("redis-server")
SITE = {"Host": "127.0.0.1"}

SEED = """
from responsibilities.models import Service
from responsibilities.services import draft_start, version_publish
from responsibilities.matrices import matrix_write
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection
service = Service.objects.create(name="Email Pro", slug="email-pro")
draft = draft_start(service=service)
rows = [MatrixActivity(text=f"Activity {n}", cells={"Customer": "RA", "OVHcloud": "I"}) for n in range(30)]
matrix_write(version=draft, matrix=Matrix(parties=["Customer", "OVHcloud"], title="Shared responsibilities",
             sections=[MatrixSection(title="Operations", activities=rows)]))
version_publish(draft=draft, summary="First")
draft_start(service=service)
print(service.pk)
"""


def _postgres_answers() -> bool:
    where = urllib.parse.urlsplit(POSTGRES_SERVER)
    with suppress(OSError), socket.create_connection((where.hostname, where.port or 5432), timeout=1):
        return True
    return False


pytestmark = [
    pytest.mark.skipif(not _postgres_answers(), reason=f"no PostgreSQL at {POSTGRES_SERVER}"),
    pytest.mark.skipif(REDIS_SERVER is None, reason="no redis-server to start"),
]


def _ports(count: int) -> list[int]:
    first = os.environ.get("RACI_TOPOLOGY_PORT")
    return [int(first) + n for n in range(count)] if first else [free_port() for _ in range(count)]


class CuttableProxy:
    """A TCP proxy to PostgreSQL that can be cut (every connection dropped, new ones refused),
    as a database restart does to its clients, and restored on the same port."""

    def __init__(self, port: int, upstream: tuple[str, int]):
        self.port, self.upstream = port, upstream
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            doomed, self._sockets = self._sockets, set()
        if listener is not None:
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for sock in doomed:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    server.close()
                    return
                self._sockets |= {client, server}
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        for sock in (source, target):
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class PrivateRedis:
    """A redis-server of this test's own, on its own port, without persistence."""

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def _wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def _manage(env, *args, **kwargs) -> str:
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=180, capture_output=True, **kwargs
    )
    return result.stdout.decode()


def _psql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("topology")
    proxy_port, redis_port, *app_ports = _ports(4)
    database = f"raci_topology_{os.getpid()}"
    where = urllib.parse.urlsplit(POSTGRES_SERVER)
    _psql(f'DROP DATABASE IF EXISTS "{database}"')
    _psql(f'CREATE DATABASE "{database}"')
    proxy = CuttableProxy(proxy_port, (where.hostname, where.port or 5432))
    redis = PrivateRedis(redis_port)
    servers = []
    try:
        proxy.start()
        redis.start()
        env = production_env(
            tmp_path,
            DATABASE_URL=f"postgres://{where.netloc.rsplit('@', 1)[0]}@127.0.0.1:{proxy_port}/{database}",
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            REDIS_SOCKET_TIMEOUT="0.5",
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            BEHIND_TLS_PROXY="1",
            WEB_CONCURRENCY="2",
        )
        _manage(env, "collectstatic", "--noinput")
        _manage(env, "migrate", "--noinput")
        _manage(env, "shell", "-c", CREATE_ADMIN)
        service_pk = int(_manage(env, "shell", "-c", SEED).split()[-1])
        for port in app_ports[:2]:
            servers.append(
                subprocess.Popen(  # noqa: S603 - fixed argv
                    [str(GUNICORN), "--config", "raci_project/gunicorn.conf.py"],
                    cwd=ROOT,
                    env={**env, "BIND": f"127.0.0.1:{port}"},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        for port in app_ports[:2]:
            _wait_for_port(port)
        yield {
            "a": f"http://127.0.0.1:{app_ports[0]}",
            "b": f"http://127.0.0.1:{app_ports[1]}",
            "proxy": proxy,
            "redis": redis,
            "service_pk": service_pk,
        }
    finally:
        for server in servers:
            with suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        redis.stop()
        proxy.cut()
        with suppress(Exception):
            _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _get(base: str, path: str) -> tuple[int, dict, bytes]:
    status, headers, body = raw(base, "GET", path, {**SITE, "X-Forwarded-Proto": "https"})
    return status, dict(headers), body


HTTPS = {**SITE, "X-Forwarded-Proto": "https", "Origin": "https://127.0.0.1"}


def _admin_session(base: str) -> dict[str, str]:
    status, headers, body = raw(base, "GET", "/admin/login/", HTTPS)
    assert status == 200
    csrf = cookies(headers)["csrftoken"].split(";", 1)[0]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = {"csrfmiddlewaretoken": token, "username": "root", "password": "secret-pass-123", "next": "/admin/"}
    status, headers, _ = raw(base, "POST", "/admin/login/", _posting(csrf), urllib.parse.urlencode(form))
    assert status == 302, status
    session = cookies(headers)["sessionid"].split(";", 1)[0]
    return {"cookie": f"{csrf}; {session}", "csrf": csrf.split("=", 1)[1]}


def _posting(cookie: str) -> dict[str, str]:
    return {**HTTPS, "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}


def _publish_through(base: str, service_pk: int) -> None:
    session = _admin_session(base)
    path = f"/admin/responsibilities/service/{service_pk}/draft/publish/"
    status, _, body = raw(base, "GET", path, {**HTTPS, "Cookie": session["cookie"]})
    assert status == 200, status
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = {
        "csrfmiddlewaretoken": token,
        "change_summary": "Second, published through server A",
        "last_updated": time.strftime("%Y-%m-%d"),
    }
    status, headers, _ = raw(base, "POST", path, _posting(session["cookie"]), urllib.parse.urlencode(form))
    assert status == 302, status


def _eventually(check, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.25)


def test_a_publish_through_one_server_is_served_by_the_other_at_once(topology):
    a, b = topology["a"], topology["b"]
    for _ in range(3):  # both workers of B have the page of version 1 in memory and Redis has it
        status, _, body = _get(b, "/services/email-pro/")
        assert status == 200 and b"Version 1" in body

    _publish_through(a, topology["service_pk"])

    for _ in range(4):  # whichever worker of B answers
        status, _, body = _get(b, "/services/email-pro/")
        assert status == 200 and b"Version 2" in body and b"Version 1" not in body
    assert _get(b, "/services/email-pro/versions/2.json")[0] == 200


def test_without_redis_both_keep_serving_and_caching_resumes_when_it_is_back(topology):
    a, b, redis = topology["a"], topology["b"], topology["redis"]
    redis.stop()
    try:
        for base in (a, b, a, b):
            started = time.monotonic()
            status, headers, body = _get(base, "/services/email-pro/?q=Activity")
            assert status == 200 and b"Activity 1" in body
            assert headers["X-Page-Cache"] == "miss"
            # Not a speed budget: a cache client without its socket timeout would hang here until
            # gunicorn's worker timeout (30 s) killed the worker; with it each request is answered.
            assert time.monotonic() - started < 15
    finally:
        redis.start()

    def shared_hit():
        # A renders and keeps the page in Redis; B, which never rendered it since, finds it there.
        path = f"/services/email-pro/?q=Activity+{time.monotonic_ns()}"
        _get(a, path)
        return _get(b, path)[1].get("X-Page-Cache") == "hit"

    assert _eventually(shared_hit), "caching did not resume after Redis came back"


def test_a_database_restart_makes_healthz_503_then_200_without_restarting_the_apps(topology):
    a, b, proxy = topology["a"], topology["b"], topology["proxy"]
    assert all(_get(base, "/healthz")[0] == 200 for base in (a, b, a, b))
    proxy.cut()
    try:
        assert all(_get(base, "/healthz")[0] == 503 for base in (a, b, a, b))
    finally:
        proxy.start()
    assert _eventually(lambda: all(_get(base, "/healthz")[0] == 200 for base in (a, b, a, b)))
    status, _, body = _get(b, "/services/email-pro/versions/1/")
    assert status == 200 and b"Version 1" in body
