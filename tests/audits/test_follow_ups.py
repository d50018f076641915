"""Two-stage visits (issue 24): the agency gives a visit its follow-up contact (staff were to
get back to the customer the auditor played); the same auditor's phone receives it linked to
its first visit, records the contact when it comes, and once approved the client's scorecard
shows the hours between the two and whether staff got back as promised, with n and intervals."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from audits.models import Assignment, Audit
from checklists.models import Checklist
from scoring.models import AuditScore
from tests.conftest import api_as
from tests.factories import AssignmentFactory, LocationFactory
from tests.scoring.test_outcomes import answers_for

NOW = timezone.now()


def checklist(world, key: str) -> Checklist:
    return Checklist.objects.get(client=world.client, key=key)


def sent(world, assignment, started, minutes=15, **given) -> Audit:
    """The auditor's phone sends the visit (accepting its assignment first when offered)."""
    if assignment.status == "offered":
        accepted = api_as(world.auditor).post(f"/api/v1/assignments/{assignment.pk}/accept/")
        assert accepted.status_code == 200, accepted.json()
    version = assignment.checklist_version
    payload = {
        "id": str(uuid.uuid4()),
        "assignment": assignment.pk,
        "started_at": started.isoformat(),
        "ended_at": (started + timedelta(minutes=minutes)).isoformat(),
        "device_time": NOW.isoformat(),
        "answers": {
            key: answer
            for key, answer in answers_for(version, **given).items()
            if key in set(version.items.values_list("key", flat=True))
        },
    }
    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")
    assert response.status_code == 201, response.json()
    return Audit.objects.get(assignment=assignment)


def approve(world, audit) -> None:
    assert api_as(world.reviewer).post(f"/api/v1/audits/{audit.pk}/approve/").status_code == 200


@pytest.fixture
def first(world, default_codex):
    """A product inquiry by phone three days ago, where staff promised to call back."""
    place = LocationFactory(region=world.region, name="Keskusta", time_zone="Europe/Helsinki")
    assignment = AssignmentFactory(
        location=place,
        checklist_version=checklist(world, "product-inquiry-phone").current_version,
        auditor=world.auditor,
        window_start=NOW - timedelta(days=4),
    )
    audit = sent(world, assignment, NOW - timedelta(days=3))
    approve(world, audit)
    return audit


def follow_up(world, audit, **body):
    return api_as(world.reviewer).post(
        f"/api/v1/audits/{audit.pk}/follow-up/",
        {
            "checklist": checklist(world, "sales-follow-up-phone").pk,
            "window_end": (NOW + timedelta(days=2)).isoformat(),
            "note": "Promised a call-back with an offer the next day.",
            **body,
        },
        format="json",
    )


@pytest.mark.django_db
def test_a_follow_up_reaches_the_phone_linked_to_its_first_visit(world, first):
    response = follow_up(world, first)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["first_visit"] == first.assignment_id
    follow = Assignment.objects.get(pk=body["assignment"])
    assert (follow.auditor, follow.location, follow.persona) == (
        world.auditor,
        first.assignment.location,
        first.assignment.persona,
    )
    assert follow.window_start == first.current_submission.ended_at
    synced = api_as(world.auditor).get("/api/v1/assignments/").json()["results"]
    assert {row["id"]: row["first_visit"] for row in synced} == {
        first.assignment_id: None,
        follow.pk: first.assignment_id,
    }
    assert [row["situation"] for row in synced if row["id"] == follow.pk] == ["sales_follow_up"]


@pytest.mark.django_db
def test_the_scorecard_shows_time_to_follow_up_and_promise_kept(world, first):
    # A second first visit, whose follow-up comes late and not as promised.
    second_assignment = AssignmentFactory(
        location=first.assignment.location,
        checklist_version=first.assignment.checklist_version,
        auditor=world.auditor,
        window_start=NOW - timedelta(days=4),
    )
    second = sent(world, second_assignment, NOW - timedelta(days=3))
    approve(world, second)
    first_end = first.current_submission.ended_at
    for audit, after, kept in ((first, 21.75, True), (second, 50, False)):
        made = follow_up(world, audit).json()
        contact = sent(
            world,
            Assignment.objects.get(pk=made["assignment"]),
            first_end + timedelta(hours=after),
            minutes=5,
            called_back_as_promised={"value": kept},
        )
        approve(world, contact)

    # Kept on the first visits' scores: the hours since each ended, and the contact's answer.
    scores = AuditScore.objects.filter(followed_up__isnull=False).order_by("follow_up_hours")
    assert [
        (s.audit_id, round(s.follow_up_hours, 2), s.follow_up_promise_kept) for s in scores
    ] == [(first.pk, 21.75, True), (second.pk, 50.0, False)]
    card = (
        api_as(world.regional_manager)
        .get(f"/api/v1/scores/locations/{first.assignment.location_id}/")
        .json()
    )
    # Two first visits: the median halfway, too few for a distribution-free interval.
    assert card["follow_ups"] == {
        "audits": 2,
        "no_contact": 0,
        "hours": {
            "audits": 2,
            "median": pytest.approx((21.75 + 50) / 2, abs=0.05),
            "never": False,
            "low": None,
            "high": None,
            "high_never": False,
        },
        "within_a_day": card["follow_ups"]["within_a_day"],
        "promise_kept": card["follow_ups"]["promise_kept"],
    }
    assert card["follow_ups"]["within_a_day"]["rate"] == 0.5
    assert card["follow_ups"]["promise_kept"]["rate"] == 0.5
    assert card["follow_ups"]["promise_kept"]["audits"] == 2
    # The first visits are no follow-ups: all four visits count in the score.
    assert card["score"]["audits"] == 4


@pytest.mark.django_db
def test_the_location_page_shows_the_follow_ups_in_the_readers_language(client, world, first):
    made = follow_up(world, first).json()
    contact = sent(
        world,
        Assignment.objects.get(pk=made["assignment"]),
        first.current_submission.ended_at + timedelta(hours=11.6),
        minutes=5,
        called_back_as_promised={"value": True},
    )
    approve(world, contact)
    client.force_login(world.regional_manager)

    page = client.get(
        f"/portal/locations/{first.assignment.location_id}/", HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()

    assert "11,6" in page  # hours with the reader's decimal comma
    assert 'id="follow-ups"' in page


@pytest.mark.django_db
def test_no_contact_counts_as_never_followed_up(world, first):
    follow = Assignment.objects.get(pk=follow_up(world, first).json()["assignment"])
    phone = api_as(world.auditor)

    early = phone.post(f"/api/v1/assignments/{follow.pk}/no-contact/")
    not_a_follow_up = phone.post(f"/api/v1/assignments/{first.assignment_id}/no-contact/")
    someone_else = api_as(world.other_auditor).post(f"/api/v1/assignments/{follow.pk}/no-contact/")
    # The window passes with no call.
    Assignment.objects.filter(pk=follow.pk).update(window_end=NOW - timedelta(minutes=1))
    reported = phone.post(f"/api/v1/assignments/{follow.pk}/no-contact/")
    again = phone.post(f"/api/v1/assignments/{follow.pk}/no-contact/")

    assert (early.status_code, early.json()["errors"][0]["code"]) == (409, "window_still_open")
    assert not_a_follow_up.json()["errors"][0]["code"] == "not_a_follow_up"
    assert someone_else.status_code == 404
    assert reported.status_code == 200
    assert reported.json()["status"] == "no_contact"
    assert again.status_code == 200
    score = AuditScore.objects.get(audit=first)
    assert (score.followed_up, score.follow_up_hours, score.follow_up_promise_kept) == (
        False,
        None,
        False,
    )
    card = (
        api_as(world.client_admin)
        .get(f"/api/v1/scores/locations/{first.assignment.location_id}/")
        .json()["follow_ups"]
    )
    assert (card["audits"], card["no_contact"]) == (1, 1)
    assert card["hours"]["median"] is None
    assert card["hours"]["never"] is True
    assert card["within_a_day"]["rate"] == 0.0
    assert card["promise_kept"]["rate"] == 0.0


@pytest.mark.django_db
def test_a_first_visit_scored_again_keeps_its_follow_up(world, first):
    made = follow_up(world, first).json()
    contact = sent(
        world,
        Assignment.objects.get(pk=made["assignment"]),
        first.current_submission.ended_at + timedelta(hours=3),
        minutes=5,
        called_back_as_promised={"value": True},
    )
    approve(world, contact)
    from scoring.services import audit_score_store

    audit_score_store(audit=first)  # an amendment or a rules change scores it again

    score = AuditScore.objects.get(audit=first)
    assert (score.followed_up, round(score.follow_up_hours, 2)) == (True, 3.0)


@pytest.mark.django_db
def test_a_follow_up_is_refused_whole_naming_each_problem(world, first, default_codex):
    made = follow_up(world, first).json()
    follow = Audit(assignment=Assignment.objects.get(pk=made["assignment"]))

    chained = api_as(world.reviewer).post(
        f"/api/v1/audits/{first.pk}/follow-up/",
        {"checklist": 10**9, "window_end": (NOW - timedelta(days=1)).isoformat()},
        format="json",
    )
    codes = {(e["code"], e["attr"]) for e in chained.json()["errors"]}

    assert chained.status_code == 400
    assert codes == {
        ("not_this_clients_checklist", "checklist"),
        ("window_in_the_past", "window_end"),
    }
    assert Assignment.objects.filter(first_visit__isnull=False).count() == 1
    assert follow.assignment.first_visit_id == first.assignment_id


@pytest.mark.django_db
def test_a_follow_up_of_a_follow_up_is_refused(world, first):
    made = follow_up(world, first).json()
    contact = sent(
        world,
        Assignment.objects.get(pk=made["assignment"]),
        first.current_submission.ended_at + timedelta(hours=2),
        minutes=5,
    )

    response = follow_up(world, contact)

    assert response.status_code == 400
    assert [e["code"] for e in response.json()["errors"]] == ["already_a_follow_up"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("auditor", 403),
        ("regional_manager", 403),
        ("client_admin", 403),
        ("other_client_admin", 404),
        ("reviewer", 201),
        ("agency_admin", 201),
    ],
)
def test_only_the_agency_gives_a_visit_a_follow_up(world, first, role, expected):
    response = api_as(getattr(world, role)).post(
        f"/api/v1/audits/{first.pk}/follow-up/",
        {
            "checklist": checklist(world, "sales-follow-up-phone").pk,
            "window_end": (NOW + timedelta(days=2)).isoformat(),
        },
        format="json",
    )

    assert response.status_code == expected
    assert Assignment.objects.filter(first_visit__isnull=False).count() == (expected == 201)


def test_hours_on_a_page_are_rounded_as_the_api_rounds_them():
    """Django's number format cuts decimals; the page rounds first, as the API does."""
    import math

    from django.utils import translation

    from portal.templatetags.portal import hours
    from scoring.views import _hours

    with translation.override("fi"):
        assert hours(15.46) == "15,5"
        assert hours(math.inf) == "ei koskaan"
    assert _hours(15.46) == 15.5
    assert hours(None) == "\N{EN DASH}"
