"""Validating a submission's answers against its pinned checklist version: pure functions over
plain values, so every rule is unit-tested without a database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from api.fields import EARLIEST_YEAR, LATEST_YEAR
from audits.durations import elapsed
from checklists.constants import ConditionOperator, ItemType


@dataclass(frozen=True)
class ItemRule:
    """What the validator needs to know of one checklist item, in document order."""

    key: str
    type: str
    required: bool = True
    allow_na: bool = False
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    choice_keys: tuple[str, ...] = ()
    condition_item_key: str = ""
    condition_operator: str = ""
    condition_value: Any = None
    # A duration answered as two moments counts the client's business hours only.
    business_hours: bool = False


@dataclass(frozen=True)
class AnswerInput:
    value: Any = None
    is_na: bool = False
    comment: str = ""
    # A duration item's "did not happen": never greeted, never answered, no reply. It is an
    # answer (no number), scores 0 against the item's norm and counts as a miss.
    never: bool = False
    # A duration answered as two moments (sent and replied): the server computes the value.
    # ``timed`` says either was sent; a moment that could not be read is None.
    timed: bool = False
    started_at: datetime | None = None
    ended_at: datetime | None = None


def _problem(key: str, code: str, detail: str, field: str = "value") -> dict[str, Any]:
    return {"code": code, "detail": detail, "attr": f"answers.{key}.{field}"}


# No checklist number (a count, a scale point, seconds of a duration) comes near this; a value
# beyond it is a typing slip or an attack, and would overflow a float on the way to a score.
MAX_NUMBER = Decimal(10**9)


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):  # ValueError: an int past Python's digit limit
        return None
    return number if number.is_finite() else None


def condition_holds(rule: ItemRule, answers: dict[str, AnswerInput]) -> bool:
    """Whether ``rule``'s item is shown, given the answers so far. An unanswered or N/A
    controlling item hides its dependants."""
    if not rule.condition_item_key:
        return True
    answer = answers.get(rule.condition_item_key)
    if answer is None or answer.is_na:
        return False
    actual, expected = answer.value, rule.condition_value
    op = rule.condition_operator
    if op == ConditionOperator.EQUALS:
        return actual == expected
    if op == ConditionOperator.NOT_EQUALS:
        return actual != expected
    if op == ConditionOperator.IN:
        return isinstance(expected, list) and actual in expected
    left, right = _as_number(actual), _as_number(expected)
    if left is None or right is None:
        return False
    return left > right if op == ConditionOperator.GREATER_THAN else left < right


def item_shown(rule: ItemRule, answers: dict[str, AnswerInput], shown: set[str]) -> bool:
    """Whether ``rule``'s item is shown, given the items shown before it (in document order):
    a hidden item hides everything that depends on it."""
    controlling_shown = not rule.condition_item_key or rule.condition_item_key in shown
    return controlling_shown and condition_holds(rule, answers)


def visible_item_keys(rules: list[ItemRule], answers: dict[str, AnswerInput]) -> set[str]:
    """The items shown to the auditor."""
    visible: set[str] = set()
    for rule in rules:
        if item_shown(rule, answers, visible):
            visible.add(rule.key)
    return visible


def _value_problems(rule: ItemRule, value: Any) -> list[dict[str, Any]]:
    key = rule.key
    if rule.type == ItemType.YES_NO:
        if not isinstance(value, bool):
            return [_problem(key, "wrong_type", _("Answer true or false."))]
        return []
    if rule.type in (ItemType.SCALE, ItemType.NUMBER, ItemType.DURATION):
        if isinstance(value, float) and value in (float("inf"), float("-inf")):
            return [
                _problem(
                    key, "out_of_range", _("Numbers are at most %(max)s.") % {"max": MAX_NUMBER}
                )
            ]
        number = _as_number(value)
        if number is None or isinstance(value, str):
            return [_problem(key, "wrong_type", _("Answer with a number."))]
        if abs(number) > MAX_NUMBER:
            return [
                _problem(
                    key, "out_of_range", _("Numbers are at most %(max)s.") % {"max": MAX_NUMBER}
                )
            ]
        low = Decimal(0) if rule.type == ItemType.DURATION else rule.min_value
        if low is not None and number < low:
            return [
                _problem(
                    key,
                    "out_of_range",
                    _("The answer is below the minimum %(min)s.") % {"min": low},
                )
            ]
        if rule.max_value is not None and number > rule.max_value:
            return [
                _problem(
                    key,
                    "out_of_range",
                    _("The answer is above the maximum %(max)s.") % {"max": rule.max_value},
                )
            ]
        return []
    if rule.type == ItemType.SINGLE_CHOICE:
        if not isinstance(value, str):
            return [_problem(key, "wrong_type", _("Answer with one choice key."))]
        if value not in rule.choice_keys:
            return [
                _problem(
                    key,
                    "invalid_choice",
                    _("%(value)r is not one of the choices.") % {"value": value},
                )
            ]
        return []
    if rule.type == ItemType.MULTIPLE_CHOICE:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [_problem(key, "wrong_type", _("Answer with a list of choice keys."))]
        unknown = [v for v in value if v not in rule.choice_keys]
        if unknown:
            return [
                _problem(
                    key,
                    "invalid_choice",
                    _("Not among the choices: %(values)s.") % {"values": ", ".join(unknown)},
                )
            ]
        if len(set(value)) != len(value):
            return [_problem(key, "duplicate_choice", _("A choice is given twice."))]
        return []
    if rule.type == ItemType.TEXT:
        if not isinstance(value, str):
            return [_problem(key, "wrong_type", _("Answer with text."))]
        return []
    if rule.type == ItemType.PHOTO:
        if value is not None:
            return [_problem(key, "wrong_type", _("Photo items take no value; upload the photos."))]
        return []
    return [_problem(key, "wrong_type", _("Unknown item type %(type)r.") % {"type": rule.type})]


def _is_empty(rule: ItemRule, answer: AnswerInput | None) -> bool:
    if rule.type == ItemType.PHOTO:
        return False  # photos arrive separately; completeness counts them
    if answer is None:
        return True
    if answer.is_na or answer.never:
        return False
    return answer.value is None or answer.value == "" or answer.value == []


def answer_problems(rules: list[ItemRule], answers: dict[str, AnswerInput]) -> list[dict[str, Any]]:
    """Every reason the answers do not fit the checklist, each naming its item."""
    problems: list[dict[str, Any]] = []
    by_key = {rule.key: rule for rule in rules}
    for key in answers:
        if key not in by_key:
            problems.append(
                _problem(key, "unknown_item", _("This checklist has no such item."), field="item")
            )
    visible = visible_item_keys(rules, answers)
    for rule in rules:
        answer = answers.get(rule.key)
        if rule.key not in visible:
            if answer is not None:
                problems.append(
                    _problem(
                        rule.key,
                        "hidden_item_answered",
                        _("Hidden by the answer to %(item)r; leave it out.")
                        % {"item": rule.condition_item_key},
                        field="item",
                    )
                )
            continue
        if answer is not None and answer.timed:
            problems.extend(_timed_problems(rule, answer))
            continue
        if answer is not None and answer.never:
            if rule.type != ItemType.DURATION:
                problems.append(
                    _problem(
                        rule.key,
                        "never_not_allowed",
                        _("Only a timed item can be answered as did not happen."),
                        field="never",
                    )
                )
            elif answer.is_na:
                problems.append(
                    _problem(
                        rule.key,
                        "never_with_na",
                        _("Answer either N/A or did not happen, not both."),
                        field="never",
                    )
                )
            elif answer.value is not None:
                problems.append(
                    _problem(
                        rule.key,
                        "never_with_value",
                        _("An item that did not happen takes no value."),
                        field="never",
                    )
                )
            continue
        if answer is not None and answer.is_na:
            if not rule.allow_na:
                problems.append(_problem(rule.key, "na_not_allowed", _("N/A is not allowed here.")))
            elif answer.value is not None:
                problems.append(_problem(rule.key, "na_with_value", _("N/A takes no value.")))
            continue
        if _is_empty(rule, answer):
            if rule.required:
                problems.append(_problem(rule.key, "required", _("This item must be answered.")))
            continue
        if answer is not None:
            problems.extend(_value_problems(rule, answer.value))
    return problems


def _timed_problems(rule: ItemRule, answer: AnswerInput) -> list[dict[str, Any]]:
    """A duration answered as two moments: only a timed item, without any other answer, the
    reply not before the question. A moment that is missing or unreadable was named already."""
    key = rule.key
    if rule.type != ItemType.DURATION:
        return [
            _problem(
                key,
                "timestamps_not_allowed",
                _("Only a timed item can be answered with two times."),
                field="started_at",
            )
        ]
    if answer.is_na or answer.never or answer.value is not None:
        return [
            _problem(
                key,
                "timestamps_with_value",
                _("Send either the two times or a value, N/A or did not happen, not both."),
                field="started_at",
            )
        ]
    if answer.started_at is None or answer.ended_at is None:
        return []
    seconds = elapsed(answer.started_at, answer.ended_at)
    if seconds < 0:
        return [
            _problem(
                key,
                "timestamps_reversed",
                _("The end is before the start."),
                field="ended_at",
            )
        ]
    if seconds > MAX_NUMBER:
        return [
            _problem(
                key,
                "out_of_range",
                _("Numbers are at most %(max)s.") % {"max": MAX_NUMBER},
                field="ended_at",
            )
        ]
    return []


def required_photos(
    rules: list[ItemRule], min_photos: dict[str, int], answers: dict[str, AnswerInput]
) -> dict[str, int]:
    """How many photos each shown, applicable item needs."""
    visible = visible_item_keys(rules, answers)
    return {
        rule.key: min_photos[rule.key]
        for rule in rules
        if min_photos.get(rule.key)
        and rule.key in visible
        and not (rule.key in answers and answers[rule.key].is_na)
    }


ANSWER_FIELDS = frozenset({"value", "na", "never", "comment", "started_at", "ended_at"})
MOMENTS = ("started_at", "ended_at")


def _moment(text: Any) -> datetime | None:
    """An ISO 8601 date-time with its offset (the moment is absolute), from 1970 to 2099."""
    if not isinstance(text, str):
        return None
    try:
        moment = parse_datetime(text)
    except ValueError:  # well formed, but no such day or hour
        return None
    if moment is None or moment.utcoffset() is None:
        return None
    return moment if EARLIEST_YEAR <= int(text[:4]) <= LATEST_YEAR else None


MAX_COMMENT = 5000


def parse_answers(raw: Any) -> tuple[dict[str, AnswerInput], list[dict[str, Any]]]:
    """The phone's ``answers`` object ({item key: {value, na, comment}}) as plain values, and
    every shape problem found, each naming its field."""
    if not isinstance(raw, dict):
        return {}, [
            {
                "code": "not_a_dict",
                "detail": _("Send an object keyed by item key."),
                "attr": "answers",
            }
        ]
    answers: dict[str, AnswerInput] = {}
    problems: list[dict[str, Any]] = []
    for key, entry in raw.items():
        attr = f"answers.{key}"
        if not isinstance(entry, dict):
            problems.append(
                {"code": "not_a_dict", "detail": _("Send {value, na, comment}."), "attr": attr}
            )
            continue
        unknown = set(entry) - ANSWER_FIELDS
        if unknown:
            problems.append(
                {
                    "code": "unknown_field",
                    "detail": _("Unknown fields: %(fields)s.")
                    % {"fields": ", ".join(sorted(unknown))},
                    "attr": attr,
                }
            )
        na, comment = entry.get("na", False), entry.get("comment", "")
        never = entry.get("never", False)
        for name, flag in (("na", na), ("never", never)):
            if not isinstance(flag, bool):
                problems.append(
                    {
                        "code": "invalid",
                        "detail": _("Must be true or false."),
                        "attr": f"{attr}.{name}",
                    }
                )
        if not isinstance(comment, str) or len(comment) > MAX_COMMENT:
            problems.append(
                {
                    "code": "invalid",
                    "detail": _("Text of at most %(max)d characters.") % {"max": MAX_COMMENT},
                    "attr": f"{attr}.comment",
                }
            )
        moments = {name: _moment(entry.get(name)) for name in MOMENTS}
        timed = any(name in entry for name in MOMENTS)
        for name in MOMENTS if timed else ():
            if name not in entry:
                problems.append(
                    {
                        "code": "required",
                        "detail": _("Send both started_at and ended_at."),
                        "attr": f"{attr}.{name}",
                    }
                )
            elif moments[name] is None:
                problems.append(
                    {
                        "code": "invalid",
                        "detail": _(
                            "Give a date-time with its offset between the years %(earliest)d "
                            "and %(latest)d, as 2026-07-01T09:00:00+03:00."
                        )
                        % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
                        "attr": f"{attr}.{name}",
                    }
                )
        answers[key] = AnswerInput(
            value=entry.get("value"),
            is_na=na is True,
            comment=comment if isinstance(comment, str) else "",
            never=never is True,
            timed=timed,
            **moments,
        )
    return answers, problems
