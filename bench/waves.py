"""Wave planning and creation: a wave of 10,000 visits over 1,000 locations and 300 auditors,
planned (read, designed, scheduled) and created (planned again and inserted, in one
transaction), against a floor of bulk-inserting the same 10,000 assignment rows. Every round runs
in a transaction rolled back after it, so each starts from the same data."""

from __future__ import annotations

import random
import sys
import uuid
from datetime import date
from decimal import Decimal

from bench.common import interleaved, report, run_id

LOCATIONS = 1000
AUDITORS = 300
VISITS_PER_LOCATION = 10
TARGET = 3.0
# Four weeks from a Monday; the client is open Monday to Saturday by default.
PERIOD = (date(2027, 2, 1), date(2027, 2, 28))
# Towns the locations and the auditors' homes gather around (latitude, longitude).
TOWNS = [(60.17, 24.94), (61.50, 23.76), (60.45, 22.27), (65.01, 25.47), (62.24, 25.75)]


class Rollback(Exception):
    pass


def _world(tag: str):
    from accounts.constants import Role
    from accounts.models import AuditorProfile, User
    from checklists.defaults import default_codex_install
    from organizations.models import Client, Location, Region

    rng = random.Random(13)
    client = Client.objects.create(name=f"Wave bench {tag}", slug=f"wave-bench-{tag}")
    print(f"  installing the default codex for {client.name}", file=sys.stderr, flush=True)
    default_codex_install(client=client)
    regions = [Region.objects.create(client=client, name=f"Region {i}") for i in range(10)]

    def near(town):
        return (
            Decimal(f"{town[0] + rng.uniform(-0.3, 0.3):.6f}"),
            Decimal(f"{town[1] + rng.uniform(-0.5, 0.5):.6f}"),
        )

    locations = []
    for i in range(LOCATIONS):
        lat, lon = near(TOWNS[i % len(TOWNS)])
        locations.append(
            Location(
                client=client,
                region=regions[i % len(regions)],
                name=f"Location {i}",
                latitude=lat,
                longitude=lon,
                time_zone="Europe/Helsinki",
            )
        )
    Location.objects.bulk_create(locations, batch_size=1000)
    print(f"  {LOCATIONS} locations", file=sys.stderr, flush=True)
    auditors = User.objects.bulk_create(
        [User(username=f"wave-{tag}-{i}", role=Role.AUDITOR) for i in range(AUDITORS)]
    )
    User.works_for.through.objects.bulk_create(
        [User.works_for.through(user_id=a.pk, client_id=client.pk) for a in auditors]
    )
    everyone = ["novice_pensioner", "young_novice", "expert_engineer", "upset_caller"]
    profiles = []
    for i, auditor in enumerate(auditors):
        lat, lon = near(TOWNS[i % len(TOWNS)])
        extra = ["expert_engineer_foreign"] if i % 5 == 0 else []
        extra += ["young_novice_man"] if i % 3 == 0 else []
        profiles.append(
            AuditorProfile(
                user=auditor,
                languages=["fi", "en"] if i % 5 == 0 else ["fi"],
                personas=rng.sample(everyone, 3) + extra,
                home_latitude=lat,
                home_longitude=lon,
                travel_km=80,
                weekly_capacity=15,
            )
        )
    AuditorProfile.objects.bulk_create(profiles)
    print(f"  {AUDITORS} auditors with profiles", file=sys.stderr, flush=True)
    return client


def run(rounds: int) -> bool:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from audits.models import Assignment
    from waves import scheduler, services

    tag = run_id()
    client = _world(tag)
    admin = get_user_model().objects.create(username=f"wave-admin-{tag}", role="agency_admin")
    spec = {
        "client": client.pk,
        "name": "February",
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "visits_per_location": VISITS_PER_LOCATION,
    }
    _inputs, plan = services.wave_plan(spec=spec)
    placed = plan.placed
    print(
        f"  the plan: {len(plan.visits)} visits, {len(placed)} placed, "
        f"{sum(1 for v in plan.visits if v.pair)} in matched pairs; unplaced by rule: "
        f"{scheduler.coverage(plan.visits).unplaced}",
        file=sys.stderr,
        flush=True,
    )

    def rolled_back(fn):
        def run_once():
            try:
                with transaction.atomic():
                    fn()
                    raise Rollback
            except Rollback:
                pass

        return run_once

    def floor():
        Assignment.objects.bulk_create(
            [
                Assignment(
                    client_id=client.pk,
                    location_id=v.location,
                    checklist_version_id=v.scenario.version_id,
                    persona_id=v.persona.id if v.persona else None,
                    auditor_id=v.auditor,
                    window_start=v.window_start,
                    window_end=v.window_end,
                    status="offered",
                    pair=v.pair,
                )
                for v in placed
            ],
            batch_size=1000,
        )

    def create():
        services.wave_create(user=admin, key=uuid.uuid4(), spec=spec)

    times = interleaved(
        {
            "floor": rolled_back(floor),
            "plan": rolled_back(lambda: services.wave_plan(spec=spec)),
            "create": rolled_back(create),
        },
        rounds=max(5, rounds // 40),
        warmup=1,
        batches=5,
    )
    print(f"Waves: {len(plan.visits)} visits, {LOCATIONS} locations, {AUDITORS} auditors")
    report("plan a wave (nothing written)", times["plan"], times["floor"], None)
    return report(
        "plan and create a wave (one transaction)", times["create"], times["floor"], TARGET
    )
