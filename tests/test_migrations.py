"""Data migrations keep what was published: no fingerprint, no byte of a version's JSON moves."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from responsibilities.formats.json_format import fingerprint
from responsibilities.matrices import matrix_load
from responsibilities.models import MatrixVersion
from tests.factories import ServiceFactory, make_version

BEFORE_NAMES = ("responsibilities", "0007_audit_change_summary_and_detail")
LATEST = [("responsibilities", "0008_version_service_name_and_slug_history")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_versions_published_before_names_were_stored_keep_their_fingerprints():
    version = make_version(service=ServiceFactory(name="Email Pro", slug="email-pro"))
    stored = version.fingerprint
    try:
        _migrate([BEFORE_NAMES])
        _migrate(LATEST)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    version = MatrixVersion.objects.get(pk=version.pk)
    assert version.service_name == "Email Pro"
    assert version.fingerprint == stored == fingerprint(matrix_load(version))
