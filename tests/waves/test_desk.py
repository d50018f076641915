"""The agency's desk beside the scheduler: giving a visit to another auditor by hand (the
scheduler's rules apply unless overridden), what the first auditor's phone then sees, and the
auditors' workload and acceptance."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from audits.constants import AssignmentStatus
from audits.models import Assignment, Audit
from checklists.models import Checklist
from codex.models import Persona
from tests.conftest import api_as
from tests.factories import AssignmentFactory, UserFactory
from tests.scoring.test_outcomes import answers_for
from tests.waves.conftest import profile
from waves.scheduler import Constraint
from waves.services import RULES


def offered(world, location, auditor, persona="young_novice", checklist="product-inquiry-phone"):
    version = Checklist.objects.get(client=world.client, key=checklist).current_version
    start = timezone.now() - timedelta(hours=1)
    return AssignmentFactory(
        client=world.client,
        location=location,
        checklist_version=version,
        auditor=auditor,
        persona=Persona.objects.get(codex_version=version.codex_version, key=persona),
        window_start=start,
        window_end=start + timedelta(hours=3),
    )


def reassign(user, assignment, auditor, **extra):
    return api_as(user).post(
        f"/api/v1/assignments/{assignment.pk}/reassign/",
        {"auditor": auditor.pk, "reason": "Ann is ill.", **extra},
        format="json",
    )


@pytest.mark.django_db
def test_a_visit_is_given_to_another_auditor_and_the_first_is_told(world, planning):
    shop = planning.locations[0]
    first = offered(world, shop, world.auditor)
    other = planning.auditors[1]

    response = reassign(world.agency_admin, first, other)

    assert response.status_code == 201, response.json()
    new = Assignment.objects.get(pk=response.json()["id"])
    assert (new.auditor, new.status, new.replaces_id) == (other, "offered", first.pk)
    assert (new.window_start, new.location_id) == (first.window_start, shop.pk)
    assert "Ann is ill." in new.note
    first.refresh_from_db()
    assert first.status == AssignmentStatus.CANCELLED
    # Each phone sees its side at its next sync.
    ann = api_as(world.auditor).get("/api/v1/assignments/").json()["results"]
    assert [(a["id"], a["status"]) for a in ann] == [(first.pk, "cancelled")]
    theirs = api_as(other).get("/api/v1/assignments/").json()["results"]
    assert [(a["id"], a["status"]) for a in theirs] == [(new.pk, "offered")]


@pytest.mark.django_db
def test_a_visit_captured_offline_for_a_reassigned_assignment_is_held_not_lost(world, planning):
    first = offered(world, planning.locations[0], world.auditor)
    assert api_as(world.auditor).post(f"/api/v1/assignments/{first.pk}/accept/").status_code == 200
    assert reassign(world.agency_admin, first, planning.auditors[1]).status_code == 201
    now = timezone.now()
    payload = {
        "id": str(uuid.uuid4()),
        "assignment": first.pk,
        "started_at": (now - timedelta(minutes=30)).isoformat(),
        "ended_at": (now - timedelta(minutes=10)).isoformat(),
        "device_time": now.isoformat(),
        "answers": answers_for(first.checklist_version),
    }

    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["audit_status"] == "held"
    assert Audit.objects.get(assignment=first).status == "held"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "rule"),
    [
        ("cannot_play", "persona"),
        ("no_english", "language"),
        ("lives_far", "distance"),
        ("visited_lately", "rotation"),
        ("fully_booked", "capacity"),
    ],
)
def test_a_rule_refuses_a_reassignment_unless_overridden(world, planning, setup, rule):
    shop = planning.locations[0]
    persona = "expert_engineer_foreign" if setup == "no_english" else "young_novice"
    checklist = "product-inquiry-in-person" if setup == "lives_far" else "product-inquiry-phone"
    first = offered(world, shop, world.auditor, persona=persona, checklist=checklist)
    other = UserFactory(username="shopper-new", role="auditor", works_for=[world.client])
    profile(
        other,
        personas=[] if setup == "cannot_play" else ["young_novice", "expert_engineer_foreign"],
        home=(65.0, 25.5) if setup == "lives_far" else (60.17, 24.94),  # Oulu, or Helsinki
        weekly_capacity=1,
    )
    if setup == "visited_lately":
        offered(world, shop, other).save()
        Assignment.objects.filter(auditor=other).update(
            window_start=first.window_start - timedelta(days=60),
            window_end=first.window_start - timedelta(days=60) + timedelta(hours=3),
            status=AssignmentStatus.ACCEPTED,
        )
    if setup == "fully_booked":
        offered(world, planning.locations[1], other)

    before = first.status
    refused = reassign(world.agency_admin, first, other)

    assert refused.status_code == 400, refused.json()
    assert refused.json()["errors"][0] == {
        "code": f"rule_{rule}",
        "detail": refused.json()["errors"][0]["detail"],
        "attr": "auditor",
    }
    # The rule in words, not its key.
    words = str(RULES[Constraint(rule)])
    assert words in refused.json()["errors"][0]["detail"]
    assert f"({rule})" not in refused.json()["errors"][0]["detail"]
    first.refresh_from_db()
    assert first.status == before
    assert not Assignment.objects.filter(replaces=first).exists()

    overridden = reassign(world.agency_admin, first, other, override=True)
    assert overridden.status_code == 201
    assert words in overridden.json()["note"]


@pytest.mark.django_db
def test_what_cannot_be_reassigned(world, planning):
    first = offered(world, planning.locations[0], world.auditor)
    stranger = UserFactory(username="shopper-x", role="auditor", works_for=[world.other_client])

    assert reassign(world.agency_admin, first, stranger).status_code == 400
    assert reassign(world.agency_admin, first, world.auditor).status_code == 400
    unknown = api_as(world.agency_admin).post(
        f"/api/v1/assignments/{first.pk}/reassign/",
        {"auditor": 10**9, "reason": "x"},
        format="json",
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["attr"]) == (404, "auditor")
    missing = api_as(world.agency_admin).post(
        f"/api/v1/assignments/{first.pk + 1000}/reassign/",
        {"auditor": planning.auditors[1].pk, "reason": "x"},
        format="json",
    )
    assert missing.status_code == 404
    assert reassign(world.agency_admin, first, planning.auditors[1]).status_code == 201
    again = reassign(world.agency_admin, first, planning.auditors[2])
    assert (again.status_code, again.json()["errors"][0]["code"]) == (409, "not_reassignable")


@pytest.mark.django_db
def test_only_an_agency_admin_reassigns(world, planning):
    first = offered(world, planning.locations[0], world.auditor)
    before = first.status
    for role in ("reviewer", "auditor", "regional_manager", "client_admin", "other_client_admin"):
        refused = reassign(getattr(world, role), first, planning.auditors[1])

        assert refused.status_code == 403, role
        first.refresh_from_db()
        assert first.status == before
        assert Assignment.objects.count() == 1


@pytest.mark.django_db
def test_the_agency_sees_each_auditors_workload_and_acceptance(world, planning):
    shop = planning.locations[0]
    ann = world.auditor
    for status in ("accepted", "accepted", "accepted", "declined"):
        assignment = offered(world, shop, ann)
        Assignment.objects.filter(pk=assignment.pk).update(status=status)
    past = offered(world, shop, ann)
    Assignment.objects.filter(pk=past.pk).update(  # offered, but its window is over
        status="offered",
        window_start=datetime(2026, 1, 1, tzinfo=UTC),
        window_end=datetime(2026, 1, 2, tzinfo=UTC),
    )

    response = api_as(world.reviewer).get("/api/v1/auditors/")

    assert response.status_code == 200
    rows = {row["username"]: row for row in response.json()["results"]}
    assert set(rows) >= {a.username for a in planning.auditors}
    mine = rows[ann.username]
    assert (mine["open_assignments"], mine["accepted"], mine["declined"]) == (3, 3, 1)
    assert mine["acceptance"]["answered"] == 4
    assert mine["acceptance"]["rate"] == 0.75
    assert 0 < mine["acceptance"]["low"] < 0.75 < mine["acceptance"]["high"] < 1
    assert mine["profile"]["languages"] == ["fi"]
    fresh = rows[planning.auditors[1].username]
    assert fresh["acceptance"] == {"answered": 0, "rate": None, "low": None, "high": None}
    for role in ("auditor", "regional_manager", "client_admin"):
        assert api_as(getattr(world, role)).get("/api/v1/auditors/").status_code == 403


@pytest.mark.django_db
def test_the_auditor_list_reads_in_the_same_statements_for_three_times_the_auditors(
    world, planning, django_assert_num_queries
):
    reader = api_as(world.reviewer)
    with django_assert_num_queries(1):
        n = len(reader.get("/api/v1/auditors/").json()["results"])
    for index in range(2 * n):
        extra = UserFactory(username=f"extra-{index}", role="auditor", works_for=[world.client])
        profile(extra)
        offered(world, planning.locations[0], extra)
    with django_assert_num_queries(1):
        assert len(reader.get("/api/v1/auditors/").json()["results"]) == 3 * n
