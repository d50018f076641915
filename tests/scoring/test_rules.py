"""Every scoring rule and edge, on plain values."""

from decimal import Decimal as D

import pytest

from scoring.rules import NormSpec, ScoringAnswer, ScoringItem, item_score, score_audit

GREET = NormSpec("greeted_within_8s", "max_duration", threshold_seconds=D(8))
WAIT = NormSpec("wait_5_min", "max_duration", D(300), partial_credit_until_seconds=D(600))
SMILE = NormSpec("smile", "observed")


def ans(value=None, na=False):
    return ScoringAnswer(value=value, is_na=na)


@pytest.mark.parametrize(
    ("item", "answer", "expected"),
    [
        (ScoringItem("a", "yes_no", "p"), ans(True), D(1)),
        (ScoringItem("a", "yes_no", "p"), ans(False), D(0)),
        (ScoringItem("a", "scale", "p", min_value=D(1), max_value=D(5)), ans(1), D(0)),
        (ScoringItem("a", "scale", "p", min_value=D(1), max_value=D(5)), ans(4), D("0.75")),
        (ScoringItem("a", "scale", "p", min_value=D(1), max_value=D(5)), ans(5), D(1)),
        (ScoringItem("a", "duration", "p", norm=GREET), ans(8.0), D(1)),
        (ScoringItem("a", "duration", "p", norm=GREET), ans(8.1), D(0)),
        (ScoringItem("a", "duration", "p", norm=GREET), ans(0), D(1)),
        (ScoringItem("a", "duration", "p", norm=WAIT), ans(300), D(1)),
        (ScoringItem("a", "duration", "p", norm=WAIT), ans(450), D("0.5")),
        (ScoringItem("a", "duration", "p", norm=WAIT), ans(600), D(0)),
        (ScoringItem("a", "duration", "p", norm=WAIT), ans(900), D(0)),
        (ScoringItem("a", "duration", "p"), ans(5), None),  # no norm: not scored
        (ScoringItem("a", "number", "p", min_value=D(0), max_value=D(10)), ans(7), D("0.7")),
        (ScoringItem("a", "number", "p", min_value=D(0), max_value=D(10)), ans(12), D(1)),
        (ScoringItem("a", "number", "p"), ans(7), None),
        (
            ScoringItem("a", "single_choice", "p", choice_points={"x": D(2), "y": D(1), "z": D(0)}),
            ans("y"),
            D("0.5"),
        ),
        (ScoringItem("a", "single_choice", "p", choice_points={"x": None}), ans("x"), None),
        (
            ScoringItem("a", "multiple_choice", "p", choice_points={"x": D(1), "y": D(3)}),
            ans(["y"]),
            D("0.75"),
        ),
        (
            ScoringItem(
                "a", "multiple_choice", "p", choice_points={"x": D(1), "y": D(3), "z": D(-2)}
            ),
            ans(["x", "z"]),
            D(0),
        ),
        (ScoringItem("a", "text", "p"), ans("fine"), None),
        (ScoringItem("a", "photo", "p"), ans(None), None),
        (ScoringItem("a", "yes_no", "p"), ans(na=True), None),
        (ScoringItem("a", "yes_no", "p"), None, None),
    ],
)
def test_item_scores(item, answer, expected):
    assert item_score(item, answer) == expected


PHASES = {"arrival": D(1), "departure": D(1)}


def audit(items, answers, phases=PHASES, zeroes=True):
    return score_audit(items, answers, phases, critical_miss_zeroes_total=zeroes)


def test_weighted_items_and_phases():
    items = [
        ScoringItem("greet", "duration", "arrival", weight=D(2), norm=GREET),
        ScoringItem("tidy", "yes_no", "arrival"),
        ScoringItem("smile", "yes_no", "departure", norm=SMILE),
    ]
    answers = {"greet": ans(6), "tidy": ans(False), "smile": ans(True)}

    result = audit(items, answers, {"arrival": D(3), "departure": D(1)})

    # arrival: (2*1 + 1*0) / 3 = 2/3; departure: 1; total: (3 * 2/3 + 1 * 1) / 4 = 0.75
    assert [(p.key, p.score) for p in result.phases] == [("arrival", 2 / 3), ("departure", 1.0)]
    assert result.total == pytest.approx(0.75)
    assert result.failed is False
    assert [(n.key, n.met) for n in result.norms] == [("greeted_within_8s", True), ("smile", True)]


def test_all_answers_na_scores_nothing():
    items = [
        ScoringItem("a", "yes_no", "arrival"),
        ScoringItem("b", "yes_no", "departure", norm=SMILE),
    ]

    result = audit(items, {"a": ans(na=True), "b": ans(na=True)})

    assert result.total is None
    assert result.raw_total is None
    assert [p.score for p in result.phases] == [None, None]
    assert [(n.key, n.met, n.score) for n in result.norms] == [("smile", None, None)]


def test_na_and_hidden_items_leave_numerator_and_denominator():
    items = [
        ScoringItem("queue", "yes_no", "arrival", weight=D(0)),
        ScoringItem("wait", "duration", "arrival", norm=WAIT),  # hidden: no answer
        ScoringItem("order", "yes_no", "arrival"),
        ScoringItem("help", "yes_no", "arrival"),
    ]

    result = audit(items, {"queue": ans(False), "order": ans(na=True), "help": ans(True)})

    assert result.items == {"queue": 0.0, "wait": None, "order": None, "help": 1.0}
    assert result.total == 1.0


def test_zero_weights():
    items = [
        ScoringItem(
            "loyal",
            "single_choice",
            "arrival",
            weight=D(0),
            choice_points={"consumer": D(0), "advocate": D(4)},
        ),
        ScoringItem("tidy", "yes_no", "arrival", weight=D(1)),
        ScoringItem("extra", "yes_no", "departure"),
    ]

    only_zero = audit(items[:1], {"loyal": ans("advocate")})
    zero_phase = audit(
        items,
        {"loyal": ans("consumer"), "tidy": ans(True), "extra": ans(False)},
        {"arrival": D(1), "departure": D(0)},
    )

    assert only_zero.total is None  # a weight-0 item never counts
    assert zero_phase.total == 1.0  # a weight-0 phase neither
    assert zero_phase.phases[1].score == 0.0  # but its own score is still reported


def test_a_critical_miss_fails_the_audit_and_zeroes_the_total_when_the_codex_says_so():
    items = [
        ScoringItem("complaint", "yes_no", "arrival", critical=True),
        ScoringItem("smile", "yes_no", "departure"),
    ]
    answers = {"complaint": ans(False), "smile": ans(True)}

    zeroed = audit(items, answers, zeroes=True)
    kept = audit(items, answers, zeroes=False)

    assert (zeroed.failed, zeroed.total, zeroed.raw_total) == (True, 0.0, 0.5)
    assert (kept.failed, kept.total, kept.raw_total) == (True, 0.5, 0.5)


def test_critical_item_partially_met_or_na():
    items = [ScoringItem("wait", "duration", "arrival", critical=True, norm=WAIT)]

    partial = audit(items, {"wait": ans(450)})
    na = audit(items, {"wait": ans(na=True)})

    assert (partial.failed, partial.raw_total, partial.total) == (True, 0.5, 0.0)
    assert (na.failed, na.total) == (False, None)


def test_the_8_second_boundary_for_the_norm():
    items = [ScoringItem("greet", "duration", "arrival", norm=GREET)]

    met = audit(items, {"greet": ans(8.0)})
    missed = audit(items, {"greet": ans(8.1)})

    assert (met.norms[0].met, met.total) == (True, 1.0)
    assert (missed.norms[0].met, missed.total) == (False, 0.0)


def test_a_phase_with_no_applicable_items():
    items = [ScoringItem("a", "yes_no", "arrival"), ScoringItem("b", "text", "departure")]

    result = audit(items, {"a": ans(False), "b": ans("nice")})

    assert [(p.key, p.score) for p in result.phases] == [("arrival", 0.0), ("departure", None)]
    assert result.total == 0.0


def test_partial_credit_does_not_meet_the_norm():
    items = [ScoringItem("wait", "duration", "arrival", norm=WAIT)]

    result = audit(items, {"wait": ans(450)})

    assert result.norms[0].met is False
    assert result.norms[0].score == 0.5


def test_loyalty_answer_places_the_visit_on_the_ladder():
    items = [
        ScoringItem(
            "loyalty",
            "single_choice",
            "departure",
            weight=D(0),
            measures_loyalty=True,
            choice_points={"advocate": None},
        )
    ]

    assert audit(items, {"loyalty": ans("advocate")}).loyalty == "advocate"
    assert audit(items, {}).loyalty is None


def test_a_duration_that_did_not_happen_scores_zero_only_against_a_norm():
    normed = ScoringItem(
        key="greeting",
        phase="arrival",
        type="duration",
        norm=NormSpec("greeted_within_8s", "max_duration", D(8), D(30)),
    )
    plain = ScoringItem(key="waiting", phase="arrival", type="duration")

    assert item_score(normed, ScoringAnswer(never=True)) == 0
    assert item_score(plain, ScoringAnswer(never=True)) is None
    assert item_score(normed, ScoringAnswer(value=8)) == 1


def test_each_phase_carries_the_auditors_expectation_and_it_changes_no_score():
    expect = {"figure": "expectation", "weight": D(0)}
    items = [
        ScoringItem("tidy", "yes_no", "arrival"),
        ScoringItem("expectations_arrival", "single_choice", "arrival", **expect),
        ScoringItem("smile", "yes_no", "departure"),
        ScoringItem("expectations_departure", "single_choice", "departure", **expect),
    ]
    answers = {
        "tidy": ans(True),
        "expectations_arrival": ans("exceeded"),
        "smile": ans(False),
        "expectations_departure": ans("fell_short"),
    }

    result = audit(items, answers)

    assert [(p.key, p.score, p.expectation) for p in result.phases] == [
        ("arrival", 1.0, 1),
        ("departure", 0.0, -1),
    ]
    assert result.total == pytest.approx(0.5)
    assert "expectations_arrival" not in {n.key for n in result.norms}
    # Met is 0; not applicable, unanswered or an unknown choice is none.
    for answer, expected in ((ans("met"), 0), (ans(na=True), None), (ans("soon"), None)):
        result = audit(items, {**answers, "expectations_arrival": answer})
        assert result.phases[0].expectation == expected
    assert audit(items, {"tidy": ans(True)}).phases[0].expectation is None
