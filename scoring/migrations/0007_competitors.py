"""A competitor's store's visits are kept apart from the client's figures: each score says
whether its location is a competitor's, and a trigger keeps it so when the agency marks or
unmarks a location (as ``0005_org_chart_triggers`` keeps a score's region), whatever wrote the
change. The change to the location already renews the client's figures stamp."""

from django.db import migrations, models

PG_CREATE = """
CREATE OR REPLACE FUNCTION codex_scores_follow_competitor() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {score} SET competitor = NEW.competitor WHERE location_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER codex_scores_follow_competitor AFTER UPDATE OF competitor ON {location}
    FOR EACH ROW WHEN (OLD.competitor IS DISTINCT FROM NEW.competitor)
    EXECUTE FUNCTION codex_scores_follow_competitor();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS codex_scores_follow_competitor ON {location};
DROP FUNCTION IF EXISTS codex_scores_follow_competitor();
"""
SQLITE_CREATE = """CREATE TRIGGER codex_scores_follow_competitor
    AFTER UPDATE OF competitor ON {location} WHEN OLD.competitor IS NOT NEW.competitor
    BEGIN UPDATE {score} SET competitor = NEW.competitor WHERE location_id = NEW.id; END"""


# SQLite adds a column by remaking the table, which a trigger naming the table (0005's, on the
# location) refuses: it is dropped for the remake and made again as it was.
SQLITE_FOLLOW_LOCATION = """CREATE TRIGGER codex_scores_follow_location
    AFTER UPDATE OF region_id ON {location} WHEN OLD.region_id IS NOT NEW.region_id
    BEGIN UPDATE {score} SET region_id = NEW.region_id WHERE location_id = NEW.id; END"""


def _sqlite_unfollow(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS codex_scores_follow_location")


def _sqlite_follow(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_FOLLOW_LOCATION.format(**_tables(apps)))


def _tables(apps) -> dict[str, str]:
    return {
        "score": apps.get_model("scoring", "AuditScore")._meta.db_table,
        "location": apps.get_model("organizations", "Location")._meta.db_table,
    }


def create(apps, schema_editor):
    tables = _tables(apps)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_CREATE.format(**tables))
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE.format(**tables))
    else:
        raise NotImplementedError("codex-audit runs on PostgreSQL or SQLite")


def drop(apps, schema_editor):
    tables = _tables(apps)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP.format(**tables))
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS codex_scores_follow_competitor")


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0006_phase_expectation"),
        ("organizations", "0005_competitors"),
    ]

    operations = [
        migrations.RunPython(_sqlite_unfollow, _sqlite_follow),
        migrations.AddField(
            model_name="auditscore",
            name="competitor",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="The visit was to a competitor's store (the location's, kept here by a "
                "trigger): it counts only in the gap to the competitors.",
            ),
        ),
        migrations.RunPython(_sqlite_follow, _sqlite_unfollow),
        migrations.RunPython(create, drop),
    ]
