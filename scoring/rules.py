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

Beside the score, a phase may carry how it compared with the auditor's expectations (an
expectation item: fell short, met, exceeded), and the visit its outcomes (``visit_outcomes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from checklists.constants import EXPECTATION_VALUES

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
    step: str = ""  # the step of the situation's process the item checks ("" before steps)
    figure: str = ""  # a visit outcome the answer gives (checklists.constants.ItemFigure)


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
    # Against the auditor's expectations (seed 004): -1 fell short, 0 met, 1 exceeded; None
    # where the checklist does not ask, or the answer is not applicable.
    expectation: int | None = None


@dataclass(frozen=True)
class StepResult:
    key: str
    score: float | None  # None: no scored item checks this step


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
    steps: list[StepResult] = field(default_factory=list)
    purchase: str | None = None  # the purchase outcome's choice key
    mood_change: float | None = None  # mood at departure less mood at arrival, each 0 to 1
    promise_kept: bool | None = None  # staff got back as promised (a two-stage visit's)


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

    expectations = phase_expectations(items, answers)
    phases = [
        PhaseResult(
            phase,
            _weighted_mean(items, scores, phase=phase),
            phase_weight,
            expectations.get(phase),
        )
        for phase, phase_weight in phase_weights.items()
    ]
    step_keys = list(dict.fromkeys(item.step for item in items if item.step))
    steps = [StepResult(step, _weighted_mean(items, scores, step=step)) for step in step_keys]

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
        steps=steps,
        **visit_outcomes(items, answers),
    )


def _weighted_mean(
    items: list[ScoringItem],
    scores: dict[str, Decimal | None],
    *,
    phase: str | None = None,
    step: str | None = None,
) -> float | None:
    """The weighted mean of the scored items of a phase or a step."""
    weighted = [
        (item.weight, scores[item.key])
        for item in items
        if (phase is None or item.phase == phase)
        and (step is None or item.step == step)
        and scores[item.key] is not None
        and item.weight > 0
    ]
    denominator = sum((w for w, _ in weighted), ZERO)
    if denominator <= 0:
        return None
    return float(sum((w * s for w, s in weighted), ZERO) / denominator)


def _mood(item: ScoringItem, answer: ScoringAnswer | None) -> Decimal | None:
    if answer is None or answer.is_na or item.min_value is None or item.max_value is None:
        return None
    number = _number(answer.value)
    return None if number is None else _between(number, item.min_value, item.max_value)


def phase_expectations(
    items: list[ScoringItem], answers: dict[str, ScoringAnswer]
) -> dict[str, int]:
    """Per phase, how it compared with what the auditor expected (seed 004: expectations
    against the lived experience), from its expectation item: -1 fell short, 0 met, 1
    exceeded. A phase whose item was not applicable or not answered has none."""
    found: dict[str, int] = {}
    for item in items:
        if item.figure != "expectation" or item.phase in found:
            continue
        answer = answers.get(item.key)
        if answer is None or answer.is_na or not isinstance(answer.value, str):
            continue
        if (value := EXPECTATION_VALUES.get(answer.value)) is not None:
            found[item.phase] = value
    return found


def visit_outcomes(items: list[ScoringItem], answers: dict[str, ScoringAnswer]) -> dict:
    """What the visit did for the customer (seed 001), from the items that say so: would they
    have bought (a sale lost to the service, or made with a complaint to come), and did they
    leave more satisfied than they came (the mood at departure less that at arrival, each on
    its scale from 0 to 1), and did staff get back to them as they promised (a two-stage
    visit's second stage, or the first visit's aftercare)."""
    by_figure = {item.figure: item for item in items if item.figure}
    purchase = None
    if (item := by_figure.get("purchase")) is not None:
        answer = answers.get(item.key)
        if answer is not None and not answer.is_na and isinstance(answer.value, str):
            purchase = answer.value
    mood_change = None
    arrival, departure = by_figure.get("mood_at_arrival"), by_figure.get("mood_at_departure")
    if arrival is not None and departure is not None:
        before = _mood(arrival, answers.get(arrival.key))
        after = _mood(departure, answers.get(departure.key))
        if before is not None and after is not None:
            mood_change = float(after - before)
    promise_kept = None
    if (item := by_figure.get("promise_kept")) is not None:
        answer = answers.get(item.key)
        if answer is not None and not answer.is_na and isinstance(answer.value, bool):
            promise_kept = answer.value
    return {"purchase": purchase, "mood_change": mood_change, "promise_kept": promise_kept}
