"""Waves through the API, as the agency admin plans and creates them, and as every other role
is refused."""

import uuid
from datetime import UTC, datetime

import pytest

from audits.constants import AssignmentStatus
from audits.models import Assignment
from checklists.models import Checklist
from codex.models import Persona, differing_attributes
from scoring.stats import visits_needed
from tests.conftest import api_as
from tests.factories import AssignmentFactory, LocationFactory
from tests.scoring.conftest import scored_audit
from waves.models import Wave

DECEMBER = {"period_start": "2026-12-01", "period_end": "2026-12-31"}


def plan_body(world, **extra):
    return {"client": world.client.pk, "name": "December", **DECEMBER, **extra}


def plan(user, body):
    return api_as(user).post("/api/v1/waves/plan/", body, format="json")


def create(user, body, key=None):
    body = {"key": str(key or uuid.uuid4()), **body}
    return api_as(user).post("/api/v1/waves/", body, format="json")


def week(moment: str):
    return datetime.fromisoformat(moment).isocalendar()[:2]


@pytest.mark.django_db
def test_a_plan_shows_every_visit_and_what_it_covers_and_writes_nothing(world, planning):
    response = plan(world.agency_admin, plan_body(world, visits_per_location=4))

    assert response.status_code == 200, response.json()
    body = response.json()
    visits = body["visits"]
    assert len(visits) == 4 * len(planning.locations)
    assert {v["location"] for v in visits} == {loc.pk for loc in planning.locations}
    coverage = body["coverage"]
    assert coverage["visits"] == 16
    assert coverage["placed"] == sum(1 for v in visits if v["auditor"] is not None)
    # Sixteen visits cover each of the default codex's seven situations.
    assert set(coverage["by_situation"]) == {
        "product_inquiry",
        "problem_solution",
        "complaint",
        "information_request",
        "acquisition",
        "sales_follow_up",
        "return_refund",
    }
    assert len(coverage["by_daypart"]) == 3
    assert len(coverage["by_weekday"]) == 6
    # A planned visit's auditor is one of the client's, its window in December.
    auditors = {a.pk for a in planning.auditors}
    for visit in visits:
        assert visit["auditor"] in auditors | {None}
        assert "2026-11-30" <= visit["window_start"][:10] <= "2026-12-31"
    # Nothing is written.
    assert Wave.objects.count() == 0
    assert Assignment.objects.count() == 0


@pytest.mark.django_db
def test_matched_pairs_visit_one_location_in_one_situation_and_week(world, planning):
    body = plan(world.agency_admin, plan_body(world, visits_per_location=4)).json()

    pairs: dict[int, list] = {}
    for visit in body["visits"]:
        if visit["pair"] is not None:
            pairs.setdefault(visit["pair"], []).append(visit)
    assert len(pairs) == len(planning.locations)  # one pair each, by default
    assert body["coverage"]["pairs"] == len(pairs)
    personas = {
        p.key: p.attributes()
        for p in Persona.objects.filter(codex_version__client=world.client).distinct()
    }
    for first, second in pairs.values():
        assert first["location"] == second["location"]
        assert first["checklist"] == second["checklist"]
        assert week(first["window_start"]) == week(second["window_start"])
        assert len(differing_attributes(personas[first["persona"]], personas[second["persona"]]))
        assert (
            len(differing_attributes(personas[first["persona"]], personas[second["persona"]])) == 1
        )
        if first["auditor"] and second["auditor"]:
            assert first["auditor"] != second["auditor"]


@pytest.mark.django_db
def test_personas_go_to_auditors_who_can_play_them_in_their_language(world, planning):
    english = planning.auditors[-1]
    body = plan(
        world.agency_admin,
        plan_body(world, visits_per_location=2, personas=["expert_engineer_foreign"]),
    ).json()

    placed = [v for v in body["visits"] if v["auditor"] is not None]
    assert placed
    assert {v["auditor"] for v in placed} == {english.pk}
    # One English speaker, two visits per location: the second would be the same face.
    assert {v["constraint"] for v in body["visits"] if v["auditor"] is None} == {"same_face"}


@pytest.mark.django_db
def test_rotation_keeps_an_auditor_away_from_a_location_they_visited_within_the_months(
    world, planning
):
    shop = planning.locations[0]
    ann = world.auditor
    AssignmentFactory(
        client=world.client,
        location=shop,
        checklist_version=Checklist.objects.filter(client=world.client)[0].current_version,
        auditor=ann,
        status=AssignmentStatus.ACCEPTED,
        window_start=datetime(2026, 10, 1, 9, tzinfo=UTC),
        window_end=datetime(2026, 10, 1, 12, tzinfo=UTC),
    )

    body = plan(world.agency_admin, plan_body(world, visits_per_location=4)).json()

    assert not [v for v in body["visits"] if v["location"] == shop.pk and v["auditor"] == ann.pk]
    assert [v for v in body["visits"] if v["auditor"] == ann.pk]  # she visits the others

    # Once she is the only auditor left, the shop's visits are unplaced, naming rotation.
    for auditor in planning.auditors[1:]:
        auditor.works_for.clear()
    body = plan(
        world.agency_admin,
        plan_body(world, visits_per_location=1, locations=[shop.pk], personas=["young_novice"]),
    ).json()
    assert [v["constraint"] for v in body["visits"]] == ["rotation"]
    assert body["coverage"]["unplaced"] == {"rotation": 1}


@pytest.mark.django_db
def test_a_plan_says_how_many_visits_the_period_needs_from_last_periods_spread(world, planning):
    version = Checklist.objects.filter(client=world.client)[0].current_version
    totals = {0: [0.9, 0.8, 1.0], 1: [0.6, 0.7, 0.5], 2: [0.75, 0.85, 0.8], 3: [0.7, 0.65, 0.6]}
    for index, values in totals.items():
        for day, total in enumerate(values, start=3):
            scored_audit(planning.locations[index], version, total=total, visited=(2026, 11, day))
    # Scored before the period before, and another client's: not counted.
    scored_audit(planning.locations[0], version, total=0.1, visited=(2026, 10, 20))

    body = plan(world.agency_admin, plan_body(world, visits_per_location=3)).json()

    need = body["visits_needed"]
    assert (need["previous_start"], need["previous_end"]) == ("2026-10-31", "2026-11-30")
    assert need["locations_scored"] == 4
    # Worked by hand: the means are 0.9, 0.6, 0.8, 0.65; their quartiles 0.825 and 0.6375;
    # every location's sd is 0.1, 0.05 or 0.1 (pooled over 8 degrees of freedom).
    pooled = ((2 * 0.01 + 2 * 0.01 + 2 * 0.0025 + 2 * 0.0025) / 8) ** 0.5
    expected = visits_needed((3, 0.825, pooled), (3, 0.6375, pooled))
    assert need["difference"] == pytest.approx(0.1875)
    assert need["audits_each"] == expected.each
    assert need["planned_each"] == 3
    assert need["enough"] is (expected.each <= 3)


@pytest.mark.django_db
def test_creating_a_wave_makes_its_assignments_at_once_and_a_retry_makes_nothing_more(
    world, planning
):
    body = plan_body(world, visits_per_location=3)
    planned = plan(world.agency_admin, body).json()
    key = uuid.uuid4()

    response = create(world.agency_admin, body, key)

    assert response.status_code == 201, response.json()
    wave = response.json()
    placed = planned["coverage"]["placed"]
    assert wave["assignments"] == {"offered": placed, "accepted": 0, "declined": 0, "cancelled": 0}
    assert wave["coverage"] == planned["coverage"]
    rows = Assignment.objects.filter(wave_id=wave["id"])
    assert rows.count() == placed
    assert set(rows.values_list("status", flat=True)) == {AssignmentStatus.OFFERED}
    assert sorted(
        (a.location_id, a.auditor_id, a.window_start.isoformat().replace("+00:00", "Z"))
        for a in rows
    ) == sorted(
        (v["location"], v["auditor"], v["window_start"])
        for v in planned["visits"]
        if v["auditor"] is not None
    )

    again = create(world.agency_admin, body, key)
    assert again.status_code == 200
    assert again.json()["id"] == wave["id"]
    assert Assignment.objects.count() == placed

    other = create(world.agency_admin, {**body, "visits_per_location": 2}, key)
    assert other.status_code == 409
    assert other.json()["errors"][0]["code"] == "idempotency_key_reused"
    assert Assignment.objects.count() == placed


@pytest.mark.django_db
def test_a_created_waves_visits_reach_each_auditors_phone(world, planning):
    response = create(world.agency_admin, plan_body(world, visits_per_location=3))
    wave_id = response.json()["id"]
    mine = set(
        Assignment.objects.filter(wave_id=wave_id, auditor=world.auditor).values_list(
            "pk", flat=True
        )
    )
    assert mine

    synced = api_as(world.auditor).get("/api/v1/assignments/").json()

    assert {a["id"] for a in synced["results"]} == mine


@pytest.mark.django_db
def test_a_second_wave_respects_the_first_for_rotation(world, planning):
    first = create(world.agency_admin, plan_body(world, visits_per_location=2))
    assert first.status_code == 201
    second = create(
        world.agency_admin,
        {**plan_body(world, visits_per_location=2), "name": "January"}
        | {"period_start": "2027-01-04", "period_end": "2027-01-31"},
    )
    assert second.status_code == 201
    seen = {}
    for assignment in Assignment.objects.all():
        pair = (assignment.auditor_id, assignment.location_id)
        assert pair not in seen, "the same auditor at the same location within six months"
        seen[pair] = assignment


BAD_PLANS = [
    ({"client": 10**9}, 404, "client"),
    ({"locations": [10**9]}, 404, "locations"),
    ({"personas": ["nobody"]}, 400, "personas"),
    ({"situations": ["weather"]}, 400, "situations"),
    ({"period_end": "2026-11-01"}, 400, "period_end"),
    ({"period_end": "2028-01-01"}, 400, "period_end"),
    ({"period_start": "1900-01-01"}, 400, "period_start"),
    ({"visits_per_location": 0}, 400, "visits_per_location"),
    ({"visits_per_location": 61}, 400, "visits_per_location"),
    (
        {"matched_pairs_per_location": 1, "personas": ["expert_engineer", "upset_caller"]},
        400,
        "matched_pairs_per_location",
    ),
    ({"channels": ["carrier_pigeon"]}, 400, "channels.0"),
]


@pytest.mark.django_db
def test_a_bad_plan_is_refused_naming_the_field_and_nothing_is_written(world, planning):
    for change, status, attr in BAD_PLANS:
        body = plan_body(world, visits_per_location=4) | change

        for response in (plan(world.agency_admin, body), create(world.agency_admin, body)):
            assert response.status_code == status, (change, response.json())
            assert response.json()["errors"][0]["attr"] == attr

    assert Wave.objects.count() == 0
    assert Assignment.objects.count() == 0


@pytest.mark.django_db
def test_another_clients_location_is_not_found_in_a_plan(world, planning):
    theirs = LocationFactory(region__client=world.other_client)

    response = plan(
        world.agency_admin, plan_body(world, visits_per_location=1, locations=[theirs.pk])
    )

    assert response.status_code == 404
    assert response.json()["errors"][0]["attr"] == "locations"


@pytest.mark.django_db
def test_a_period_the_client_is_closed_throughout_is_refused(world, planning):
    from organizations.models import BusinessHours

    BusinessHours.objects.create(client=world.client, weekday=0, opens="09:00", closes="17:00")
    body = plan_body(world, visits_per_location=1) | {
        "period_start": "2026-12-01",  # a Tuesday
        "period_end": "2026-12-06",  # the Sunday after
    }

    response = plan(world.agency_admin, body)

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "no_open_day"


@pytest.mark.django_db
def test_visits_keep_to_the_clients_business_hours(world, planning):
    from organizations.models import BusinessHours

    for weekday in (1, 3):  # Tuesday and Thursday, 10 to 16 local time
        BusinessHours.objects.create(
            client=world.client, weekday=weekday, opens="10:00", closes="16:00"
        )

    visits = plan(world.agency_admin, plan_body(world, visits_per_location=3)).json()["visits"]

    for visit in visits:
        start = datetime.fromisoformat(visit["window_start"]).astimezone(
            __import__("zoneinfo").ZoneInfo("Europe/Helsinki")
        )
        end = datetime.fromisoformat(visit["window_end"]).astimezone(start.tzinfo)
        assert start.weekday() in (1, 3)
        assert (start.hour, end.hour) in {(10, 12), (12, 14), (14, 16)}


# --- who may -----------------------------------------------------------------------------


ROLES = ["auditor", "reviewer", "regional_manager", "client_admin", "other_client_admin"]


@pytest.mark.django_db
def test_only_an_agency_admin_plans_or_creates_a_wave(world, planning):
    body = plan_body(world, visits_per_location=2)
    for role in ROLES:
        user = getattr(world, role)

        assert plan(user, body).status_code == 403, role
        assert create(user, body).status_code == 403, role
    assert Wave.objects.count() == 0
    assert Assignment.objects.count() == 0


@pytest.mark.django_db
def test_signed_out_nobody_plans(world, planning):
    assert plan(None, plan_body(world, visits_per_location=2)).status_code == 401


@pytest.mark.django_db
def test_the_agency_reads_waves_and_nobody_else(world, planning):
    wave = create(world.agency_admin, plan_body(world, visits_per_location=2)).json()
    readers = {"agency_admin": 200, "reviewer": 200} | dict.fromkeys(ROLES[:1] + ROLES[2:], 403)
    for role, status in readers.items():
        user = getattr(world, role)

        listed = api_as(user).get("/api/v1/waves/")
        one = api_as(user).get(f"/api/v1/waves/{wave['id']}/")

        assert (listed.status_code, one.status_code) == (status, status), role
        if status == 200:
            assert [w["id"] for w in listed.json()["results"]] == [wave["id"]]
            assert one.json()["coverage"] == wave["coverage"]
            assert api_as(user).get(f"/api/v1/waves/{wave['id'] + 1000}/").status_code == 404


@pytest.mark.django_db
def test_the_wave_list_reads_in_the_same_statements_for_three_times_the_waves(
    world, planning, django_assert_num_queries
):
    def make(n):
        for _ in range(n):
            create(
                world.agency_admin,
                plan_body(world, visits_per_location=1, locations=[planning.locations[0].pk]),
            )

    make(1)
    reader = api_as(world.reviewer)
    with django_assert_num_queries(1):
        assert len(reader.get("/api/v1/waves/").json()["results"]) == 1
    make(2)
    with django_assert_num_queries(1):
        assert len(reader.get("/api/v1/waves/").json()["results"]) == 3


@pytest.mark.django_db
def test_a_wave_over_the_most_visits_is_refused(world, planning, monkeypatch):
    monkeypatch.setattr("waves.selectors.MOST_VISITS", 10)

    response = plan(world.agency_admin, plan_body(world, visits_per_location=3))  # 4 x 3 = 12

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "visits_per_location"
    assert plan(world.agency_admin, plan_body(world, visits_per_location=2)).status_code == 200
