"""On PostgreSQL the database itself refuses to change a published version's rows (triggers of
migration 0009), whatever the client: raw SQL here, never the ORM's own guard. SQLite has no
such triggers (the application's guard is tested in test_immutability), so these tests are
PostgreSQL-only."""

# ruff: noqa: S608 - raw SQL is the point here, built from integer ids of the test's own rows

import pytest
from django.db import IntegrityError, connection, transaction

from responsibilities.models import Activity, Assignment, MatrixVersion, Party, Section, Service
from responsibilities.services import draft_discard, draft_start, version_publish
from tests.factories import StaffFactory, make_version

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"),
]

#: (table, a column to change, a value) for each table of a version's rows.
TABLES = {
    "matrixversion": ("title", "title || ' changed'"),
    "party": ("name", "name || ' changed'"),
    "section": ("title", "title || ' changed'"),
    "activity": ("text", "text || ' changed'"),
    "assignment": ("letters", "'C'"),
}


def _where(table: str, version_id: int) -> str:
    if table == "matrixversion":
        return f"id = {version_id}"
    if table == "assignment":
        return f"activity_id IN (SELECT id FROM responsibilities_activity WHERE version_id = {version_id})"
    return f"version_id = {version_id}"


def _sql(statement: str) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
        return cursor.rowcount


@pytest.fixture
def published():
    return make_version(activities=6)


@pytest.mark.parametrize("table", TABLES)
def test_raw_updates_and_deletes_of_a_published_versions_rows_are_refused(published, table):
    column, value = TABLES[table]
    where = _where(table, published.pk)
    with pytest.raises(IntegrityError, match="a published version, which can never be changed"):
        _sql(f"UPDATE responsibilities_{table} SET {column} = {value} WHERE {where}")
    with pytest.raises(IntegrityError, match="a published version"):
        _sql(f"DELETE FROM responsibilities_{table} WHERE {where}")


def test_rows_cannot_be_added_to_or_moved_into_a_published_version(published):
    draft = draft_start(service=published.service)
    section = published.sections.first()
    activity = published.activities.first()
    statements = [
        f"INSERT INTO responsibilities_party (version_id, name, slug, \"order\") VALUES ({published.pk}, 'X', 'x', 9)",
        "INSERT INTO responsibilities_assignment (activity_id, party_id, letters) "
        f"VALUES ({activity.pk}, {draft.parties.first().pk}, 'C')",
        f"UPDATE responsibilities_activity SET version_id = {published.pk}, section_id = {section.pk} "
        f"WHERE version_id = {draft.pk}",
        "INSERT INTO responsibilities_matrixversion (service_id, status, number, title, introduction, last_updated,"
        " change_summary, ar_override, ar_override_rows, fingerprint, diff_summary, source, service_name,"
        f" created_at, updated_at) VALUES ({published.service_id}, 'published', 99, 't', '', '2024-01-01', '',"
        " false, '[]', '', '{}', '', 'x', now(), now())",
        f"UPDATE responsibilities_matrixversion SET status = 'draft', number = NULL WHERE id = {published.pk}",
    ]
    for statement in statements:
        with pytest.raises(IntegrityError, match="published version"):
            _sql(statement)


def test_drafts_stay_writable_in_raw_sql_and_publishing_discarding_still_work(published):
    draft = draft_start(service=published.service)
    for table, (column, value) in TABLES.items():
        assert _sql(f"UPDATE responsibilities_{table} SET {column} = {value} WHERE {_where(table, draft.pk)}") > 0
    assert _sql(f"DELETE FROM responsibilities_assignment WHERE {_where('assignment', draft.pk)}") > 0

    version_publish(draft=MatrixVersion.objects.get(pk=draft.pk), summary="Second", override=True)
    third = draft_start(service=published.service)
    draft_discard(draft=third)

    assert not MatrixVersion.objects.filter(pk=third.pk).exists()
    assert MatrixVersion.objects.published().filter(service=published.service).count() == 2


def test_only_clearing_who_published_is_allowed_on_a_published_version(published):
    user = StaffFactory()
    second = version_publish(draft=draft_start(service=published.service), user=user, summary="Second")
    with pytest.raises(IntegrityError):
        _sql(f"UPDATE responsibilities_matrixversion SET published_by_id = NULL, title = 'x' WHERE id = {second.pk}")
    user.delete()  # on_delete=SET_NULL
    assert MatrixVersion.objects.get(pk=second.pk).published_by_id is None


def test_a_service_with_published_versions_cannot_be_deleted_even_in_raw_sql(published):
    with pytest.raises(IntegrityError):
        _sql(f"DELETE FROM responsibilities_matrixversion WHERE service_id = {published.service_id}")
    assert Service.objects.filter(pk=published.service_id).exists()
    counts = [model.objects.count() for model in (Party, Section, Activity, Assignment)]
    assert all(counts)
