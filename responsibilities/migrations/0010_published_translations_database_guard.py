"""Defence in depth for translations: on PostgreSQL, triggers refuse to change a published translation.

The same guard as the versions' (migration 0009), for a published translation and its texts:
the application refuses every ORM write to them (``translations.models``); these triggers make
the database refuse it too, whatever the client. Allowed, as the application does: everything
on draft translations (editing, importing, discarding), publishing a draft, and clearing
``published_by`` on a published one (its staff account deleted). A correction is a new revision.

SQLite keeps the application's guard only: this migration does nothing there.
"""

from django.db import migrations

TEXTS = ("translatedparty", "translatedsection", "translatedactivity")

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION raci_translation_is_published(translation bigint) RETURNS boolean
    LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
            SELECT 1 FROM responsibilities_translation WHERE id = translation AND status = 'published'
        )
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION raci_refuse_translation(what text) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% a published translation, which can never be changed', what
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Start the next revision of the translation to make a correction.';
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION raci_guard_translation() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF NEW.status = 'published' THEN
                PERFORM raci_refuse_translation('A translation cannot be created as');
            END IF;
            RETURN NEW;
        END IF;
        IF OLD.status <> 'published' THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.published_by_id IS NULL
           AND to_jsonb(NEW) - 'published_by_id' = to_jsonb(OLD) - 'published_by_id' THEN
            RETURN NEW;
        END IF;
        PERFORM raci_refuse_translation('Translation ' || OLD.id || ' is');
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION raci_guard_translated_texts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND raci_translation_is_published(OLD.translation_id) THEN
            PERFORM raci_refuse_translation(TG_TABLE_NAME || ' ' || OLD.id || ' belongs to');
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND raci_translation_is_published(NEW.translation_id) THEN
            PERFORM raci_refuse_translation('A ' || TG_TABLE_NAME || ' cannot be added to');
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$
    """,
    """
    CREATE TRIGGER raci_published_guard BEFORE INSERT OR UPDATE OR DELETE ON responsibilities_translation
    FOR EACH ROW EXECUTE FUNCTION raci_guard_translation()
    """,
    *(
        f"""
        CREATE TRIGGER raci_published_guard BEFORE INSERT OR UPDATE OR DELETE ON responsibilities_{table}
        FOR EACH ROW EXECUTE FUNCTION raci_guard_translated_texts()
        """
        for table in TEXTS
    ),
]

BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS raci_published_guard ON responsibilities_{table}"
        for table in ("translation", *TEXTS)
    ),
    "DROP FUNCTION IF EXISTS raci_guard_translated_texts()",
    "DROP FUNCTION IF EXISTS raci_guard_translation()",
    "DROP FUNCTION IF EXISTS raci_refuse_translation(text)",
    "DROP FUNCTION IF EXISTS raci_translation_is_published(bigint)",
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite: the application's guard only
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)  # no parameters: the % of RAISE stay as they are

    return run


class Migration(migrations.Migration):
    dependencies = [("responsibilities", "0009_published_rows_database_guard")]

    operations = [migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD), elidable=False)]
