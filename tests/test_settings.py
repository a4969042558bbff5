"""Settings read from the environment (the README's variables), each case imported in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.redis_server import TEST_REDIS_URL, needs_redis

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "SECRET_KEY": "prod-4b1f0c9e7d2a6358e1f0b9c8d7a6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8",
    "ALLOWED_HOSTS": "raci.example.com",
    "DATABASE_URL": "postgres://raci:secret@db.internal:5432/raci",
}
NAMES = [
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "ALLOWED_HOSTS",
    "DATABASES",
    "CACHES",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "SECURE_CSP",
    "SILENCED_SYSTEM_CHECKS",
    "STORAGES",
    "STATIC_ROOT",
]
PROBE = f"""
import json, django
from django.conf import settings
django.setup()
print(json.dumps({{name: getattr(settings, name, None) for name in {NAMES!r}}}, default=str))
"""


def clean_env(**values):
    """The process environment without any setting of ours, plus ``values``."""
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG", "TMPDIR"}}
    env.update(DJANGO_SETTINGS_MODULE="raci_project.settings", PYTHONPATH=str(ROOT))
    env.update(values)
    return env


def run(args, **values):
    # Fixed argv: this interpreter with our probe or manage.py.
    return subprocess.run(  # noqa: S603
        args, cwd=ROOT, env=clean_env(**values), capture_output=True, text=True, timeout=60
    )


def load(**values) -> dict:
    result = run([sys.executable, "-c", PROBE], **values)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def failure(**values) -> str:
    result = run([sys.executable, "-c", PROBE], **values)
    assert result.returncode != 0
    return result.stderr


def test_production_without_secret_key_refuses_to_start_with_a_clear_message():
    stderr = failure(ALLOWED_HOSTS="raci.example.com")
    assert "ImproperlyConfigured: Set SECRET_KEY" in stderr


def test_production_without_allowed_hosts_refuses_to_start_with_a_clear_message():
    stderr = failure(SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert "ImproperlyConfigured: Set ALLOWED_HOSTS" in stderr


def test_debug_runs_a_local_demo_without_secrets_and_without_https():
    settings = load(DEBUG="1")
    assert settings["DEBUG"] is True
    assert settings["SECRET_KEY"].startswith("django-insecure-")
    assert settings["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_production_values_turn_every_protection_on():
    settings = load(**PRODUCTION)
    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["raci.example.com"]
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_PROXY_SSL_HEADER"] is None  # no proxy declared: the header is not trusted
    assert settings["SECURE_HSTS_SECONDS"] == 31536000
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SECURE_HSTS_PRELOAD"] is True
    assert settings["SILENCED_SYSTEM_CHECKS"] == []
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["LANGUAGE_COOKIE_SECURE"] is True
    assert settings["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert settings["SECURE_REFERRER_POLICY"] == "same-origin"
    assert settings["X_FRAME_OPTIONS"] == "DENY"
    assert settings["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_content_security_policy_allows_no_inline_script_and_no_foreign_origin():
    csp = load(**PRODUCTION)["SECURE_CSP"]
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    everything = [value for values in csp.values() for value in values]
    assert not [value for value in everything if "unsafe" in value or value in ("*", "data:", "https:")]


def test_hsts_is_configurable():
    settings = load(
        **PRODUCTION, SECURE_HSTS_SECONDS="3600", SECURE_HSTS_INCLUDE_SUBDOMAINS="0", SECURE_HSTS_PRELOAD="0"
    )
    assert settings["SECURE_HSTS_SECONDS"] == 3600
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert settings["SECURE_HSTS_PRELOAD"] is False
    # Staying off the preload list is the owner's explicit choice, not a deploy-check failure.
    assert settings["SILENCED_SYSTEM_CHECKS"] == ["security.W021"]


def test_behind_a_tls_proxy_the_forwarded_proto_header_is_trusted():
    settings = load(**PRODUCTION, SECURE_SSL_REDIRECT="0")
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert settings["SESSION_COOKIE_SECURE"] is True
    # A proxy that forwards plain HTTP and lets Django redirect, declared explicitly.
    settings = load(**PRODUCTION, BEHIND_TLS_PROXY="1")
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # Not behind a proxy: a client must not be able to claim https with a header.
    assert load(**PRODUCTION, SECURE_SSL_REDIRECT="0", BEHIND_TLS_PROXY="0")["SECURE_PROXY_SSL_HEADER"] is None


def test_secret_key_fallbacks_allow_rotating_the_key():
    settings = load(**PRODUCTION, SECRET_KEY_FALLBACKS="old-key-1,old-key-2")
    assert settings["SECRET_KEY_FALLBACKS"] == ["old-key-1", "old-key-2"]


def test_redis_url_selects_djangos_own_redis_cache_with_short_timeouts():
    cache = load(**PRODUCTION, REDIS_URL="redis://cache.internal:6379/2")["CACHES"]["default"]
    assert cache["BACKEND"] == "responsibilities.caching.redis_backend.ResilientRedisCache"  # a RedisCache
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    assert cache["KEY_PREFIX"] == "raci"
    assert cache["OPTIONS"] == {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


@needs_redis
def test_the_redis_cache_stores_and_shares_values_between_processes():
    # The tests' own database (tests/redis_server.py). One process writes, another reads.
    values = {**PRODUCTION, "REDIS_URL": TEST_REDIS_URL, "CACHE_KEY_PREFIX": f"test-{os.getpid()}"}
    write = "import django; django.setup()\nfrom django.core.cache import cache\ncache.set('page', b'v2', 30)"
    read = "import django; django.setup()\nfrom django.core.cache import cache\nprint(cache.get('page'))"
    assert run([sys.executable, "-c", write], **values).returncode == 0
    result = run([sys.executable, "-c", read], **values)
    assert result.stdout.strip() == "b'v2'", result.stderr


def test_cache_url_takes_precedence_over_redis_url():
    cache = load(**PRODUCTION, CACHE_URL="rediss://shared:6380/0", REDIS_URL="redis://ignored:6379/0")
    assert cache["CACHES"]["default"]["LOCATION"] == "rediss://shared:6380/0"
    assert cache["CACHES"]["default"]["BACKEND"] == "responsibilities.caching.redis_backend.ResilientRedisCache"


def test_without_a_cache_url_each_process_uses_local_memory():
    cache = load(**PRODUCTION)["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_postgres_database_url_keeps_connections_with_health_checks():
    database = load(**PRODUCTION)["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["HOST"], database["PORT"]) == ("raci", "db.internal", 5432)
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert load(**PRODUCTION, CONN_MAX_AGE="0")["DATABASES"]["default"]["CONN_MAX_AGE"] == 0


def test_a_sqlite_file_keeps_its_connection_too():
    # Reopening SQLite per request re-reads the schema: more than a cached page costs.
    on_file = load(**{**PRODUCTION, "DATABASE_URL": "sqlite:////srv/raci/db.sqlite3"})["DATABASES"]["default"]
    assert on_file["CONN_MAX_AGE"] == 60
    in_memory = load(**{**PRODUCTION, "DATABASE_URL": "sqlite://:memory:"})["DATABASES"]["default"]
    assert in_memory.get("CONN_MAX_AGE", 0) == 0


def test_static_root_comes_from_the_environment():
    assert load(**PRODUCTION, STATIC_ROOT="/srv/raci/static")["STATIC_ROOT"] == "/srv/raci/static"


@pytest.mark.parametrize(
    "extra",
    [
        {"DATABASE_URL": "sqlite:///{tmp}/deploy.sqlite3"},
        {"DATABASE_URL": "sqlite:///{tmp}/deploy.sqlite3", "SECURE_SSL_REDIRECT": "0"},
        {"DATABASE_URL": "sqlite:///{tmp}/deploy.sqlite3", "SECURE_HSTS_PRELOAD": "0"},
        # The README's example environment: PostgreSQL, Redis, behind nginx.
        {"REDIS_URL": "redis://cache.internal:6379/0", "SECURE_SSL_REDIRECT": "0", "BIND": "10.0.0.11:8000"},
    ],
    ids=["direct-tls", "behind-tls-proxy", "no-preload", "readme-example"],
)
def test_deploy_check_is_clean_with_production_values(extra, tmp_path):
    values = {**PRODUCTION, **{name: value.format(tmp=tmp_path) for name, value in extra.items()}}
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], **values)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_when_a_protection_is_switched_off(tmp_path):
    values = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}", "SECURE_HSTS_SECONDS": "0"}
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], **values)
    assert result.returncode != 0
    assert "security.W004" in result.stderr
