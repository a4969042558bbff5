"""Migration 0006: existing versions and services get their language from their customer column."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("responsibilities", "0005_section_note")]
AFTER = [("responsibilities", "0006_languages_and_translations")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_versions_and_services_get_their_source_language():
    apps = migrate(BEFORE)
    Service = apps.get_model("responsibilities", "Service")
    MatrixVersion = apps.get_model("responsibilities", "MatrixVersion")
    Party = apps.get_model("responsibilities", "Party")
    made = {}
    for slug, customer in (("english", "Customer"), ("french", "Client"), ("other", "Alpha")):
        service = Service.objects.create(name=slug, slug=slug)
        version = MatrixVersion.objects.create(
            service=service, title=slug, status="published", number=1, last_updated="2024-01-01", fingerprint="f" * 64
        )
        Party.objects.create(version=version, name="OVHcloud", slug="ovhcloud", order=0)
        Party.objects.create(version=version, name=customer, slug=customer.lower(), order=1)
        Service.objects.filter(pk=service.pk).update(current_version=version)
        made[slug] = version.pk
    Service.objects.create(name="empty", slug="empty")

    apps = migrate(AFTER)

    Service = apps.get_model("responsibilities", "Service")
    MatrixVersion = apps.get_model("responsibilities", "MatrixVersion")
    assert dict(Service.objects.values_list("slug", "source_language")) == {
        "english": "en",
        "french": "fr",
        "other": "en",
        "empty": "en",
    }
    assert MatrixVersion.objects.get(pk=made["french"]).language == "fr"
    assert MatrixVersion.objects.get(pk=made["french"]).fingerprint == "f" * 64
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())  # back to the latest schema for the tests after this one
