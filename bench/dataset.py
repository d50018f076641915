"""Data the scale benchmarks share, built in set-based SQL on PostgreSQL: a client with regions
and locations, a published checklist of yes/no items, and approved audits with their answers and
stored scores (audit, phase and norm rows)."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

PHASES = 7
NORMS = 12
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
# Versions are published after the data they hold is built.
PUBLISHED_AT = datetime(2026, 10, 1, tzinfo=UTC)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_base(name: str, *, locations: int, regions: int, items: int):
    """Client, regions, locations, a codex and a checklist of yes/no items (published when
    PUBLISHED_AT), and a client admin with a token."""
    from knox.models import AuthToken

    from accounts.constants import Role
    from accounts.models import User
    from checklists.models import Checklist, ChecklistVersion, Item
    from codex.constants import VersionStatus
    from codex.models import CodexVersion, Phase, Situation
    from organizations.models import Client, Location, Region

    client = Client.objects.create(name=f"Scale {name}", slug=f"scale-{name}")
    region_rows = Region.objects.bulk_create(
        Region(client=client, name=f"Region {i}") for i in range(regions)
    )
    Location.objects.bulk_create(
        Location(client=client, region=region_rows[i % regions], name=f"Location {i}")
        for i in range(locations)
    )
    codex = CodexVersion.objects.create(client=client, number=1)
    phases = Phase.objects.bulk_create(
        Phase(codex_version=codex, key=f"phase{i}", position=i, name=f"Phase {i}")
        for i in range(PHASES)
    )
    situation = Situation.objects.create(codex_version=codex, key="product_inquiry", name="S")
    checklist = Checklist.objects.create(
        client=client,
        key="scale",
        name="Scale",
        situation_key="product_inquiry",
        channel="in_person",
    )
    version = ChecklistVersion.objects.create(
        checklist=checklist, number=1, codex_version=codex, situation=situation
    )
    Item.objects.bulk_create(
        Item(
            checklist_version=version,
            phase=phases[i % PHASES],
            key=f"item{i}",
            position=i,
            type="yes_no",
            text=f"Q{i}",
        )
        for i in range(items)
    )
    # Filled while drafts, then published as they are (the data is the benchmark's own).
    CodexVersion.objects.filter(pk=codex.pk).update(
        status=VersionStatus.PUBLISHED, published_at=PUBLISHED_AT
    )
    ChecklistVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.PUBLISHED, published_at=PUBLISHED_AT, content_hash="x" * 64
    )
    auditor = User.objects.create_user(f"scale-auditor-{name}", role=Role.AUDITOR)
    admin = User.objects.create_user(f"scale-admin-{name}", role=Role.CLIENT_ADMIN, client=client)
    _, token = AuthToken.objects.create(user=admin)
    return client, region_rows, version, auditor, token


def add_audits(
    client,
    version,
    auditor,
    first: int,
    count: int,
    *,
    locations: int,
    start: datetime = YEAR_START,
    days: int = 365,
) -> None:
    """Audits first..first+count, spread over the client's first `locations` locations and over
    `days` days from `start`, with answers and stored scores. Ids are given explicitly (after
    the current maximum), and the sequences moved on afterwards."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM audits_assignment")
        assignment_base = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM audits_audit")
        audit_base = cursor.fetchone()[0]
        cursor.execute(
            "SELECT min(id) FROM organizations_location WHERE client_id = %s", [client.pk]
        )
        first_location = cursor.fetchone()[0]
        params = {
            "client": client.pk,
            "version": version.pk,
            "auditor": auditor.pk,
            "first": first,
            "last": first + count - 1,
            "locations": locations,
            "start": start,
            "days": days,
            "first_location": first_location,
            "assignment_base": assignment_base,
            "audit_base": audit_base,
            "phases": PHASES,
            "norms": NORMS,
        }
        cursor.execute(
            """
            CREATE TEMP TABLE bench_rows ON COMMIT DROP AS
            SELECT g AS n,
                   %(assignment_base)s + 1 + g - %(first)s AS assignment_id,
                   %(audit_base)s + 1 + g - %(first)s AS audit_id,
                   md5(%(client)s || '-' || g)::uuid AS submission_id,
                   %(first_location)s + (g %% %(locations)s) AS location_id,
                   %(start)s::timestamptz + interval '9 hours'
                       + ((g * 7919) %% %(days)s) * interval '1 day' AS visited_at
            FROM generate_series(%(first)s, %(last)s) AS g
            """,
            params,
        )
        statements = [
            """
            INSERT INTO audits_assignment (id, client_id, location_id, checklist_version_id,
                auditor_id, window_start, window_end, status, decline_reason, created_at,
                updated_at)
            SELECT assignment_id, %(client)s, location_id, %(version)s, %(auditor)s,
                   visited_at - interval '1 day', visited_at + interval '1 day', 'accepted', '',
                   now(), now()
            FROM bench_rows
            """,
            """
            INSERT INTO audits_audit (id, assignment_id, status, submitted_at, approved_at,
                created_at, updated_at)
            SELECT audit_id, assignment_id, 'approved', visited_at, visited_at, now(), now()
            FROM bench_rows
            """,
            """
            INSERT INTO audits_submission (id, key, auditor_id, audit_id, revision, payload_hash,
                started_at, ended_at, device_time, received_at, comment, required_photos)
            SELECT submission_id, submission_id, %(auditor)s, audit_id, 1, '', visited_at,
                   visited_at + interval '20 min', visited_at, visited_at, '', '{}'::jsonb
            FROM bench_rows
            """,
            """
            UPDATE audits_audit au SET current_submission_id = r.submission_id
            FROM bench_rows r WHERE au.id = r.audit_id
            """,
            """
            INSERT INTO audits_answer (submission_id, item_id, value, is_na, never, comment)
            SELECT r.submission_id, i.id, to_jsonb(random() < 0.8), false, false, ''
            FROM bench_rows r CROSS JOIN checklists_item i
            WHERE i.checklist_version_id = %(version)s
            """,
            # Each location has its own level of service; each audit varies around it.
            """
            INSERT INTO scoring_auditscore (audit_id, client_id, region_id, location_id,
                situation, channel, persona, visited_at, visited_on, total, raw_total, failed,
                loyalty, rules_version, computed_at)
            SELECT r.audit_id, %(client)s, l.region_id, r.location_id, 'product_inquiry',
                   'in_person',
                   CASE WHEN (r.n / %(locations)s) %% 2 = 0 THEN 'novice' ELSE 'expert' END,
                   r.visited_at, (r.visited_at AT TIME ZONE l.time_zone)::date,
                   t.total, t.total, t.total < 0.35,
                   (ARRAY['consumer','trier','customer','loyalist','advocate'])[1 + r.n %% 5],
                   1, now()
            FROM bench_rows r
            JOIN organizations_location l ON l.id = r.location_id
            CROSS JOIN LATERAL (
                SELECT least(1.0, greatest(0.0,
                    0.45 + 0.4 * ((r.location_id * 2654435761) %% 1000) / 1000.0
                    + (random() - 0.5) * 0.3)) AS total
            ) t
            """,
            """
            INSERT INTO scoring_phasescore (audit_score_id, phase, position, score)
            SELECT s.audit_id, 'phase' || p, p,
                   least(1.0, greatest(0.0, s.total + (random() - 0.5) * 0.2))
            FROM bench_rows r JOIN scoring_auditscore s ON s.audit_id = r.audit_id
            CROSS JOIN generate_series(0, %(phases)s - 1) AS p
            """,
            """
            INSERT INTO scoring_normresult (audit_score_id, norm, met, target_rate)
            SELECT s.audit_id, 'norm' || k, random() < s.total, 0.9
            FROM bench_rows r JOIN scoring_auditscore s ON s.audit_id = r.audit_id
            CROSS JOIN generate_series(0, %(norms)s - 1) AS k
            """,
        ]
        for statement in statements:
            cursor.execute(statement, params)
        for table in (
            "audits_assignment",
            "audits_audit",
            "audits_answer",
            "scoring_phasescore",
            "scoring_normresult",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say(f"  added {count} audits with their answers in {time.perf_counter() - started:.0f} s")
