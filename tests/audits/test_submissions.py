"""Submitting a visit from the phone: validated, stored once, retried safely."""

import pytest

from audits.models import Answer, Audit, Flag, Submission
from tests.audits.conftest import visit_payload
from tests.conftest import api_as


def submit(user, payload):
    return api_as(user).post("/api/v1/submissions/", payload, format="json")


def nothing_stored():
    return (Audit.objects.count(), Submission.objects.count(), Answer.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_a_valid_submission_is_stored_and_waits_for_its_photo(world, field):
    payload = visit_payload(field.assignment)

    response = submit(world.auditor, payload)

    assert response.status_code == 201
    body = response.json()
    assert body["id"] == payload["id"]
    assert body["revision"] == 1
    assert body["audit_status"] == "awaiting_photos"
    assert body["missing_photos"] == [{"item": "entrance", "required": 1, "received": 0}]
    submission = Submission.objects.get(pk=payload["id"])
    answers = {a.item.key: a for a in submission.answers.select_related("item")}
    assert set(answers) == {"greeting", "queue", "waiting", "mood", "smile", "tags", "loyalty"}
    assert answers["greeting"].value == 6.5
    assert answers["smile"].is_na is True
    assert answers["loyalty"].comment == "Would come back."
    assert submission.check_in_accuracy_m == 12.5
    assert submission.audit.current_submission == submission


@pytest.mark.django_db
def test_an_identical_retry_returns_the_original_and_stores_nothing_more(world, field):
    payload = visit_payload(field.assignment)
    first = submit(world.auditor, payload)

    retry = submit(world.auditor, payload)

    assert retry.status_code == 200
    assert retry.json() == first.json()
    assert Submission.objects.count() == 1
    assert Answer.objects.count() == 7


@pytest.mark.django_db
def test_the_same_id_with_different_content_is_a_conflict(world, field):
    payload = visit_payload(field.assignment)
    submit(world.auditor, payload)
    changed = {**payload, "answers": {**payload["answers"], "mood": {"value": 1}}}

    response = submit(world.auditor, changed)

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "idempotency_key_reused"
    assert response.json()["errors"][0]["attr"] == "id"
    assert Answer.objects.get(item__key="mood").value == 4


@pytest.mark.django_db
def test_a_second_submission_while_the_first_is_open_is_refused(world, field):
    submit(world.auditor, visit_payload(field.assignment))

    response = submit(world.auditor, visit_payload(field.assignment))

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "illegal_transition"
    assert response.json()["errors"][0]["current_state"] == "awaiting_photos"
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_every_offending_item_is_named_and_nothing_is_stored(world, field):
    payload = visit_payload(
        field.assignment,
        answers={
            "greeting": {"value": "fast"},  # wrong type
            "queue": {"value": False},  # hides "waiting"...
            "waiting": {"value": 30},  # ...which is answered anyway
            "mood": {"value": 9},  # out of range
            "smile": {"value": True},
            "loyalty": {"value": "fan"},  # not a choice
            "colour": {"value": "red"},  # unknown item
        },
    )

    response = submit(world.auditor, payload)

    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert sorted((e["attr"], e["code"]) for e in response.json()["errors"]) == [
        ("answers.colour.item", "unknown_item"),
        ("answers.greeting.value", "wrong_type"),
        ("answers.loyalty.value", "invalid_choice"),
        ("answers.mood.value", "out_of_range"),
        ("answers.waiting.item", "hidden_item_answered"),
    ]
    assert nothing_stored()


@pytest.mark.django_db
def test_missing_required_answers_are_named(world, field):
    payload = visit_payload(field.assignment, answers={"queue": {"value": True}})

    response = submit(world.auditor, payload)

    assert response.status_code == 400
    assert sorted(e["attr"] for e in response.json()["errors"]) == [
        "answers.greeting.value",
        "answers.loyalty.value",
        "answers.mood.value",
        "answers.smile.value",
        "answers.waiting.value",
    ]
    assert {e["code"] for e in response.json()["errors"]} == {"required"}
    assert nothing_stored()


@pytest.mark.django_db
def test_na_only_where_allowed(world, field):
    payload = visit_payload(field.assignment)
    payload["answers"]["mood"] = {"na": True}

    response = submit(world.auditor, payload)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "code": "na_not_allowed",
            "detail": "N/A is not allowed here.",
            "attr": "answers.mood.value",
        }
    ]
    assert nothing_stored()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "attr", "code"),
    [
        ({"id": "not-a-uuid"}, "id", "invalid"),
        ({"started_at": "yesterday"}, "started_at", "invalid"),
        (
            {"check_in": {"latitude": "91", "longitude": "0", "accuracy_m": 5}},
            "check_in.latitude",
            "max_value",
        ),
        ({"answers": "all good"}, "answers", "not_a_dict"),
        ({"answers": {"greeting": 5}}, "answers.greeting", "not_a_dict"),
        ({"answers": {"greeting": {"value": 5, "na": "no"}}}, "answers.greeting.na", "invalid"),
        ({"answers": {"greeting": {"value": 5, "colour": 1}}}, "answers.greeting", "unknown_field"),
    ],
)
def test_malformed_payloads_get_400_naming_the_field(world, field, change, attr, code):
    response = submit(world.auditor, visit_payload(field.assignment, **change))

    assert response.status_code == 400
    assert (response.json()["errors"][0]["attr"], response.json()["errors"][0]["code"]) == (
        attr,
        code,
    )
    assert nothing_stored()


@pytest.mark.django_db
def test_a_visit_that_ends_before_it_starts_is_refused(world, field):
    payload = visit_payload(field.assignment)
    payload["started_at"], payload["ended_at"] = payload["ended_at"], payload["started_at"]

    response = submit(world.auditor, payload)

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "ended_at"
    assert nothing_stored()


@pytest.mark.django_db
def test_an_assignment_not_accepted_cannot_be_submitted(world, field):
    field.assignment.status = "offered"
    field.assignment.save()

    response = submit(world.auditor, visit_payload(field.assignment))

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "assignment_not_accepted"
    assert response.json()["errors"][0]["current_state"] == "offered"
    assert nothing_stored()


@pytest.mark.django_db
def test_another_auditors_assignment_is_not_found(world, field):
    response = submit(world.auditor, visit_payload(field.other_assignment))

    assert response.status_code == 404
    assert nothing_stored()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reviewer", "regional_manager", "client_admin", "agency_admin"])
def test_only_auditors_submit(world, field, role):
    response = submit(getattr(world, role), visit_payload(field.assignment))

    assert response.status_code == 403
    assert nothing_stored()


@pytest.mark.django_db
def test_anonymous_cannot_submit(world, field):
    response = submit(None, visit_payload(field.assignment))

    assert response.status_code == 401
    assert nothing_stored()


@pytest.mark.django_db
def test_plausibility_flags_are_raised_not_refusals(world, field):
    field.assignment.window_end = (
        field.assignment.window_start
        + (field.assignment.window_end - field.assignment.window_start) / 4
    )
    field.assignment.save()
    payload = visit_payload(
        field.assignment,
        check_in={"latitude": "60.200000", "longitude": "24.932700", "accuracy_m": 20},
    )
    payload["answers"]["greeting"] = {"value": 5000}  # longer than the 15-minute visit
    payload["device_time"] = "2020-01-01T00:00:00Z"

    response = submit(world.auditor, payload)

    assert response.status_code == 201
    flags = {f.code: f for f in Flag.objects.all()}
    assert set(flags) == {
        "check_in_too_far",
        "visit_outside_window",
        "impossible_duration",
        "clock_skew",
    }
    assert flags["check_in_too_far"].data["distance_m"] == 3436
    assert flags["impossible_duration"].data["item"] == "greeting"


@pytest.mark.django_db
def test_status_endpoint_tells_a_crashed_phone_what_is_missing(world, field):
    payload = visit_payload(field.assignment)
    submit(world.auditor, payload)

    response = api_as(world.auditor).get(f"/api/v1/submissions/{payload['id']}/")
    other = api_as(world.other_auditor).get(f"/api/v1/submissions/{payload['id']}/")

    assert response.status_code == 200
    assert response.json()["missing_photos"] == [{"item": "entrance", "required": 1, "received": 0}]
    assert response.json()["photos"] == []
    assert other.status_code == 404
