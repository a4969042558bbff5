"""Account managers for the admin's browser tests: staff users in the data migration's group,
logged in through the admin's own login page."""

from importlib import import_module

from django.contrib.auth.models import Group

from tests.factories import StaffFactory

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory


def account_managers() -> Group:
    """The group of the data migration (a transactional test's flush may have emptied the table)."""
    from django.apps import apps

    migration = import_module("responsibilities.migrations.0003_account_managers_group")
    migration.create_group(apps, None)
    return Group.objects.get(name=migration.GROUP)


def account_manager(username: str):
    """A staff user in the account managers' group."""
    user = StaffFactory(username=username)
    user.groups.add(account_managers())
    return user


def log_in(page, live_server, username: str, next_url: str) -> None:
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
