"""Defence in depth: on PostgreSQL, triggers refuse to change or delete a published version's rows.

The application already refuses every ORM write to a published version (``models.FrozenModel``);
these triggers make the database refuse it too, whatever the client (raw SQL, a script, a
future bug). What they allow, as the application does:

- everything on drafts (editing, importing, discarding: a draft's rows are deleted);
- publishing (a draft's row becoming published), and new rows of drafts;
- on a published version's row, only clearing ``published_by`` (its staff account deleted).

A published version, its parties, sections, activities and assignments are otherwise never
updated, deleted, added to or moved out of. A service with published versions cannot be deleted
(the application protects it too). TRUNCATE and DDL are the table owner's tools and not guarded;
a migration that must rewrite published rows disables the triggers for its duration
(``ALTER TABLE … DISABLE TRIGGER raci_published_guard``).

SQLite keeps the application's guard only: this migration does nothing there.
"""

from django.db import migrations

ROWS = ("party", "section", "activity")

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION raci_version_is_published(version bigint) RETURNS boolean
    LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
            SELECT 1 FROM responsibilities_matrixversion WHERE id = version AND status = 'published'
        )
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION raci_refuse(what text) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% a published version, which can never be changed', what
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Start a new draft to make a correction.';
    END $$
    """,
    # The version row itself: published stays as it is, but for clearing who published it.
    """
    CREATE OR REPLACE FUNCTION raci_guard_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF NEW.status = 'published' THEN
                PERFORM raci_refuse('A version cannot be created as');
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
        PERFORM raci_refuse('Matrix version ' || OLD.id || ' is');
        RETURN NULL;
    END $$
    """,
    # Parties, sections, activities: their version_id says which version they belong to.
    """
    CREATE OR REPLACE FUNCTION raci_guard_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND raci_version_is_published(OLD.version_id) THEN
            PERFORM raci_refuse(TG_TABLE_NAME || ' ' || OLD.id || ' belongs to');
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND raci_version_is_published(NEW.version_id) THEN
            PERFORM raci_refuse('A ' || TG_TABLE_NAME || ' cannot be added to');
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$
    """,
    # Assignments belong to a version through their activity.
    """
    CREATE OR REPLACE FUNCTION raci_guard_assignments() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND raci_version_is_published(
            (SELECT version_id FROM responsibilities_activity WHERE id = OLD.activity_id)
        ) THEN
            PERFORM raci_refuse('Assignment ' || OLD.id || ' belongs to');
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND raci_version_is_published(
            (SELECT version_id FROM responsibilities_activity WHERE id = NEW.activity_id)
        ) THEN
            PERFORM raci_refuse('An assignment cannot be added to');
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$
    """,
    """
    CREATE TRIGGER raci_published_guard BEFORE INSERT OR UPDATE OR DELETE ON responsibilities_matrixversion
    FOR EACH ROW EXECUTE FUNCTION raci_guard_version()
    """,
    *(
        f"""
        CREATE TRIGGER raci_published_guard BEFORE INSERT OR UPDATE OR DELETE ON responsibilities_{table}
        FOR EACH ROW EXECUTE FUNCTION raci_guard_rows()
        """
        for table in ROWS
    ),
    """
    CREATE TRIGGER raci_published_guard BEFORE INSERT OR UPDATE OR DELETE ON responsibilities_assignment
    FOR EACH ROW EXECUTE FUNCTION raci_guard_assignments()
    """,
]

BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS raci_published_guard ON responsibilities_{table}"
        for table in ("matrixversion", *ROWS, "assignment")
    ),
    "DROP FUNCTION IF EXISTS raci_guard_assignments()",
    "DROP FUNCTION IF EXISTS raci_guard_rows()",
    "DROP FUNCTION IF EXISTS raci_guard_version()",
    "DROP FUNCTION IF EXISTS raci_refuse(text)",
    "DROP FUNCTION IF EXISTS raci_version_is_published(bigint)",
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
    dependencies = [("responsibilities", "0008_version_service_name_and_slug_history")]

    operations = [migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD), elidable=False)]
