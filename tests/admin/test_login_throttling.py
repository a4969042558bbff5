"""Login throttling (django-axes): a username is locked out from a client after repeated failures,
even with the right password; an administrator unlocks it with a command."""

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "secret-pass-123"  # the factories' password


@pytest.fixture
def staff():
    return UserFactory(username="manager", is_staff=True, is_superuser=True)


def _login(client, password, username="manager", **extra):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra)


def _fail(client, times, **extra):
    for _ in range(times):
        assert _login(client, "wrong-password", **extra).status_code == 200  # the form again, with its error


def _lock(client, limit, **extra):
    """``limit`` failures in a row: the last one is answered by the lockout page."""
    _fail(client, limit - 1, **extra)
    assert _login(client, "wrong-password", **extra).status_code == 429


def test_the_right_password_is_refused_once_locked_out_and_the_page_says_why(client, settings, staff):
    _lock(client, settings.AXES_FAILURE_LIMIT)

    response = _login(client, PASSWORD)

    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed logins" in body and "Try again in 15 minutes" in body
    assert "ask an administrator" in body
    assert client.get("/admin/").status_code == 302  # not logged in


def test_fewer_failures_than_the_limit_do_not_lock_and_a_success_forgets_them(client, settings, staff):
    _fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client, PASSWORD).status_code == 302
    client.logout()
    _fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client, PASSWORD).status_code == 302


def test_a_lockout_holds_one_username_from_one_client(settings, staff):
    UserFactory(username="colleague", is_staff=True)
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    _lock(attacker, settings.AXES_FAILURE_LIMIT)
    assert _login(attacker, PASSWORD).status_code == 429

    assert _login(Client(REMOTE_ADDR="198.51.100.7"), PASSWORD).status_code == 302  # the owner, elsewhere
    assert _login(attacker, PASSWORD, username="colleague").status_code == 302


@pytest.mark.parametrize("command", [("axes_reset_username", "manager"), ("axes_reset",)])
def test_an_administrator_unlocks_with_a_command(client, settings, staff, command):
    _lock(client, settings.AXES_FAILURE_LIMIT)
    assert _login(client, PASSWORD).status_code == 429

    call_command(*command, verbosity=0)

    assert _login(client, PASSWORD).status_code == 302


@override_settings(BEHIND_TLS_PROXY=True)
def test_behind_the_proxy_the_client_is_the_address_the_proxy_saw(settings, staff):
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        # An attacker writing a new X-Forwarded-For each time is still the address the proxy appended.
        _login(proxy, "wrong", HTTP_X_FORWARDED_FOR=f"1.2.3.{_}, 203.0.113.9")
    assert _login(proxy, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert _login(proxy, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302


def test_the_lockout_page_is_translated(client, settings, staff):
    _lock(client, settings.AXES_FAILURE_LIMIT)
    body = _login(client, PASSWORD, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Réessayez dans 15 minutes" in body and "Trop d’échecs de connexion" in body
