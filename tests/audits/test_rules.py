"""Unit tests of the pure rules: answers against items, conditions, plausibility, states."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from audits.answers import (
    AnswerInput,
    ItemRule,
    answer_problems,
    required_photos,
    visible_item_keys,
)
from audits.plausibility import (
    VisitFacts,
    distance_m,
    is_reused,
    phash_distance,
    photo_time_finding,
    submission_findings,
)
from audits.states import Event, IllegalTransition, transition

A = AnswerInput


def codes(rules, answers):
    return [(p["attr"], p["code"]) for p in answer_problems(rules, answers)]


@pytest.mark.parametrize(
    ("rule", "value", "expected"),
    [
        (ItemRule("x", "yes_no"), True, []),
        (ItemRule("x", "yes_no"), "yes", ["wrong_type"]),
        (ItemRule("x", "yes_no"), 1, ["wrong_type"]),
        (ItemRule("x", "scale", min_value=Decimal(1), max_value=Decimal(5)), 5, []),
        (ItemRule("x", "scale", min_value=Decimal(1), max_value=Decimal(5)), 0, ["out_of_range"]),
        (ItemRule("x", "scale", min_value=Decimal(1), max_value=Decimal(5)), 5.5, ["out_of_range"]),
        (ItemRule("x", "scale", min_value=Decimal(1), max_value=Decimal(5)), "3", ["wrong_type"]),
        (ItemRule("x", "scale", min_value=Decimal(1), max_value=Decimal(5)), True, ["wrong_type"]),
        (ItemRule("x", "duration"), 8.0, []),
        (ItemRule("x", "duration"), -1, ["out_of_range"]),
        (ItemRule("x", "number"), 1e400, ["out_of_range"]),
        (ItemRule("x", "duration"), 10**400, ["out_of_range"]),
        (ItemRule("x", "duration"), -(10**400), ["out_of_range"]),
        (ItemRule("x", "number"), 10**9, []),
        (ItemRule("x", "number"), 10**9 + 1, ["out_of_range"]),
        (ItemRule("x", "duration"), float("nan"), ["wrong_type"]),
        (ItemRule("x", "single_choice", choice_keys=("a", "b")), "a", []),
        (ItemRule("x", "single_choice", choice_keys=("a", "b")), "c", ["invalid_choice"]),
        (ItemRule("x", "single_choice", choice_keys=("a", "b")), ["a"], ["wrong_type"]),
        (ItemRule("x", "multiple_choice", choice_keys=("a", "b")), ["a", "b"], []),
        (
            ItemRule("x", "multiple_choice", choice_keys=("a", "b")),
            ["a", "a"],
            ["duplicate_choice"],
        ),
        (ItemRule("x", "multiple_choice", choice_keys=("a", "b")), "a", ["wrong_type"]),
        (ItemRule("x", "text"), "Fine", []),
        (ItemRule("x", "text"), 3, ["wrong_type"]),
        (ItemRule("x", "photo"), "img.jpg", ["wrong_type"]),
    ],
)
def test_value_types_and_ranges(rule, value, expected):
    assert [code for _, code in codes([rule], {"x": A(value=value)})] == expected


def test_required_and_optional_items():
    rules = [ItemRule("must", "text"), ItemRule("may", "text", required=False)]

    assert codes(rules, {}) == [("answers.must.value", "required")]
    assert codes(rules, {"must": A(value="")}) == [("answers.must.value", "required")]
    assert codes(rules, {"must": A(value="ok")}) == []


def test_na_rules():
    rules = [ItemRule("n", "yes_no", allow_na=True), ItemRule("m", "yes_no")]

    assert codes(rules, {"n": A(is_na=True), "m": A(is_na=True)}) == [
        ("answers.m.value", "na_not_allowed")
    ]
    assert codes(rules, {"n": A(value=True, is_na=True), "m": A(value=False)}) == [
        ("answers.n.value", "na_with_value")
    ]


@pytest.mark.parametrize(
    ("op", "expected_value", "answer", "shown"),
    [
        ("equals", True, True, True),
        ("equals", True, False, False),
        ("not_equals", "no", "yes", True),
        ("in", ["a", "b"], "b", True),
        ("in", ["a", "b"], "c", False),
        ("gt", 60, 61, True),
        ("gt", 60, 60, False),
        ("lt", 60, 59.5, True),
        ("lt", 60, "x", False),
    ],
)
def test_conditions(op, expected_value, answer, shown):
    rules = [
        ItemRule("first", "text"),
        ItemRule(
            "second",
            "text",
            condition_item_key="first",
            condition_operator=op,
            condition_value=expected_value,
        ),
    ]

    assert ("second" in visible_item_keys(rules, {"first": A(value=answer)})) is shown


def test_a_hidden_item_hides_its_dependants_and_na_hides_too():
    rules = [
        ItemRule("queue", "yes_no", allow_na=True),
        ItemRule(
            "wait",
            "duration",
            condition_item_key="queue",
            condition_operator="equals",
            condition_value=True,
        ),
        ItemRule(
            "long", "yes_no", condition_item_key="wait", condition_operator="gt", condition_value=0
        ),
    ]

    assert visible_item_keys(rules, {"queue": A(value=False), "wait": A(value=5)}) == {"queue"}
    assert visible_item_keys(rules, {"queue": A(is_na=True)}) == {"queue"}
    assert codes(rules, {"queue": A(value=False)}) == []
    assert codes(rules, {"queue": A(value=True)}) == [("answers.wait.value", "required")]


def test_required_photos_skip_hidden_and_na_items():
    rules = [
        ItemRule("queue", "yes_no"),
        ItemRule(
            "queue_photo",
            "photo",
            condition_item_key="queue",
            condition_operator="equals",
            condition_value=True,
        ),
        ItemRule("shelf", "yes_no", allow_na=True),
        ItemRule("door", "photo"),
    ]
    minimums = {"queue_photo": 1, "shelf": 2, "door": 1}

    assert required_photos(rules, minimums, {"queue": A(value=False), "shelf": A(is_na=True)}) == {
        "door": 1
    }
    assert required_photos(rules, minimums, {"queue": A(value=True), "shelf": A(value=True)}) == {
        "queue_photo": 1,
        "shelf": 2,
        "door": 1,
    }


T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def facts(**overrides) -> VisitFacts:
    values = {
        "channel": "in_person",
        "started_at": T0,
        "ended_at": T0 + timedelta(minutes=15),
        "device_time": T0 + timedelta(minutes=16),
        "received_at": T0 + timedelta(minutes=16),
        "window_start": T0 - timedelta(hours=1),
        "window_end": T0 + timedelta(hours=1),
        "location_lat": 60.1691,
        "location_lon": 24.9327,
        "radius_m": 150,
        "check_in_lat": 60.1691,
        "check_in_lon": 24.9327,
        "check_in_accuracy_m": 10,
        "durations": {"greeting": 6.0},
    }
    values.update(overrides)
    return VisitFacts(**values)


def test_a_plausible_visit_has_no_findings():
    assert submission_findings(facts()) == []


def test_distance_is_haversine():
    # Helsinki to Budapest is about 1,450 km.
    assert distance_m(60.1699, 24.9384, 47.4979, 19.0402) == pytest.approx(1_450_000, rel=0.01)


def test_check_in_beyond_radius_plus_accuracy_is_flagged():
    near_enough = facts(check_in_lat=60.1691 + 0.0015, check_in_accuracy_m=50)  # ~167 m
    too_far = facts(check_in_lat=60.1691 + 0.0030, check_in_accuracy_m=50)  # ~334 m

    assert submission_findings(near_enough) == []
    assert [f.code for f in submission_findings(too_far)] == ["check_in_too_far"]
    assert [f.code for f in submission_findings(facts(check_in_lat=None))] == ["check_in_missing"]
    assert submission_findings(facts(channel="phone", check_in_lat=None)) == []


def test_window_durations_and_clock_skew():
    findings = submission_findings(
        facts(
            started_at=T0 - timedelta(hours=2),
            durations={"greeting": 6.0, "waiting": 10_000.0},
            device_time=T0 + timedelta(minutes=30),
        )
    )

    assert [f.code for f in findings] == [
        "visit_outside_window",
        "impossible_duration",
        "clock_skew",
    ]
    assert findings[2].data == {"skew_seconds": 840}


def test_skew_within_tolerance_is_fine():
    assert submission_findings(facts(device_time=T0 + timedelta(minutes=20))) == []


def test_photo_time_outside_the_visit_with_tolerance():
    start, end = T0, T0 + timedelta(minutes=15)

    assert photo_time_finding(None, start, end) is None
    assert photo_time_finding(T0 - timedelta(minutes=14), start, end) is None
    assert photo_time_finding(T0 - timedelta(minutes=16), start, end).code == "photo_outside_visit"
    assert photo_time_finding(end + timedelta(minutes=16), start, end).code == "photo_outside_visit"


def test_reuse_by_exact_hash_or_near_phash():
    assert phash_distance("ff00", "ff01") == 1
    assert is_reused("00000000000000ff", "abc", [("ffffffffffffffff", "abc")])
    assert is_reused("00000000000000ff", "abc", [("000000000000000f", "zzz")])
    assert not is_reused("00000000000000ff", "abc", [("0000000000ffffff", "zzz")])


@pytest.mark.parametrize(
    ("current", "event", "target", "result"),
    [
        (None, Event.SUBMIT, "awaiting_photos", "awaiting_photos"),
        (None, Event.SUBMIT, "submitted", "submitted"),
        ("awaiting_photos", Event.PHOTOS_COMPLETE, None, "submitted"),
        ("submitted", Event.APPROVE, None, "approved"),
        ("submitted", Event.RETURN, None, "returned"),
        ("returned", Event.SUBMIT, "submitted", "submitted"),
    ],
)
def test_legal_transitions(current, event, target, result):
    assert transition(current, event, target) == result


@pytest.mark.parametrize(
    ("current", "event"),
    [
        ("approved", Event.SUBMIT),
        ("approved", Event.RETURN),
        ("approved", Event.UPLOAD_PHOTO),
        ("awaiting_photos", Event.APPROVE),
        ("submitted", Event.SUBMIT),
        ("returned", Event.APPROVE),
        (None, Event.APPROVE),
    ],
)
def test_illegal_transitions_name_the_current_state(current, event):
    with pytest.raises(IllegalTransition) as raised:
        transition(current, event, "submitted" if event == Event.SUBMIT else None)

    assert raised.value.status_code == 409
    assert raised.value.as_errors()[0]["current_state"] == current
