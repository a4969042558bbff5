"""On PostgreSQL the database itself refuses to change a published translation (triggers of
migration 0010), whatever the client: raw SQL here. SQLite has no such triggers (the
application's guard is tested in tests/translations/test_models.py), so these tests are
PostgreSQL-only."""

# ruff: noqa: S608 - raw SQL is the point here, built from integer ids of the test's own rows

import pytest
from django.db import IntegrityError, connection, transaction

from responsibilities.services import translation_discard, translation_publish
from responsibilities.translations.models import Translation
from tests.factories import StaffFactory, make_translation, make_version

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"),
]

#: (table, a column to change, a value) for a translation and each table of its texts.
TABLES = {
    "translation": ("title", "title || ' changed'"),
    "translatedparty": ("name", "name || ' changed'"),
    "translatedsection": ("title", "title || ' changed'"),
    "translatedactivity": ("text", "text || ' changed'"),
}


def _where(table: str, translation_id: int) -> str:
    return f"id = {translation_id}" if table == "translation" else f"translation_id = {translation_id}"


def _sql(statement: str) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
        return cursor.rowcount


@pytest.fixture
def version():
    return make_version(activities=6)


@pytest.mark.parametrize("table", TABLES)
def test_raw_updates_and_deletes_of_a_published_translation_are_refused(version, table):
    translation = make_translation(version)
    column, value = TABLES[table]
    where = _where(table, translation.pk)
    with pytest.raises(IntegrityError, match="a published translation, which can never be changed"):
        _sql(f"UPDATE responsibilities_{table} SET {column} = {value} WHERE {where}")
    with pytest.raises(IntegrityError, match="a published translation"):
        _sql(f"DELETE FROM responsibilities_{table} WHERE {where}")


def test_texts_cannot_be_added_to_or_moved_into_a_published_translation(version):
    published = make_translation(version)
    draft = make_translation(version, "de", prefix="DE ", publish=False)
    statements = [
        f"UPDATE responsibilities_translatedactivity SET translation_id = {published.pk} "
        f"WHERE translation_id = {draft.pk}",
        f"UPDATE responsibilities_translation SET status = 'draft', revision = NULL WHERE id = {published.pk}",
    ]
    for statement in statements:
        with pytest.raises(IntegrityError, match="published translation"):
            _sql(statement)


def test_drafts_stay_writable_in_raw_sql_and_publishing_discarding_still_work(version):
    draft = make_translation(version, publish=False)
    for table, (column, value) in TABLES.items():
        assert _sql(f"UPDATE responsibilities_{table} SET {column} = {value} WHERE {_where(table, draft.pk)}") > 0

    translation_publish(translation=Translation.objects.get(pk=draft.pk))
    other = make_translation(version, "de", prefix="DE ", publish=False)
    translation_discard(translation=other)

    assert not Translation.objects.filter(pk=other.pk).exists()
    assert Translation.objects.get(pk=draft.pk).title.endswith(" changed")


def test_only_clearing_who_published_is_allowed_on_a_published_translation(version):
    user = StaffFactory()
    translation = translation_publish(translation=make_translation(version, publish=False), user=user)
    with pytest.raises(IntegrityError):
        _sql(f"UPDATE responsibilities_translation SET published_by_id = NULL, title = 'x' WHERE id = {translation.pk}")
    user.delete()  # on_delete=SET_NULL
    assert Translation.objects.get(pk=translation.pk).published_by_id is None
