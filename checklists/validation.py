"""What makes a checklist version publishable, as a pure function over plain values."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from checklists.constants import CHOICE_TYPES, ConditionOperator, ItemType
from codex.constants import LoyaltyRung, NormMeasure


@dataclass(frozen=True)
class ItemSpec:
    """An item as publishing sees it, in document order (phase order, then position)."""

    key: str
    type: str
    phase_codex_version_id: int
    norm_codex_version_id: int | None = None
    norm_measure: str | None = None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    choice_keys: tuple[str, ...] = ()
    measures_loyalty: bool = False
    business_hours: bool = False
    condition_item_key: str = ""
    condition_operator: str = ""
    condition_value: Any = None
    weight: Decimal = Decimal(1)
    min_photos: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _problem(code: str, detail: str, key: str | None, attr: str | None = None) -> dict[str, Any]:
    path = "items" if key is None else f"items.{key}"
    return {"code": code, "detail": detail, "attr": f"{path}.{attr}" if attr else path}


def checklist_problems(
    items: list[ItemSpec], *, codex_version_id: int, codex_published: bool
) -> list[dict[str, Any]]:
    """Every reason the checklist cannot be published; an empty list means it can."""
    problems: list[dict[str, Any]] = []
    if not codex_published:
        problems.append(
            {
                "code": "codex_not_published",
                "detail": _("Publish the codex version this checklist is built on first."),
                "attr": "codex_version",
            }
        )
    if not items:
        problems.append(_problem("no_items", _("A checklist needs at least one item."), None))

    counts = Counter(item.key for item in items)
    for key, count in counts.items():
        if count > 1:
            problems.append(
                _problem(
                    "duplicate_key",
                    _("The key %(key)r is used by %(count)d items.") % {"key": key, "count": count},
                    key,
                    "key",
                )
            )

    position = {}
    for index, item in enumerate(items):
        position.setdefault(item.key, index)

    for index, item in enumerate(items):
        problems.extend(_item_problems(item, index, position, codex_version_id))
    return problems


def _item_problems(
    item: ItemSpec, index: int, position: dict[str, int], codex_version_id: int
) -> list[dict[str, Any]]:
    problems = []
    key = item.key
    if item.phase_codex_version_id != codex_version_id:
        problems.append(
            _problem(
                "phase_from_other_codex", _("The phase belongs to another codex."), key, "phase"
            )
        )
    if item.norm_codex_version_id is not None and item.norm_codex_version_id != codex_version_id:
        problems.append(
            _problem("norm_from_other_codex", _("The norm belongs to another codex."), key, "norm")
        )
    if item.norm_measure == NormMeasure.MAX_DURATION and item.type != ItemType.DURATION:
        problems.append(
            _problem(
                "norm_type_mismatch",
                _("A time-limit norm is measured by a duration item."),
                key,
                "type",
            )
        )

    if item.type == ItemType.SCALE:
        if item.min_value is None or item.max_value is None:
            problems.append(
                _problem(
                    "scale_bounds_missing", _("A scale needs a lower and an upper bound."), key
                )
            )
        elif item.min_value >= item.max_value:
            problems.append(
                _problem(
                    "invalid_scale_bounds",
                    _("The scale's lower bound %(low)s is not below its upper bound %(high)s.")
                    % {"low": item.min_value, "high": item.max_value},
                    key,
                    "min_value",
                )
            )
    elif (
        item.min_value is not None
        and item.max_value is not None
        and item.min_value > item.max_value
    ):
        problems.append(
            _problem(
                "invalid_bounds", _("The lower bound is above the upper bound."), key, "min_value"
            )
        )

    if item.type in CHOICE_TYPES:
        if len(item.choice_keys) < 2:
            problems.append(_problem("choices_missing", _("Give at least two choices."), key))
    elif item.choice_keys:
        problems.append(
            _problem("choices_not_allowed", _("Only choice items have choices."), key, "choices")
        )

    if item.measures_loyalty and (
        item.type != ItemType.SINGLE_CHOICE or set(item.choice_keys) != set(LoyaltyRung.values)
    ):
        problems.append(
            _problem(
                "invalid_loyalty_item",
                _(
                    "The loyalty question is a single choice whose choices are the ladder's "
                    "rungs: %(rungs)s."
                )
                % {"rungs": ", ".join(LoyaltyRung.values)},
                key,
            )
        )

    if item.business_hours and item.type != ItemType.DURATION:
        problems.append(
            _problem(
                "business_hours_not_allowed",
                _("Only a timed item can count business hours."),
                key,
                "business_hours",
            )
        )

    if item.condition_item_key or item.condition_operator:
        problems.extend(_condition_problems(item, index, position))
    return problems


def _condition_problems(
    item: ItemSpec, index: int, position: dict[str, int]
) -> list[dict[str, Any]]:
    key = item.key
    if not item.condition_item_key or not item.condition_operator:
        return [
            _problem(
                "incomplete_condition",
                _("A condition needs both the earlier item and an operator."),
                key,
                "condition",
            )
        ]
    target = item.condition_item_key
    if target not in position:
        return [
            _problem(
                "condition_item_missing",
                _("The condition refers to %(item)r, which is not in this checklist.")
                % {"item": target},
                key,
                "condition",
            )
        ]
    if position[target] >= index:
        return [
            _problem(
                "condition_item_not_earlier",
                _("The condition refers to %(item)r, which does not come before this item.")
                % {"item": target},
                key,
                "condition",
            )
        ]
    if item.condition_operator == ConditionOperator.IN and not isinstance(
        item.condition_value, list
    ):
        return [
            _problem(
                "invalid_condition_value",
                _("The 'in' operator compares with a list of values."),
                key,
                "condition",
            )
        ]
    return []
