"""Account managers and services for the admin tests."""

import pytest
from django.contrib.auth.models import Group

from responsibilities.services import draft_start
from tests.factories import ServiceFactory, StaffFactory, make_version


@pytest.fixture
def managers_group(db):
    return Group.objects.get(name="Account managers")


@pytest.fixture
def manager(managers_group):
    user = StaffFactory(username="alice")
    user.groups.add(managers_group)
    return user


@pytest.fixture
def other_manager(managers_group):
    user = StaffFactory(username="bob")
    user.groups.add(managers_group)
    return user


@pytest.fixture
def service(manager):
    service = ServiceFactory(name="Email Pro", slug="email-pro")
    service.editors.add(manager)
    make_version(service=service, activities=6)
    return service


@pytest.fixture
def draft(service, manager):
    return draft_start(service=service, user=manager)


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client
