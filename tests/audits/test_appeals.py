"""A client disputes an item of an approved audit; a reviewer dismisses the appeal or upholds
it, amending the item in a new scored revision; the figures move by that amendment only. And a
reviewer's own edits: new revisions with a reason, whose difference is readable."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audits.constants import AppealStatus
from audits.models import Appeal, Audit, ReviewEvent, Submission
from checklists.defaults import default_codex_install
from checklists.models import Item
from scoring.models import AuditScore
from tests.conftest import api_as
from tests.factories import LocationFactory
from tests.scoring.test_outcomes import approved_visit


@pytest.fixture
def disputed(world):
    """Two approved audits of the own client (which alone has the default codex), one in the
    regional manager's region (North), one in South; and the yes/no item of the first that
    counts toward its score."""
    default_codex_install(client=world.client)
    north = LocationFactory(region=world.region, name="Keskusta")
    south = LocationFactory(region=world.other_region, name="Satama")
    audit = approved_visit(world, north)
    other = approved_visit(world, south)
    version = audit.assignment.checklist_version
    item = (
        Item.objects.filter(
            checklist_version=version,
            type="yes_no",
            condition_item_key="",
            weight__gt=0,
            critical=False,
        )
        .order_by("phase__position", "position")
        .first()
    )
    return audit, other, item


def appeal(user, audit, item_key, reason="The greeting was given; we have the recording."):
    return api_as(user).post(
        f"/api/v1/audits/{audit.pk}/appeals/", {"item": item_key, "reason": reason}, format="json"
    )


def decide(user, appeal_id, body):
    return api_as(user).post(f"/api/v1/appeals/{appeal_id}/decide/", body, format="json")


def scorecard(user, location_id) -> dict:
    response = api_as(user).get(f"/api/v1/scores/locations/{location_id}/")
    assert response.status_code == 200, response.json()
    return response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["client_admin", "regional_manager"])
def test_the_clients_people_appeal_an_item_within_the_days(world, disputed, role):
    audit, _, item = disputed
    user = getattr(world, role)

    response = appeal(user, audit, item.key)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["item"], body["status"], body["opened_by"]) == (item.key, "open", user.username)
    assert body["amended_revision"] is None
    listed = api_as(user).get(f"/api/v1/audits/{audit.pk}/appeals/").json()
    assert [a["id"] for a in listed] == [body["id"]]
    # The reviewers' queue has it.
    queue = api_as(world.reviewer).get("/api/v1/appeals/?status=open").json()["results"]
    assert [a["id"] for a in queue] == [body["id"]]
    # A second appeal of the same item waits for the first.
    again = appeal(user, audit, item.key)
    assert again.status_code == 409
    assert again.json()["errors"][0]["code"] == "appeal_open"


@pytest.mark.django_db
def test_after_the_appeal_days_the_audit_stands(world, disputed):
    audit, _, item = disputed
    world.client.appeal_days = 14
    world.client.save()
    Audit.objects.filter(pk=audit.pk).update(approved_at=timezone.now() - timedelta(days=15))

    response = appeal(world.client_admin, audit, item.key)

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "appeal_window_closed"
    assert not Appeal.objects.exists()

    # A day inside the window, it is taken.
    Audit.objects.filter(pk=audit.pk).update(approved_at=timezone.now() - timedelta(days=13))
    assert appeal(world.client_admin, audit, item.key).status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({"item": "no-such-item", "reason": "Wrong."}, "item"),
        ({"item": "x", "reason": "   "}, "reason"),
        ({"reason": "Wrong."}, "item"),
    ],
)
def test_a_bad_appeal_is_refused_naming_the_field(world, disputed, body, attr):
    audit, _, _ = disputed
    response = api_as(world.client_admin).post(
        f"/api/v1/audits/{audit.pk}/appeals/", body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == attr
    assert not Appeal.objects.exists()


@pytest.mark.django_db
def test_who_may_appeal(world, disputed):
    audit, south_audit, item = disputed
    # The agency and the auditor may see the audit but do not appeal: 403.
    for user in (world.reviewer, world.agency_admin, world.auditor):
        assert appeal(user, audit, item.key).status_code == 403
    # Another client's admin, and a manager of another region, see no such audit: 404.
    assert appeal(world.other_client_admin, audit, item.key).status_code == 404
    assert appeal(world.regional_manager, south_audit, item.key).status_code == 404
    missing = appeal(world.client_admin, Audit(pk=audit.pk + 1000), item.key)
    assert missing.status_code == 404
    assert not Appeal.objects.exists()


@pytest.mark.django_db
def test_a_dismissed_appeal_leaves_the_audit_and_its_figures_as_they_were(world, disputed):
    audit, _, item = disputed
    location = audit.assignment.location_id
    before = scorecard(world.client_admin, location)
    opened = appeal(world.client_admin, audit, item.key).json()

    response = decide(
        world.reviewer, opened["id"], {"outcome": "dismissed", "note": "The recording agrees."}
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "dismissed"
    assert response.json()["decision_note"] == "The recording agrees."
    assert scorecard(world.client_admin, location) == before
    assert Submission.objects.filter(audit=audit).count() == 1
    # The client sees the outcome.
    seen = api_as(world.client_admin).get(f"/api/v1/appeals/{opened['id']}/").json()
    assert (seen["status"], seen["decision_note"]) == ("dismissed", "The recording agrees.")
    # A decided appeal is final.
    again = decide(world.reviewer, opened["id"], {"outcome": "dismissed", "note": "Again."})
    assert again.status_code == 409


@pytest.mark.django_db
def test_an_upheld_appeal_amends_the_item_and_the_figures_move_by_it_alone(world, disputed):
    audit, other, item = disputed
    location, other_location = audit.assignment.location_id, other.assignment.location_id
    old_score = AuditScore.objects.get(audit=audit).total
    other_before = scorecard(world.client_admin, other_location)
    opened = appeal(world.client_admin, audit, item.key).json()

    response = decide(
        world.reviewer,
        opened["id"],
        {"outcome": "upheld", "note": "Not asked, as the client says.", "answer": {"value": False}},
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "upheld"
    assert response.json()["amended_revision"] == 2
    # A new revision; the first is kept, as it was.
    revisions = Submission.objects.filter(audit=audit).order_by("revision")
    assert [s.revision for s in revisions] == [1, 2]
    first_answer = revisions[0].answers.get(item=item)
    assert first_answer.value is True
    assert revisions[1].answers.get(item=item).value is False
    assert revisions[1].answers.count() == revisions[0].answers.count()
    # Scored again: the amended audit scores lower, exactly as if submitted so.
    new_score = AuditScore.objects.get(audit=audit).total
    assert new_score < old_score
    after = scorecard(world.client_admin, location)
    assert after["score"]["mean"] == pytest.approx(new_score, abs=1e-4)
    compared = api_as(world.client_admin).get(
        f"/api/v1/scores/compare/?locations={location},{other_location}"
    )
    rows = {row["location"]["id"]: row["score"] for row in compared.json()}
    assert rows[location]["mean"] == pytest.approx(new_score, abs=1e-4)
    assert rows[other_location] == other_before["score"]
    # Nothing else moves.
    assert scorecard(world.client_admin, other_location) == other_before
    # The diff between the revisions is the item alone.
    diff = api_as(world.reviewer).get(f"/api/v1/audits/{audit.pk}/diff/?base=1&head=2").json()
    assert [c["item"] for c in diff["changes"]] == [item.key]
    assert (diff["changes"][0]["before"]["value"], diff["changes"][0]["after"]["value"]) == (
        True,
        False,
    )
    # The log says who amended it, when and why.
    history = api_as(world.reviewer).get(f"/api/v1/audits/{audit.pk}/history/").json()
    assert [e["event"] for e in history][-3:] == ["approve", "appeal", "amend"]
    assert history[-1]["actor"] == world.reviewer.username
    assert "Not asked, as the client says." in history[-1]["note"]


@pytest.mark.django_db
def test_an_uphold_needs_the_answer_and_a_dismissal_takes_none(world, disputed):
    audit, _, item = disputed
    opened = appeal(world.client_admin, audit, item.key).json()

    missing = decide(world.reviewer, opened["id"], {"outcome": "upheld", "note": "Right."})
    extra = decide(
        world.reviewer,
        opened["id"],
        {"outcome": "dismissed", "note": "No.", "answer": {"value": False}},
    )
    unfit = decide(
        world.reviewer,
        opened["id"],
        {"outcome": "upheld", "note": "Right.", "answer": {"value": "maybe"}},
    )
    unchanged = decide(
        world.reviewer,
        opened["id"],
        {"outcome": "upheld", "note": "Right.", "answer": {"value": True}},
    )

    assert [r.status_code for r in (missing, extra, unfit, unchanged)] == [400, 400, 400, 400]
    assert missing.json()["errors"][0]["attr"] == "answer"
    assert extra.json()["errors"][0]["attr"] == "answer"
    assert unchanged.json()["errors"][0]["code"] == "nothing_changed"
    assert Appeal.objects.get().status == AppealStatus.OPEN
    assert Submission.objects.filter(audit=audit).count() == 1


@pytest.mark.django_db
def test_only_the_agencys_reviewers_decide(world, disputed):
    audit, _, item = disputed
    opened = appeal(world.client_admin, audit, item.key).json()
    body = {"outcome": "dismissed", "note": "No."}

    for user in (world.client_admin, world.regional_manager):
        assert decide(user, opened["id"], body).status_code == 403
    assert decide(world.auditor, opened["id"], body).status_code == 403
    assert decide(world.other_client_admin, opened["id"], body).status_code == 404
    assert Appeal.objects.get().status == AppealStatus.OPEN


@pytest.mark.django_db
def test_who_sees_which_appeals(world, disputed):
    audit, south_audit, item = disputed
    mine = appeal(world.client_admin, audit, item.key).json()
    south = appeal(world.client_admin, south_audit, item.key).json()

    def listed(user):
        response = api_as(user).get("/api/v1/appeals/")
        return response.status_code, (
            sorted(a["id"] for a in response.json()["results"])
            if response.status_code == 200
            else None
        )

    assert listed(world.reviewer) == (200, sorted([mine["id"], south["id"]]))
    assert listed(world.client_admin) == (200, sorted([mine["id"], south["id"]]))
    assert listed(world.regional_manager) == (200, [mine["id"]])
    assert listed(world.other_client_admin) == (200, [])
    assert listed(world.auditor)[0] == 403
    assert api_as(world.regional_manager).get(f"/api/v1/appeals/{south['id']}/").status_code == 404
    assert api_as(world.other_client_admin).get(f"/api/v1/appeals/{mine['id']}/").status_code == 404


@pytest.mark.django_db
def test_the_agency_sees_appeals_per_auditor_and_location(world, disputed):
    audit, south_audit, item = disputed
    first = appeal(world.client_admin, audit, item.key).json()
    appeal(world.client_admin, south_audit, item.key)
    decide(
        world.reviewer,
        first["id"],
        {"outcome": "upheld", "note": "Right.", "answer": {"value": False}},
    )

    by_auditor = api_as(world.reviewer).get("/api/v1/appeals/report/?by=auditor").json()
    by_location = api_as(world.reviewer).get("/api/v1/appeals/report/?by=location").json()

    assert by_auditor == [
        {
            "id": world.auditor.pk,
            "name": world.auditor.username,
            "appeals": 2,
            "open": 1,
            "dismissed": 0,
            "upheld": 1,
            "upheld_rate": {
                "decided": 1,
                "rate": 1.0,
                "low": pytest.approx(0.2065, abs=1e-4),
                "high": 1.0,
            },
        }
    ]
    assert [(row["name"], row["upheld"], row["open"]) for row in by_location] == [
        ("Keskusta", 1, 0),
        ("Satama", 0, 1),
    ]
    # The report names auditors: it is the agency's alone.
    for user in (world.client_admin, world.regional_manager, world.auditor):
        assert api_as(user).get("/api/v1/appeals/report/?by=auditor").status_code == 403
    bad = api_as(world.reviewer).get("/api/v1/appeals/report/?by=weather")
    assert (bad.status_code, bad.json()["errors"][0]["attr"]) == (400, "by")


@pytest.mark.django_db
def test_a_reviewer_edits_an_audit_as_a_new_revision_with_a_reason(world, disputed):
    audit, _, _ = disputed
    item = Item.objects.filter(
        checklist_version=audit.assignment.checklist_version, type="scale"
    ).first()

    response = api_as(world.reviewer).post(
        f"/api/v1/audits/{audit.pk}/amend/",
        {"answers": {item.key: {"value": 2}}, "reason": "The recording shows a shrug."},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert Submission.objects.filter(audit=audit).count() == 2
    event = ReviewEvent.objects.filter(audit=audit, event="amend").get()
    assert (event.actor, event.reason) == (world.reviewer, "edit")
    assert "The recording shows a shrug." in event.note
    # Nobody else edits; a bad value is named; a rejected audit is not edited.
    for user in (world.auditor, world.client_admin):
        denied = api_as(user).post(
            f"/api/v1/audits/{audit.pk}/amend/",
            {"answers": {item.key: {"value": 3}}, "reason": "Mine."},
            format="json",
        )
        assert denied.status_code in (403, 404)
    bad = api_as(world.reviewer).post(
        f"/api/v1/audits/{audit.pk}/amend/",
        {"answers": {item.key: {"value": 99}}, "reason": "Typo."},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["attr"].startswith(f"answers.{item.key}")
    assert Submission.objects.filter(audit=audit).count() == 2
