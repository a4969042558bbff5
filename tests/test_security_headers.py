"""Security headers on real responses: the public pages and Django's admin under our CSP."""

import re

import pytest
from django.contrib import admin
from django.test import Client, override_settings

from responsibilities.models import Service
from tests.factories import UserFactory, make_version

pytestmark = pytest.mark.django_db

NONCE = re.compile(r"'nonce-([^']+)'")


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def test_public_pages_send_the_strict_policy_and_the_hardening_headers(client):
    version = make_version()
    for url in ["/", f"/services/{version.service.slug}/", f"/services/{version.service.slug}/versions/1/"]:
        response = client.get(url)
        assert response.status_code == 200
        policy = directives(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]  # no nonce: the page can be cached and shared
        assert policy["frame-ancestors"] == ["'none'"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "nonce=" not in response.content.decode()


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_inline_style_is_allowed_by_its_nonce_only(superuser_client, monkeypatch):
    # A change list without an action bar carries Django's one inline <style> element.
    model_admin = admin.site.get_model_admin(Service)
    monkeypatch.setattr(model_admin, "actions_on_top", False)
    monkeypatch.setattr(model_admin, "actions_on_bottom", False)
    response = superuser_client.get("/admin/responsibilities/service/")
    assert response.status_code == 200
    body = response.content.decode()
    inline = re.search(r'<style nonce="([^"]+)">', body)
    assert inline, "the admin change list is expected to carry a nonced inline style"
    policy = directives(response)
    assert [NONCE.match(value).group(1) for value in policy["style-src"] if NONCE.match(value)] == [inline.group(1)]
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_each_admin_response_gets_a_fresh_nonce(superuser_client):
    first = directives(superuser_client.get("/admin/responsibilities/service/"))["style-src"]
    second = directives(superuser_client.get("/admin/responsibilities/service/"))["style-src"]
    assert first != second


def test_plain_http_is_redirected_to_https_except_the_health_check():
    with override_settings(SECURE_SSL_REDIRECT=True):
        client = Client()  # a new handler reads the setting
        redirect = client.get("/", headers={"host": "testserver"})
        assert redirect.status_code == 301
        assert redirect.headers["Location"] == "https://testserver/"
        health = client.get("/healthz")
        assert (health.status_code, health.content) == (200, b"ok")
        assert client.get("/", secure=True).status_code == 200
