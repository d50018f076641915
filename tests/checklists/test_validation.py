"""What publishing refuses, as unit tests of the pure validation function."""

from decimal import Decimal

from checklists.validation import ItemSpec, checklist_problems

CODEX = 7


def spec(key: str, **overrides) -> ItemSpec:
    return ItemSpec(**{"key": key, "type": "yes_no", "phase_codex_version_id": CODEX, **overrides})


def codes(items: list[ItemSpec], codex_published: bool = True) -> list[tuple[str, str]]:
    problems = checklist_problems(items, codex_version_id=CODEX, codex_published=codex_published)
    return [(problem["code"], problem["attr"]) for problem in problems]


def test_a_valid_checklist_has_no_problems():
    items = [
        spec("queue_present"),
        spec(
            "waiting",
            type="duration",
            condition_item_key="queue_present",
            condition_operator="equals",
            condition_value=True,
        ),
        spec("mood", type="scale", min_value=Decimal(1), max_value=Decimal(5)),
    ]

    assert codes(items) == []


def test_duplicate_item_keys_are_refused():
    assert codes([spec("greeting"), spec("smile"), spec("greeting")]) == [
        ("duplicate_key", "items.greeting.key")
    ]


def test_condition_pointing_at_a_missing_item_is_refused():
    items = [spec("waiting", condition_item_key="queue", condition_operator="equals")]

    assert codes(items) == [("condition_item_missing", "items.waiting.condition")]


def test_condition_pointing_at_a_later_item_is_refused():
    items = [
        spec("waiting", condition_item_key="queue_present", condition_operator="equals"),
        spec("queue_present"),
    ]

    assert codes(items) == [("condition_item_not_earlier", "items.waiting.condition")]


def test_condition_pointing_at_itself_is_refused():
    items = [spec("waiting", condition_item_key="waiting", condition_operator="equals")]

    assert codes(items) == [("condition_item_not_earlier", "items.waiting.condition")]


def test_condition_without_operator_is_refused():
    items = [spec("queue"), spec("waiting", condition_item_key="queue")]

    assert codes(items) == [("incomplete_condition", "items.waiting.condition")]


def test_in_condition_needs_a_list():
    items = [
        spec("queue"),
        spec("waiting", condition_item_key="queue", condition_operator="in", condition_value=1),
    ]

    assert codes(items) == [("invalid_condition_value", "items.waiting.condition")]


def test_scale_bounds_reversed_or_equal_are_refused():
    items = [
        spec("reversed", type="scale", min_value=Decimal(5), max_value=Decimal(1)),
        spec("equal", type="scale", min_value=Decimal(3), max_value=Decimal(3)),
    ]

    assert codes(items) == [
        ("invalid_scale_bounds", "items.reversed.min_value"),
        ("invalid_scale_bounds", "items.equal.min_value"),
    ]


def test_scale_without_bounds_is_refused():
    assert codes([spec("mood", type="scale", min_value=Decimal(1))]) == [
        ("scale_bounds_missing", "items.mood")
    ]


def test_number_bounds_may_be_open_but_not_reversed():
    items = [
        spec("open", type="number", min_value=Decimal(0)),
        spec("reversed", type="number", min_value=Decimal(10), max_value=Decimal(0)),
    ]

    assert codes(items) == [("invalid_bounds", "items.reversed.min_value")]


def test_choice_items_need_two_choices_and_others_none():
    items = [
        spec("single", type="single_choice", choice_keys=("only",)),
        spec("yes", choice_keys=("a", "b")),
    ]

    assert codes(items) == [
        ("choices_missing", "items.single"),
        ("choices_not_allowed", "items.yes.choices"),
    ]


def test_loyalty_question_must_offer_the_ladder():
    ladder = ("consumer", "trier", "customer", "loyalist", "advocate")
    good = spec("loyalty", type="single_choice", measures_loyalty=True, choice_keys=ladder)
    bad = spec("loyalty2", type="single_choice", measures_loyalty=True, choice_keys=("yes", "no"))

    assert codes([good, bad]) == [("invalid_loyalty_item", "items.loyalty2")]


def test_duration_norm_needs_a_duration_item():
    items = [spec("greeting", norm_codex_version_id=CODEX, norm_measure="max_duration")]

    assert codes(items) == [("norm_type_mismatch", "items.greeting.type")]


def test_phase_and_norm_must_come_from_the_pinned_codex():
    items = [spec("greeting", phase_codex_version_id=8, norm_codex_version_id=9)]

    assert codes(items) == [
        ("phase_from_other_codex", "items.greeting.phase"),
        ("norm_from_other_codex", "items.greeting.norm"),
    ]


def test_empty_checklist_and_unpublished_codex_are_refused():
    assert codes([], codex_published=False) == [
        ("codex_not_published", "codex_version"),
        ("no_items", "items"),
    ]


def test_every_problem_is_reported_at_once():
    items = [
        spec("a"),
        spec("a"),
        spec("s", type="scale", min_value=Decimal(2), max_value=Decimal(1)),
        spec("c", condition_item_key="zzz", condition_operator="equals"),
    ]

    assert [code for code, _ in codes(items)] == [
        "duplicate_key",
        "invalid_scale_bounds",
        "condition_item_missing",
    ]


def test_only_a_timed_item_counts_business_hours():
    timed = spec("reply", type="duration", business_hours=True)
    answered = spec("mood", type="yes_no", business_hours=True)

    assert codes([timed, answered]) == [("business_hours_not_allowed", "items.mood.business_hours")]
