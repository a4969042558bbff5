"""API tokens: ``manage.py api_token USERNAME`` and the admin, where each staff user manages their own."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from tests.api.conftest import authorized
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKENS = "/admin/authtoken/tokenproxy/"


def _api_token(*args) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_api_token_prints_a_working_token_as_its_last_word(client, service, manager):
    output = _api_token("alice")
    key = output.split()[-1]
    assert Token.objects.get(user=manager).key == key
    response = client.post(
        "/api/v1/services/email-pro/draft/publish", {}, content_type="application/json", **authorized(key)
    )
    assert response.status_code == 409  # authenticated and allowed: only the draft is missing
    # Asked again, the same token; --reset replaces it.
    assert _api_token("alice").split()[-1] == key
    new = _api_token("alice", "--reset").split()[-1]
    assert new != key
    assert client.post("/api/v1/services/email-pro/draft/publish", **authorized(key)).status_code == 401


def test_api_token_is_for_staff_users_only():
    UserFactory(username="reader")
    with pytest.raises(CommandError, match="not an active staff user"):
        _api_token("reader")
    with pytest.raises(CommandError, match="No user named “ghost”"):
        _api_token("ghost")
    assert not Token.objects.exists()


def test_a_staff_user_makes_and_sees_only_their_own_token(client, manager):
    other = StaffFactory(username="bob")
    theirs = Token.objects.create(user=other)
    client.force_login(manager)
    assert client.get(TOKENS).status_code == 200
    response = client.post(TOKENS + "add/", {"user": other.pk})  # asks for someone else's: gets their own
    assert response.status_code == 302
    mine = Token.objects.get(user=manager)
    listing = client.get(TOKENS).content.decode()
    assert "alice" in listing and "bob" not in listing and theirs.key not in listing
    assert client.get(f"{TOKENS}{other.pk}/change/").status_code in (302, 404)
    assert client.get(f"{TOKENS}{manager.pk}/change/").content.decode().count(mine.key) >= 1
    # One token each: no second one while the first exists.
    assert client.get(TOKENS + "add/").status_code == 403
    assert client.post(f"{TOKENS}{other.pk}/delete/", {"post": "yes"}).status_code in (302, 403, 404)
    assert Token.objects.filter(pk=theirs.pk).exists()


def test_a_superuser_makes_a_token_for_a_staff_user(client, manager):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    assert client.post(TOKENS + "add/", {"user": manager.pk}).status_code == 302
    assert Token.objects.filter(user=manager).exists()


def test_people_without_staff_status_have_no_token_admin(client):
    client.force_login(UserFactory(username="reader"))
    assert client.get(TOKENS).status_code == 302  # to the admin login
