"""How an audit is scored: pure functions over plain values, no database.

Every item scores between 0 and 1, or not at all (``None``):

- yes/no: yes 1, no 0.
- scale: normalised between its bounds, (value - min) / (max - min).
- duration: against its norm's threshold, at most the threshold is 1 (8.0 s meets an 8 s norm,
  8.1 s misses it). Past it, the score is 0, unless the norm gives partial credit up to a later
  limit: then credit falls linearly from 1 at the threshold to 0 at that limit. One that did not
  happen (never greeted, never answered) scores 0 when the item has a norm.
- number: normalised between its bounds when it has both; otherwise not scored.
- single choice: the chosen choice's points over the best choice's points.
- multiple choice: the chosen choices' points over all positive points, at most 1.
- text, photo, and choices without points: not scored.

An item that is N/A, hidden by its condition or not answered leaves the numerator and the
denominator alike. A phase scores the weighted mean of its scored items, and the audit the
phase-weighted mean of the phases that have any. A missed critical item (scoring below 1) fails
the audit. The score is still reported, and the codex says whether the total becomes 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

RULES_VERSION = 1

ONE = Decimal(1)
ZERO = Decimal(0)


@dataclass(frozen=True)
class NormSpec:
    key: str
    measure: str  # "max_duration" or "observed"
    threshold_seconds: Decimal | None = None
    partial_credit_until_seconds: Decimal | None = None


@dataclass(frozen=True)
class ScoringItem:
    key: str
    type: str
    phase: str
    weight: Decimal = ONE
    critical: bool = False
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    choice_points: dict[str, Decimal | None] = field(default_factory=dict)
    norm: NormSpec | None = None
    measures_loyalty: bool = False


@dataclass(frozen=True)
class ScoringAnswer:
    value: Any = None
    is_na: bool = False
    never: bool = False  # a timed item that did not happen


@dataclass(frozen=True)
class PhaseResult:
    key: str
    score: float | None  # None: no scored item in this phase
    weight: Decimal


@dataclass(frozen=True)
class NormOutcome:
    key: str
    met: bool | None  # None: not applicable in this audit
    score: float | None


@dataclass(frozen=True)
class AuditResult:
    total: float | None  # after a critical miss, 0 when the codex says so
    raw_total: float | None  # the weighted score, whatever the critical items
    failed: bool
    phases: list[PhaseResult]
    norms: list[NormOutcome]
    items: dict[str, float | None]
    loyalty: str | None


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _between(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    if high <= low:
        return ZERO
    return min(ONE, max(ZERO, (value - low) / (high - low)))


def duration_score(seconds: Decimal, norm: NormSpec) -> Decimal:
    threshold = norm.threshold_seconds
    if threshold is None:
        raise ValueError(f"norm {norm.key} has no threshold")
    if seconds <= threshold:
        return ONE
    limit = norm.partial_credit_until_seconds
    if limit is None or limit <= threshold or seconds >= limit:
        return ZERO
    return (limit - seconds) / (limit - threshold)


def item_score(item: ScoringItem, answer: ScoringAnswer | None) -> Decimal | None:
    """0 to 1, or None when the item does not count in this audit."""
    if answer is None or answer.is_na:
        return None
    value = answer.value
    kind = item.type
    if kind == "yes_no":
        return ONE if value is True else ZERO if value is False else None
    if kind in ("scale", "number"):
        number = _number(value)
        if number is None or item.min_value is None or item.max_value is None:
            return None
        return _between(number, item.min_value, item.max_value)
    if kind == "duration":
        if answer.never:  # never greeted, never answered: the norm is missed
            return ZERO if item.norm is not None and item.norm.threshold_seconds else None
        number = _number(value)
        if number is None or item.norm is None or item.norm.threshold_seconds is None:
            return None
        return duration_score(number, item.norm)
    if kind == "single_choice":
        points = {k: p for k, p in item.choice_points.items() if p is not None}
        best = max(points.values(), default=ZERO)
        if best <= 0 or value not in item.choice_points:
            return None
        return max(ZERO, (points.get(value) or ZERO) / best)
    if kind == "multiple_choice":
        positive = sum((p for p in item.choice_points.values() if p and p > 0), ZERO)
        if positive <= 0 or not isinstance(value, list):
            return None
        chosen = sum((item.choice_points.get(k) or ZERO for k in value), ZERO)
        return min(ONE, max(ZERO, chosen / positive))
    return None


def score_audit(
    items: list[ScoringItem],
    answers: dict[str, ScoringAnswer],
    phase_weights: dict[str, Decimal],
    *,
    critical_miss_zeroes_total: bool,
) -> AuditResult:
    """Score one audit. ``items`` in document order; ``phase_weights`` in phase order."""
    scores: dict[str, Decimal | None] = {}
    failed = False
    loyalty = None
    for item in items:
        answer = answers.get(item.key)
        score = item_score(item, answer)
        scores[item.key] = score
        if item.critical and score is not None and score < ONE:
            failed = True
        if item.measures_loyalty and answer is not None and isinstance(answer.value, str):
            loyalty = answer.value

    phases = []
    for phase, phase_weight in phase_weights.items():
        weighted = [
            (item.weight, scores[item.key])
            for item in items
            if item.phase == phase and scores[item.key] is not None and item.weight > 0
        ]
        denominator = sum((w for w, _ in weighted), ZERO)
        score = sum((w * s for w, s in weighted), ZERO) / denominator if denominator > 0 else None
        phases.append(PhaseResult(phase, None if score is None else float(score), phase_weight))

    counted = [p for p in phases if p.score is not None and p.weight > 0]
    denominator = sum((p.weight for p in counted), ZERO)
    raw_total = (
        float(sum((p.weight * Decimal(str(p.score)) for p in counted), ZERO) / denominator)
        if denominator > 0
        else None
    )
    total = 0.0 if failed and critical_miss_zeroes_total and raw_total is not None else raw_total

    norms: dict[str, list[Decimal | None]] = {}
    for item in items:
        if item.norm is not None:
            norms.setdefault(item.norm.key, []).append(scores[item.key])
    norm_outcomes = []
    for key, values in norms.items():
        applicable = [v for v in values if v is not None]
        if not applicable:
            norm_outcomes.append(NormOutcome(key, None, None))
            continue
        norm_outcomes.append(
            NormOutcome(
                key,
                all(v == ONE for v in applicable),
                float(sum(applicable, ZERO) / len(applicable)),
            )
        )
    return AuditResult(
        total=total,
        raw_total=raw_total,
        failed=failed,
        phases=phases,
        norms=norm_outcomes,
        items={k: None if v is None else float(v) for k, v in scores.items()},
        loyalty=loyalty,
    )
