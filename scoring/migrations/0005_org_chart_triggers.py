"""The organisation chart moves, the figures follow, whatever wrote the change (a form's save(),
an import's bulk_update, a bulk delete of a manager's regions, plain SQL): triggers in the
database rather than signals, which bulk writes skip.

- A location moved to another region takes its scores with it (``AuditScore.region`` is the
  location's region, kept on the score so figures read one table).
- Any change to a location or region, or to which regions a manager has, renews the client's
  figures stamp, so no cached figure outlives it.
"""

from django.db import migrations

PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION codex_scores_follow_location() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {score} SET region_id = NEW.region_id WHERE location_id = NEW.id;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION codex_stamp_renew(client bigint) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO {stamp} (client_id, value, changed_at)
    SELECT client, gen_random_uuid(), now() WHERE client IS NOT NULL
    ON CONFLICT (client_id) DO UPDATE SET value = EXCLUDED.value, changed_at = EXCLUDED.changed_at
$$;

CREATE OR REPLACE FUNCTION codex_stamp_renew_for_client() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- A delete only renews a stamp there is (a client being deleted takes its stamp along).
    IF TG_OP = 'DELETE' THEN
        UPDATE {stamp} SET value = gen_random_uuid(), changed_at = now()
        WHERE client_id = OLD.client_id;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN PERFORM codex_stamp_renew(OLD.client_id); END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.client_id IS DISTINCT FROM OLD.client_id)
    THEN
        PERFORM codex_stamp_renew(NEW.client_id);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION codex_stamp_renew_for_reader() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE reader bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE {stamp} SET value = gen_random_uuid(), changed_at = now()
        WHERE client_id = (SELECT client_id FROM {user} WHERE id = OLD.user_id);
        RETURN NULL;
    END IF;
    PERFORM codex_stamp_renew((SELECT client_id FROM {user} WHERE id = NEW.user_id));
    RETURN NULL;
END $$;

CREATE TRIGGER codex_scores_follow_location AFTER UPDATE OF region_id ON {location}
    FOR EACH ROW WHEN (OLD.region_id IS DISTINCT FROM NEW.region_id)
    EXECUTE FUNCTION codex_scores_follow_location();
CREATE TRIGGER codex_stamp_location AFTER INSERT OR UPDATE OR DELETE ON {location}
    FOR EACH ROW EXECUTE FUNCTION codex_stamp_renew_for_client();
CREATE TRIGGER codex_stamp_region AFTER INSERT OR UPDATE OR DELETE ON {region}
    FOR EACH ROW EXECUTE FUNCTION codex_stamp_renew_for_client();
CREATE TRIGGER codex_stamp_reader_regions AFTER INSERT OR UPDATE OR DELETE ON {user_regions}
    FOR EACH ROW EXECUTE FUNCTION codex_stamp_renew_for_reader();
"""

PG_DROP = """
DROP TRIGGER IF EXISTS codex_scores_follow_location ON {location};
DROP TRIGGER IF EXISTS codex_stamp_location ON {location};
DROP TRIGGER IF EXISTS codex_stamp_region ON {region};
DROP TRIGGER IF EXISTS codex_stamp_reader_regions ON {user_regions};
DROP FUNCTION IF EXISTS codex_scores_follow_location();
DROP FUNCTION IF EXISTS codex_stamp_renew_for_client();
DROP FUNCTION IF EXISTS codex_stamp_renew_for_reader();
DROP FUNCTION IF EXISTS codex_stamp_renew(bigint);
"""

# SQLite keeps a UUIDField as 32 hex digits, and datetimes as text.
SQLITE_RENEW = """INSERT INTO {{stamp}} (client_id, value, changed_at)
    SELECT {client}, lower(hex(randomblob(16))), strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE {client} IS NOT NULL
    ON CONFLICT (client_id) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at;"""
# A delete only renews a stamp there is (a client being deleted takes its stamp along).
SQLITE_UPDATE = """UPDATE {{stamp}} SET value = lower(hex(randomblob(16))),
    changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE client_id = {client};"""
SQLITE_TRIGGERS = [
    """CREATE TRIGGER codex_scores_follow_location AFTER UPDATE OF region_id ON {location}
    WHEN OLD.region_id IS NOT NEW.region_id
    BEGIN UPDATE {score} SET region_id = NEW.region_id WHERE location_id = NEW.id; END""",
    *[
        f"""CREATE TRIGGER codex_stamp_{table}_{event.lower()} AFTER {event} ON {{{table}}}
        BEGIN {sql.format(client=row + ".client_id")} END"""
        for table in ("location", "region")
        for event, row, sql in (
            ("INSERT", "NEW", SQLITE_RENEW),
            ("UPDATE", "OLD", SQLITE_RENEW),
            ("DELETE", "OLD", SQLITE_UPDATE),
        )
    ],
    *[
        f"""CREATE TRIGGER codex_stamp_{table}_moved AFTER UPDATE ON {{{table}}}
        WHEN OLD.client_id IS NOT NEW.client_id
        BEGIN {SQLITE_RENEW.format(client="NEW.client_id")} END"""
        for table in ("location", "region")
    ],
    *[
        f"""CREATE TRIGGER codex_stamp_reader_regions_{event.lower()} AFTER {event}
        ON {{user_regions}}
        BEGIN {sql.format(client=f"(SELECT client_id FROM {{user}} WHERE id = {row}.user_id)")}
        END"""
        for event, row, sql in (("INSERT", "NEW", SQLITE_RENEW), ("DELETE", "OLD", SQLITE_UPDATE))
    ],
]
SQLITE_NAMES = [
    "codex_scores_follow_location",
    *[
        f"codex_stamp_{table}_{event}"
        for table in ("location", "region")
        for event in ("insert", "update", "delete", "moved")
    ],
    "codex_stamp_reader_regions_insert",
    "codex_stamp_reader_regions_delete",
]


def _tables(apps) -> dict[str, str]:
    user = apps.get_model("accounts", "User")
    return {
        "score": apps.get_model("scoring", "AuditScore")._meta.db_table,
        "stamp": apps.get_model("scoring", "ScoresStamp")._meta.db_table,
        "location": apps.get_model("organizations", "Location")._meta.db_table,
        "region": apps.get_model("organizations", "Region")._meta.db_table,
        "user": user._meta.db_table,
        "user_regions": user.regions.through._meta.db_table,
    }


def create(apps, schema_editor):
    tables = _tables(apps)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTIONS.format(**tables))
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement.format(**tables))
    else:
        raise NotImplementedError("codex-audit runs on PostgreSQL or SQLite")


def drop(apps, schema_editor):
    tables = _tables(apps)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP.format(**tables))
    else:
        for name in SQLITE_NAMES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0004_steps_spine"),
        ("organizations", "0003_wave_planning"),
        ("accounts", "0003_password_changed_at"),
    ]

    operations = [migrations.RunPython(create, drop)]
