"""Production serving: gunicorn with our config, whitenoise's hashed static files, /healthz."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


CREATE_ADMIN = (
    "from django.contrib.auth.models import User; User.objects.create_superuser('root', '', 'secret-pass-123')"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(tmp_path, **values):
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="raci_project.settings",
        SECRET_KEY="serve-test-7c1e9a3b5d2f4e6a8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        ACCESS_LOG="",
    )
    env.update(values)
    return env


def fetch(url, method="GET", **headers):
    request = urllib.request.Request(url, headers=headers, method=method)  # noqa: S310 - our loopback server
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def gunicorn_server(tmp_path_factory):
    """collectstatic, migrate, then gunicorn with raci_project/gunicorn.conf.py on a free loopback port."""
    tmp_path = tmp_path_factory.mktemp("served")
    env = production_env(tmp_path, ALLOWED_HOSTS="127.0.0.1,raci.example.com")
    for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"], ["shell", "-c", CREATE_ADMIN]):
        subprocess.run(  # noqa: S603 - fixed argv
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=120, capture_output=True
        )
    port = free_port()
    env.update(BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2")
    server = subprocess.Popen(  # noqa: S603 - fixed argv
        [str(GUNICORN), "--config", "raci_project/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                fetch(f"{base}/healthz")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {server.stderr.read().decode()}") from None
                time.sleep(0.2)
        yield base, tmp_path / "static"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_gunicorn_serves_healthz_with_the_security_headers(gunicorn_server):
    base, _ = gunicorn_server
    status, headers, body = fetch(f"{base}/healthz")
    assert (status, body) == (200, b"ok")
    assert headers["Server"].startswith("gunicorn")
    assert "no-store" in headers["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    status, _, body = fetch(f"{base}/healthz", method="HEAD")
    assert (status, body) == (200, b"")


def test_hashed_static_files_are_compressed_and_cached_for_years(gunicorn_server):
    base, static_root = gunicorn_server
    hashed = json.loads((static_root / "staticfiles.json").read_text())["paths"]["css/raci.css"]
    assert hashed != "css/raci.css"
    assert (static_root / f"{hashed}.gz").exists()
    status, headers, body = fetch(f"{base}/static/{hashed}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"].startswith("text/css")
    # The unhashed name still answers, but only with a short cache lifetime.
    status, headers, _ = fetch(f"{base}/static/css/raci.css")
    assert status == 200
    assert "immutable" not in headers["Cache-Control"]


def test_pages_link_the_hashed_static_files(gunicorn_server):
    base, _ = gunicorn_server
    status, _, body = fetch(f"{base}/")
    assert status == 200
    assert re.search(rb'href="/static/css/raci\.[0-9a-f]{12}\.css"', body)
    status, _, body = fetch(f"{base}/admin/login/")
    assert status == 200
    assert re.search(rb'href="/static/admin/css/base\.[0-9a-f]{12}\.css"', body)


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    # Port 1 on loopback refuses connections at once: the database is down.
    env = production_env(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:1/raci", CONN_MAX_AGE="0")
    probe = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/healthz', headers={'host': '127.0.0.1'})\n"
        "print(response.status_code, response.content.decode())\n"
    )
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "503 database unavailable"


def raw(base, method, path, headers, body=None):
    """One request without following redirects: (status, headers as a list, body)."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def cookies(headers) -> dict[str, str]:
    return {value.split("=", 1)[0]: value for name, value in headers if name.lower() == "set-cookie" and "=" in value}


PROXIED = {"Host": "raci.example.com", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}


def test_behind_the_tls_proxy_https_is_recognised_and_hsts_sent(gunicorn_server):
    base, _ = gunicorn_server
    _, headers, _ = raw(base, "GET", "/healthz", PROXIED)
    assert dict(headers)["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    # Plain HTTP (no proxy header): no HSTS, which browsers would ignore anyway.
    _, headers, _ = raw(base, "GET", "/healthz", {"Host": "raci.example.com"})
    assert "Strict-Transport-Security" not in dict(headers)


def test_staff_log_in_through_the_proxy_with_secure_cookies_and_csrf(gunicorn_server):
    base, _ = gunicorn_server
    status, headers, body = raw(base, "GET", "/admin/login/", PROXIED)
    assert status == 200
    csrf_cookie = cookies(headers)["csrftoken"]
    assert "Secure" in csrf_cookie
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "root", "password": "secret-pass-123", "next": "/admin/"}
    )
    post = {
        **PROXIED,
        "Cookie": csrf_cookie.split(";", 1)[0],
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": "https://raci.example.com",
    }
    # A page served over plain http:// may not post to the site (the Origin check sees the scheme).
    status, _, _ = raw(base, "POST", "/admin/login/", {**post, "Origin": "http://raci.example.com"}, form)
    assert status == 403
    status, headers, _ = raw(base, "POST", "/admin/login/", post, form)
    assert (status, dict(headers)["Location"]) == (302, "/admin/")
    session = cookies(headers)["sessionid"]
    assert "Secure" in session and "HttpOnly" in session
    status, _, body = raw(base, "GET", "/admin/", {**PROXIED, "Cookie": session.split(";", 1)[0]})
    assert status == 200
    assert b"Log out" in body


def gunicorn_config(tmp_path, **values) -> dict[str, str]:
    """gunicorn's own reading of raci_project/gunicorn.conf.py under ``values`` (--print-config)."""
    result = subprocess.run(  # noqa: S603 - fixed argv
        [str(GUNICORN), "--config", "raci_project/gunicorn.conf.py", "--print-config"],
        cwd=ROOT,
        env=production_env(tmp_path, **values),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)


def test_gunicorn_settings_come_from_the_environment(tmp_path):
    config = {name.strip(): value.strip() for name, value in gunicorn_config(tmp_path).items()}
    assert config["wsgi_app"] == "raci_project.wsgi:application"
    assert config["bind"] == "['127.0.0.1:8000']"
    assert config["workers"] == str(2 * os.cpu_count())
    assert (config["timeout"], config["graceful_timeout"]) == ("30", "30")
    assert config["forwarded_allow_ips"] == "['127.0.0.1', '::1']"
    assert config["control_socket_disable"] == "True"
    config = {
        name.strip(): value.strip()
        for name, value in gunicorn_config(
            tmp_path,
            BIND="10.0.0.11:8000",
            WEB_CONCURRENCY="5",
            GUNICORN_TIMEOUT="45",
            FORWARDED_ALLOW_IPS="10.0.0.2",
            ACCESS_LOG="-",
        ).items()
    }
    assert config["bind"] == "['10.0.0.11:8000']"
    assert config["workers"] == "5"
    assert config["timeout"] == "45"
    assert config["forwarded_allow_ips"] == "['10.0.0.2']"
    assert config["accesslog"] == "-"
