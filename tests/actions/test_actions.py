"""Action plans through the API, as the manager opens one on a missed norm: who may, what is
refused, overdue ones, and the loop closed: the norm's rate before and since."""

from datetime import date, timedelta

import pytest
from django.db.models import Max
from django.utils import timezone

from actions.models import Action
from audits.models import Audit
from codex.models import CodexVersion, Norm
from scoring.models import NormResult
from tests.conftest import api_as
from tests.factories import CheckpointFactory, NormFactory, PhaseFactory
from tests.scoring.conftest import (
    GREET,
    scored,  # noqa: F401 - a shared fixture
    scored_audit,
)


@pytest.fixture
def greet(world, scored):  # noqa: F811
    """The own client's codex has the norm "greet" the scored audits carry."""
    number = (
        CodexVersion.objects.filter(client=world.client).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    codex = CodexVersion.objects.create(client=world.client, number=number)
    checkpoint = CheckpointFactory(codex_version=codex, phase=PhaseFactory(codex_version=codex))
    return NormFactory(codex_version=codex, checkpoint=checkpoint, key="greet")


def open_action(user, location, norm="greet", **extra):
    body = {
        "location": location.pk,
        "norm": norm,
        "what": "Greet within eight seconds: a second person at the door at rush hours.",
        "owner": "Shift lead",
        "due_on": str(timezone.localdate() + timedelta(days=30)),
        **extra,
    }
    return api_as(user).post("/api/v1/actions/", body, format="json")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["regional_manager", "client_admin", "agency_admin"])
def test_a_manager_opens_an_action_on_a_missed_norm(world, scored, greet, role):  # noqa: F811
    response = open_action(getattr(world, role), scored.a)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["location"], body["norm"], body["status"], body["overdue"]) == (
        scored.a.pk,
        "greet",
        "open",
        False,
    )
    # Before it: A's greeting wherever it applied (tests/scoring/conftest.py), none since.
    applied = NormResult.objects.filter(
        audit_score__location=scored.a, norm="greet", met__isnull=False
    )
    assert (body["before"]["audits"], body["since"]["audits"]) == (applied.count(), 0)
    assert body["before"]["rate"] == pytest.approx(
        applied.filter(met=True).count() / applied.count()
    )
    assert body["since"]["rate"] is None


@pytest.mark.django_db
def test_the_audits_after_an_action_show_whether_the_norm_is_met_since(world, scored, greet):  # noqa: F811
    action = open_action(world.regional_manager, scored.a).json()
    opened = date.fromisoformat(action["opened_at"][:10])
    before = api_as(world.regional_manager).get(f"/api/v1/actions/{action['id']}/").json()
    checklist_version = (
        Audit.objects.filter(assignment__location=scored.a).first().assignment.checklist_version
    )
    for met in (True, True, False):
        scored_audit(
            scored.a,
            checklist_version,
            total=0.9,
            visited=(opened.year, opened.month, opened.day),
            norms={"greet": (met, GREET)},
        )

    body = api_as(world.regional_manager).get(f"/api/v1/actions/{action['id']}/").json()

    assert body["before"] == before["before"]
    assert (body["since"]["audits"], body["since"]["rate"]) == (3, pytest.approx(2 / 3))
    assert 0 < body["since"]["low"] < 2 / 3 < body["since"]["high"] < 1


@pytest.mark.django_db
def test_overdue_actions_are_listed_and_closing_one_stamps_it(world, scored, greet):  # noqa: F811
    late = open_action(
        world.client_admin, scored.a, due_on=str(timezone.localdate() - timedelta(days=1))
    ).json()
    open_action(world.client_admin, scored.b)

    overdue = api_as(world.client_admin).get("/api/v1/actions/?overdue=true").json()["results"]
    assert [a["id"] for a in overdue] == [late["id"]]
    assert overdue[0]["overdue"] is True

    done = api_as(world.client_admin).patch(
        f"/api/v1/actions/{late['id']}/", {"status": "done"}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["closed_at"] is not None
    assert api_as(world.client_admin).get("/api/v1/actions/?overdue=true").json()["results"] == []


@pytest.mark.django_db
def test_what_is_refused(world, scored, greet):  # noqa: F811
    south = open_action(world.regional_manager, scored.c)  # South: not the manager's
    theirs = open_action(world.client_admin, scored.x)  # another client's
    unknown = open_action(world.client_admin, scored.a, norm="smile_at_the_moon")
    blank = open_action(world.client_admin, scored.a, what="  ")
    auditor = open_action(world.auditor, scored.a)

    assert (south.status_code, south.json()["errors"][0]["attr"]) == (404, "location")
    assert (theirs.status_code, theirs.json()["errors"][0]["attr"]) == (404, "location")
    assert (unknown.status_code, unknown.json()["errors"][0]["attr"]) == (400, "norm")
    assert (blank.status_code, blank.json()["errors"][0]["attr"]) == (400, "what")
    assert auditor.status_code == 403
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_who_sees_which_actions(world, scored, greet):  # noqa: F811
    north = open_action(world.client_admin, scored.a).json()
    south = open_action(world.client_admin, scored.c).json()

    def ids(user):
        response = api_as(user).get("/api/v1/actions/")
        return response.status_code, sorted(a["id"] for a in response.json().get("results", []))

    assert ids(world.client_admin) == (200, sorted([north["id"], south["id"]]))
    assert ids(world.regional_manager) == (200, [north["id"]])
    assert ids(world.other_client_admin) == (200, [])
    assert ids(world.reviewer)[1] == sorted([north["id"], south["id"]])
    assert ids(world.auditor)[0] == 403
    for user, status in ((world.regional_manager, 404), (world.other_client_admin, 404)):
        assert api_as(user).get(f"/api/v1/actions/{south['id']}/").status_code == status
        changed = api_as(user).patch(
            f"/api/v1/actions/{south['id']}/", {"status": "dropped"}, format="json"
        )
        assert changed.status_code == 404
    assert Action.objects.get(pk=south["id"]).status == "open"


@pytest.mark.django_db
def test_the_list_reads_in_the_same_statements_for_three_times_the_actions(
    world,
    scored,  # noqa: F811
    greet,
    django_assert_num_queries,
):
    reader = api_as(world.client_admin)
    open_action(world.client_admin, scored.a)
    with django_assert_num_queries(2):
        reader.get("/api/v1/actions/")
    for _ in range(2):
        open_action(world.client_admin, scored.a)
        open_action(world.client_admin, scored.b)
    with django_assert_num_queries(2):
        assert len(reader.get("/api/v1/actions/").json()["results"]) == 5
    assert Norm.objects.count() >= 1


@pytest.mark.django_db
def test_the_overdue_filter_takes_true_or_false_only(world):
    reader = api_as(world.client_admin)
    assert reader.get("/api/v1/actions/?overdue=null").status_code == 400
    assert reader.get("/api/v1/actions/?overdue=true").status_code == 200
    assert reader.get("/api/v1/actions/?location=0").status_code == 400
