"""Pipelines' users and tokens for the API tests."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token

from tests.factories import ServiceFactory, StaffFactory, make_version


@pytest.fixture
def manager(db):
    user = StaffFactory(username="alice")
    user.groups.add(Group.objects.get(name="Account managers"))
    return user


@pytest.fixture
def service(manager):
    service = ServiceFactory(name="Email Pro", slug="email-pro")
    service.editors.add(manager)
    make_version(service=service, activities=6)
    return service


@pytest.fixture
def token(manager):
    return Token.objects.create(user=manager).key


def authorized(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {token}"}
