"""A timed item answered as two moments (sent and replied, call started and answered): the
server computes the duration, across midnight and time zones, and in the client's business hours
where the item says so."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from audits.durations import as_value, business_elapsed, elapsed
from audits.models import Answer
from checklists.models import Item
from organizations.models import BusinessHours, Location
from scoring.models import AuditScore
from tests.audits.conftest import visit_payload
from tests.conftest import api_as
from tests.reports.test_reports import read_csv
from tests.scoring.test_stored import approved_audit

BUDAPEST = ZoneInfo("Europe/Budapest")
HELSINKI = ZoneInfo("Europe/Helsinki")
NINE, NINE_01, NINE_06 = (f"2026-07-01T09:00:0{s}+03:00" for s in (0, 1, 6))
NINE_Z, NINE_05Z = "2026-07-01T09:00:00Z", "2026-07-01T09:00:05Z"
FRIDAY_5PM = "2026-07-03T17:00:00+03:00"  # Friday 16:00 in Budapest
WORKDAYS_9_TO_17 = [(day, time(9), time(17)) for day in range(5)]


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- the pure rules ---------------------------------------------------------------------------


def test_elapsed_counts_real_time_across_midnight_and_offsets():
    # 23:59:58 in Helsinki (+02:00) to 23:00:05 in Budapest (+01:00) is 00:00:05 in Helsinki.
    assert elapsed(moment("2026-01-31T23:59:58+02:00"), moment("2026-01-31T23:00:05+01:00")) == 7


def test_elapsed_counts_the_hour_summer_time_skips():
    # Helsinki moves from 03:00 to 04:00 on 29 March 2026: 02:30 to 04:30 is one hour.
    started = datetime(2026, 3, 29, 2, 30, tzinfo=HELSINKI)
    ended = datetime(2026, 3, 29, 4, 30, tzinfo=HELSINKI)
    assert elapsed(started, ended) == 3600


def test_business_hours_count_only_opening_times_in_the_locations_zone():
    # Friday 16:00 to Monday 10:00 in Budapest, open 9-17 on weekdays: 1 h + 1 h.
    started = datetime(2026, 7, 3, 16, 0, tzinfo=BUDAPEST)
    ended = datetime(2026, 7, 6, 10, 0, tzinfo=BUDAPEST)
    assert business_elapsed(started, ended, BUDAPEST, WORKDAYS_9_TO_17) == 7200
    # The same span written in UTC and in Helsinki's offset is the same span.
    assert (
        business_elapsed(
            started.astimezone(UTC), ended.astimezone(HELSINKI), BUDAPEST, WORKDAYS_9_TO_17
        )
        == 7200
    )


def test_business_hours_with_split_days_and_a_span_inside_closed_hours():
    hours = [(0, time(8), time(12)), (0, time(13), time(16))]
    monday = datetime(2026, 7, 6, tzinfo=BUDAPEST)
    # 11:00 to 14:00 on Monday: 11-12 and 13-14.
    assert (
        business_elapsed(monday.replace(hour=11), monday.replace(hour=14), BUDAPEST, hours) == 7200
    )
    # Wholly in the lunch break, or on a closed day: nothing.
    assert business_elapsed(
        monday.replace(hour=12, minute=10), monday.replace(hour=12, minute=50), BUDAPEST, hours
    ) == (0)
    sunday = datetime(2026, 7, 5, 10, tzinfo=BUDAPEST)
    assert business_elapsed(sunday, sunday.replace(hour=18), BUDAPEST, hours) == 0


def test_without_business_hours_every_second_counts():
    started, ended = moment("2026-07-03T16:00:00+02:00"), moment("2026-07-06T10:00:00+02:00")
    assert business_elapsed(started, ended, BUDAPEST, []) == 66 * 3600


@pytest.mark.parametrize(
    ("seconds", "value"), [(7.0, 7), (7.25, 7.25), (0.0, 0), (1.0004, 1), (86400.0, 86400)]
)
def test_a_computed_duration_is_whole_seconds_or_milliseconds(seconds, value):
    result = as_value(seconds)
    assert result == value
    assert type(result) is type(value)


# --- through the API --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_greeting_timed_across_midnight_scores_against_its_norm(world, field):
    audit = approved_audit(
        world,
        field,
        greeting={
            "started_at": "2026-01-31T23:59:58+02:00",
            "ended_at": "2026-02-01T00:00:05+02:00",
        },
        mood={"value": 4},
    )

    answer = Answer.objects.get(submission__audit=audit, item__key="greeting")
    assert answer.value == 7
    assert answer.started_at == moment("2026-01-31T23:59:58+02:00")
    assert answer.ended_at == moment("2026-02-01T00:00:05+02:00")
    score = AuditScore.objects.get(audit=audit)
    assert {n.norm: n.met for n in score.norms.all()} == {"greeted_within_8s": True}
    shown = api_as(world.reviewer).get(f"/api/v1/audits/{audit.pk}/").json()["answers"]
    greeting = next(a for a in shown if a["item"] == "greeting")
    assert greeting["value"] == 7
    assert moment(greeting["started_at"]) == answer.started_at
    assert moment(greeting["ended_at"]) == answer.ended_at


@pytest.mark.django_db
def test_moments_in_two_time_zones_are_measured_as_time_passed(world, field):
    # Sent from a phone in Helsinki at 09:00:00 (+03:00), answered at 08:00:12 in Budapest.
    audit = approved_audit(
        world,
        field,
        greeting={
            "started_at": NINE,
            "ended_at": "2026-07-01T08:00:12+02:00",
        },
    )

    assert Answer.objects.get(submission__audit=audit, item__key="greeting").value == 12
    score = AuditScore.objects.get(audit=audit)
    assert {n.norm: n.met for n in score.norms.all()} == {"greeted_within_8s": False}


@pytest.mark.django_db
def test_a_written_reply_counts_the_clients_business_hours_in_the_locations_zone(world, field):
    Location.objects.filter(pk=field.location.pk).update(time_zone="Europe/Budapest")
    BusinessHours.objects.bulk_create(
        BusinessHours(client=world.client, weekday=day, opens=opens, closes=closes)
        for day, opens, closes in WORKDAYS_9_TO_17
    )
    # A client's business hours count only where the item says so: "waiting" does.
    Item.objects.filter(checklist_version=field.version, key="waiting").update(business_hours=True)

    audit = approved_audit(
        world,
        field,
        # Friday 16:00 to Monday 10:00 in Budapest, written in Helsinki's offset.
        waiting={
            "started_at": FRIDAY_5PM,
            "ended_at": "2026-07-06T11:00:00+03:00",
        },
        # Not a business-hours item: every second counts.
        greeting={
            "started_at": FRIDAY_5PM,
            "ended_at": "2026-07-03T17:00:05+03:00",
        },
    )

    values = dict(
        Answer.objects.filter(
            submission__audit=audit, item__key__in=["waiting", "greeting"]
        ).values_list("item__key", "value")
    )
    assert values == {"waiting": 7200, "greeting": 5}


@pytest.mark.django_db
def test_the_phone_document_says_which_items_count_business_hours(world, field):
    Item.objects.filter(checklist_version=field.version, key="waiting").update(business_hours=True)

    body = api_as(world.auditor).get(f"/api/v1/checklist-versions/{field.version.pk}/").json()

    items = {item["key"]: item for section in body["sections"] for item in section["items"]}
    assert items["waiting"]["business_hours"] is True
    assert items["greeting"]["business_hours"] is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answer", "attr", "code"),
    [
        # Only a timed item is timed.
        (("mood", {"started_at": NINE}), "mood.ended_at", "required"),
        (
            (
                "mood",
                {
                    "started_at": NINE,
                    "ended_at": NINE_01,
                },
            ),
            "mood.started_at",
            "timestamps_not_allowed",
        ),
        # Both moments, each with its offset, in the years a phone can mean.
        (
            ("greeting", {"started_at": NINE}),
            "greeting.ended_at",
            "required",
        ),
        (
            ("greeting", {"started_at": "2026-07-01T09:00:00", "ended_at": NINE_05Z}),
            "greeting.started_at",
            "invalid",
        ),
        (
            (
                "greeting",
                {"started_at": "0001-01-01T00:00:00Z", "ended_at": NINE_05Z},
            ),
            "greeting.started_at",
            "invalid",
        ),
        (
            (
                "greeting",
                {"started_at": "2026-02-30T09:00:00Z", "ended_at": NINE_05Z},
            ),
            "greeting.started_at",
            "invalid",
        ),
        (("greeting", {"started_at": 5, "ended_at": 7}), "greeting.started_at", "invalid"),
        # The reply after the question, and nothing else beside the moments.
        (
            (
                "greeting",
                {"started_at": NINE_05Z, "ended_at": NINE_Z},
            ),
            "greeting.ended_at",
            "timestamps_reversed",
        ),
        (
            (
                "greeting",
                {
                    "value": 5,
                    "started_at": NINE_Z,
                    "ended_at": NINE_05Z,
                },
            ),
            "greeting.started_at",
            "timestamps_with_value",
        ),
        (
            (
                "greeting",
                {
                    "never": True,
                    "started_at": NINE_Z,
                    "ended_at": NINE_05Z,
                },
            ),
            "greeting.started_at",
            "timestamps_with_value",
        ),
    ],
)
def test_timed_answers_that_do_not_fit_are_refused_naming_the_field(
    world, field, answer, attr, code
):
    field.assignment.status = "accepted"
    field.assignment.save()
    payload = visit_payload(field.assignment)
    key, entry = answer
    payload["answers"][key] = entry

    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    assert response.status_code == 400
    assert {"attr": f"answers.{attr}", "code": code} in [
        {"attr": e["attr"], "code": e["code"]} for e in response.json()["errors"]
    ]
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_a_resend_of_timed_answers_is_the_same_submission_and_changed_times_conflict(world, field):
    field.assignment.status = "accepted"
    field.assignment.save()
    payload = visit_payload(field.assignment)
    payload["answers"]["greeting"] = {
        "started_at": NINE,
        "ended_at": NINE_06,
    }
    auditor = api_as(world.auditor)

    first = auditor.post("/api/v1/submissions/", payload, format="json")
    again = auditor.post("/api/v1/submissions/", payload, format="json")
    payload["answers"]["greeting"]["ended_at"] = "2026-07-01T09:00:09+03:00"
    changed = auditor.post("/api/v1/submissions/", payload, format="json")

    assert (first.status_code, again.status_code, changed.status_code) == (201, 200, 409)
    assert Answer.objects.get(item__key="greeting").value == 6


@pytest.mark.django_db
def test_the_answers_export_carries_the_moments(world, field):
    approved_audit(
        world,
        field,
        greeting={
            "started_at": NINE,
            "ended_at": NINE_06,
        },
    )

    rows = read_csv(api_as(world.client_admin).get("/api/v1/exports/answers.csv"))

    greeting = next(row for row in rows if row["item_code"] == "greeting")
    assert greeting["answer"] == "6"
    assert moment(greeting["started_at"]) == moment(NINE)
    assert moment(greeting["ended_at"]) == moment(NINE_06)
    waiting = next(row for row in rows if row["item_code"] == "waiting")
    assert (waiting["started_at"], waiting["ended_at"]) == ("", "")
