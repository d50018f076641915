"""Every figure a client reader sees, computed in one place: the API views, the period PDFs and
the exports call these functions and only format what they return, so a rank, a mean, a gap or
an interval is the same wherever it appears.

Each function takes what the reader may see (``selectors.scores`` already scoped and filtered)
and returns plain values: every mean and rate carries its number of audits and a 95% interval
(``scoring.stats``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

import numpy as np
from django.db.models import QuerySet

from codex.models import differing_attributes
from scoring import selectors
from scoring.models import AuditScore
from scoring.stats import (
    Difference,
    Estimate,
    Pooled,
    VisitsNeeded,
    from_sums,
    mean_interval,
    median_interval,
    partial_pooling,
    sample_sd,
    tiers,
    visits_needed,
    welch_difference,
    wilson,
    wilson_many,
)

TREND_PERIODS = 6
NO_FIGURE = Estimate(0, None, None, None)


@dataclass(frozen=True)
class Expectations:
    """A phase against the auditors' expectations (seed 004): of ``n`` audits that asked, the
    shares where it fell short of and exceeded them (the rest met them), with 95% intervals."""

    n: int
    fell_short: Estimate
    exceeded: Estimate


@dataclass(frozen=True)
class PhaseFigure:
    phase: str
    position: int
    estimate: Estimate
    expectations: Expectations | None = None  # where the checklists ask


@dataclass(frozen=True)
class NormFigure:
    """How often a norm was met where it applied (a rate with Wilson's interval)."""

    norm: str
    met: int
    rate: Estimate
    target: float

    @property
    def meets_target(self) -> bool:
        return self.rate.mean is not None and self.rate.mean >= self.target - 1e-9

    @property
    def missed(self) -> int:
        return self.rate.n - self.met

    @property
    def miss_rate(self) -> Estimate:
        return wilson(self.missed, self.rate.n)


@dataclass(frozen=True)
class Overall:
    estimate: Estimate
    failed: Estimate  # the share of audits failed (a critical miss), as a rate


class LeaderRow(NamedTuple):
    rank: int
    location_id: int
    name: str
    estimate: Estimate
    pooled: Pooled
    failed: Estimate
    tier: int


@dataclass(frozen=True)
class Leaderboard:
    region: Estimate
    rows: list[LeaderRow]


@dataclass(frozen=True)
class StepFigure:
    """A step of the situations' processes (seed 004): its mean score over the audits whose
    checklist checks it."""

    step: str
    phase: str
    estimate: Estimate


# Seed 001: a third of customers leave without buying because of bad service.
LOST_SALE_REFERENCE = 0.33


@dataclass(frozen=True)
class Outcomes:
    """What the visits did for the customer (seed 001), each a rate with Wilson's interval over
    the audits that answered it: a sale lost to the service (against the texts' third), a sale
    made with a complaint to come, and leaving more satisfied than one came; and the mean
    change of mood (departure less arrival, each 0 to 1)."""

    lost_sale: Estimate
    buys_but_complains: Estimate
    more_satisfied: Estimate
    mood_change: Estimate


@dataclass(frozen=True)
class FollowUps:
    """Two-stage visits (seed 000's aftercare, the 24-hour reply, a sales follow-up), counted
    by their first visits: after how many staff got back, how long after, and as promised. A
    visit after which no contact came counts as never: last in the hours, not within a day,
    not as promised."""

    n: int  # first visits with a known outcome
    no_contact: int
    hours: Estimate  # the median hours, distribution-free interval; inf where never
    within_a_day: Estimate  # the share within 24 hours, Wilson
    promise_kept: Estimate  # of those with an answer (no contact: not kept), Wilson


# Seed 000 and the codex's written-enquiry norm: a reply within 24 hours.
FOLLOW_UP_HOURS = 24


def follow_ups(scores: QuerySet[AuditScore]) -> FollowUps:
    rows = selectors.follow_up_rows(scores)
    hours = [hours if came and hours is not None else math.inf for came, hours, _ in rows]
    kept = [row[2] for row in rows if row[2] is not None]
    return FollowUps(
        n=len(rows),
        no_contact=sum(not came for came, _, _ in rows),
        hours=median_interval(hours),
        within_a_day=wilson(sum(value <= FOLLOW_UP_HOURS for value in hours), len(hours)),
        promise_kept=wilson(sum(kept), len(kept)),
    )


@dataclass(frozen=True)
class Scorecard:
    overall: Overall
    phases: list[PhaseFigure]
    norms: list[NormFigure]
    loyalty: dict[str, int]
    previous: Estimate | None
    change: float | None
    rank: tuple[int, int] | None  # position, of how many, in the region's leaderboard
    steps: list[StepFigure] = field(default_factory=list)
    outcomes: Outcomes | None = None
    follow_ups: FollowUps | None = None


@dataclass(frozen=True)
class CompareRow:
    location_id: int
    estimate: Estimate
    phases: dict[str, Estimate]
    norms: dict[str, Estimate]


class Gap(NamedTuple):
    persona: str
    reference: str
    difference: Difference
    # The persona attributes the two differ in (``codex.constants.PERSONA_ATTRIBUTES``): one
    # alone makes a matched pair, whose gap is unequal treatment rather than a different need.
    differs_in: list[str]


@dataclass(frozen=True)
class PersonaGap:
    locations: int
    personas: list[tuple[str, Estimate]]
    gaps: list[Gap]


@dataclass(frozen=True)
class AgainstCompetitors:
    """One figure of the client's stores beside the same of its competitors' (their audits'
    mean, every competitor store's visits together), and the gap: own minus competitors'."""

    own: Estimate
    competitors: Estimate
    gap: Difference


@dataclass(frozen=True)
class CompetitorGap:
    stores: int  # how many of the competitors' stores the average is over; never which
    overall: AgainstCompetitors
    phases: list[tuple[str, AgainstCompetitors]]


def _against(own: tuple[int, float | None, float | None], rivals) -> AgainstCompetitors:
    return AgainstCompetitors(
        from_sums(*own),
        from_sums(*rivals),
        welch_difference(
            own[0], _mean(*own), sample_sd(*own), rivals[0], _mean(*rivals), sample_sd(*rivals)
        ),
    )


def _mean(n: int, total: float | None, _squares) -> float | None:
    return total / n if n and total is not None else None


def competitor_gap(own: QuerySet[AuditScore], competitors: QuerySet[AuditScore]) -> CompetitorGap:
    """The client's stores against its competitors' (``selectors.scores(competitors=True)``,
    narrowed the same way): the mean score and each phase's, each side with its interval, and
    the gap with Welch's. Competitor visits count in no other figure, and no figure names one
    of their stores."""
    mine, theirs = selectors.stores_and_sums(own), selectors.stores_and_sums(competitors)
    totals = ("n", "total_sum", "total_squares")
    phase_totals = ("n", "sum", "squares")
    own_phases = {row["phase"]: row for row in selectors.phase_sums(own)}
    their_phases = {row["phase"]: row for row in selectors.phase_sums(competitors)}
    none = (0, None, None)
    return CompetitorGap(
        stores=theirs["stores"],
        overall=_against(tuple(mine[key] for key in totals), tuple(theirs[key] for key in totals)),
        phases=[
            (
                phase,
                _against(
                    tuple(row[key] for key in phase_totals),
                    tuple(their_phases[phase][key] for key in phase_totals)
                    if phase in their_phases
                    else none,
                ),
            )
            for phase, row in own_phases.items()
        ],
    )


def overall(scores: QuerySet[AuditScore]) -> Overall:
    return _overall(selectors.overall_sums(scores))


def _overall(row: dict) -> Overall:
    estimate = from_sums(row["n"], row["total_sum"], row["total_squares"])
    return Overall(estimate, wilson(row["failed"], row["n"]))


def phases(scores: QuerySet[AuditScore]) -> list[PhaseFigure]:
    return _phases(selectors.phase_sums(scores))


def norms(scores: QuerySet[AuditScore]) -> list[NormFigure]:
    return _norms(selectors.norm_counts(scores))


def phases_and_norms(
    scores: QuerySet[AuditScore],
) -> tuple[list[PhaseFigure], list[NormFigure], list[StepFigure]]:
    """``phases`` (with their expectations), ``norms`` and the steps of the same scores, read
    in one statement."""
    phase_rows, norm_rows, step_rows, expectation_rows = selectors.phase_and_norm_sums(scores)
    steps = [
        StepFigure(row["step"], row["phase"], from_sums(row["n"], row["sum"], row["squares"]))
        for row in step_rows
    ]
    phases = [
        replace(phase, expectations=expectations(expectation_rows.get(phase.phase)))
        for phase in _phases(phase_rows)
    ]
    return phases, _norms(norm_rows), steps


def expectations(counts: dict | None) -> Expectations | None:
    """A phase's expectations from its counts (``selectors.phase_and_norm_sums``)."""
    if not counts:
        return None
    n = counts["n"]
    return Expectations(n, wilson(counts["fell_short"], n), wilson(counts["exceeded"], n))


def outcomes(sums: dict) -> Outcomes:
    """The visits' outcomes from their counts (``selectors.overview_sums``)."""
    return Outcomes(
        lost_sale=wilson(sums["lost"], sums["purchases"]),
        buys_but_complains=wilson(sums["complain"], sums["purchases"]),
        more_satisfied=wilson(sums["happier"], sums["moods"]),
        mood_change=_signed_mean(sums["moods"], sums["mood_sum"], sums["mood_squares"]),
    )


def _signed_mean(n: int, total: float, squares: float) -> Estimate:
    """The mean of changes between -1 and 1 with its interval: the changes are mapped onto 0 to
    1 (x' = (x + 1) / 2), the mean and interval taken there as for any score, and mapped back,
    so the interval never collapses and never passes -1 or 1."""
    if not n:
        return NO_FIGURE
    shifted = from_sums(n, (total + n) / 2, (squares + 2 * total + n) / 4)
    return Estimate(n, 2 * shifted.mean - 1, 2 * shifted.low - 1, 2 * shifted.high - 1)


def _phases(rows: list[dict]) -> list[PhaseFigure]:
    return [
        PhaseFigure(row["phase"], row["position"], from_sums(row["n"], row["sum"], row["squares"]))
        for row in rows
    ]


def _norms(rows: list[dict]) -> list[NormFigure]:
    return [
        NormFigure(
            row["norm"],
            row["met_count"],
            wilson(row["met_count"], row["audits"]),
            round(row["target"], 4),
        )
        for row in rows
    ]


def missed_norms(scores: QuerySet[AuditScore], limit: int | None = None) -> list[NormFigure]:
    """The norms most often missed: by miss rate, then by how often they applied."""
    rows = sorted(norms(scores), key=lambda f: (-(f.miss_rate.mean or 0), -f.rate.n, f.norm))
    return rows[:limit] if limit else rows


def leaderboard(
    scores: QuerySet[AuditScore], names: Mapping[int, str] | None = None
) -> Leaderboard:
    """A region's locations (``scores`` narrowed to the region), ranked by their pooled
    estimates (ties: the raw mean, then the location's id), in tiers the data cannot tell apart.
    ``names`` are the region's locations' names by id (``selectors.location_names``); without
    them the rows are unnamed, for a rank alone."""
    return ranked(selectors.location_sums(scores), names)


def ranked(
    sums: Mapping[int, selectors.LocationFigures], names: Mapping[int, str] | None = None
) -> Leaderboard:
    """The leaderboard of locations' sums already read (``selectors.region_with_sums`` reads
    them with the region's names)."""
    figures = list(sums.values())
    names = names or {}
    pooled = partial_pooling([f.sample for f in figures])
    order = _leaderboard_order(figures, pooled)
    ranked_tiers = tiers([figures[i].estimate for i in order])
    failed = wilson_many([f.failed for f in figures], [f.estimate.n for f in figures])
    rows = [
        LeaderRow(
            rank=position + 1,
            location_id=figures[i].location_id,
            name=names.get(figures[i].location_id, ""),
            estimate=figures[i].estimate,
            pooled=pooled[i],
            failed=failed[i],
            tier=ranked_tiers[position],
        )
        for position, i in enumerate(order)
    ]
    return Leaderboard(selectors.combined_estimate(figures), rows)


def _leaderboard_order(figures: list[selectors.LocationFigures], pooled: list[Pooled]) -> list:
    """Indexes of ``figures`` in leaderboard order: by pooled estimate, then raw mean, then
    the location's id."""
    return sorted(
        range(len(figures)),
        key=lambda i: (
            -(pooled[i].mean or 0),
            -(figures[i].estimate.mean or 0),
            figures[i].location_id,
        ),
    )


def rank_of(
    sums: Mapping[int, selectors.LocationFigures], location_id: int
) -> tuple[int, int] | None:
    """A location's place in its region's leaderboard (position, of how many), as ``ranked``
    orders it, without the figures a rank does not need (the bottom quarter's draws, tiers)."""
    figures = list(sums.values())
    pooled = partial_pooling([f.sample for f in figures], bottom_quarter=False)
    order = _leaderboard_order(figures, pooled)
    return next(
        (
            (position + 1, len(order))
            for position, i in enumerate(order)
            if figures[i].location_id == location_id
        ),
        None,
    )


def scorecard(*, user, location, filters: selectors.Filters) -> Scorecard:
    scores = selectors.scores(user=user, filters=filters)
    here = scores.filter(location=location)
    period = filters.period
    # The period, the one before it and the loyalty ladder in one query.
    now, before, loyalty, outcome_sums = selectors.overview_sums(
        selectors.scores(user=user, filters=replace(filters, period=None)).filter(
            location=location
        ),
        period,
        period.previous() if period is not None else None,
    )
    figures = _overall(now)
    previous = _overall(before).estimate if before is not None else None
    change = None
    if previous is not None and previous.mean is not None and figures.estimate.mean is not None:
        change = figures.estimate.mean - previous.mean
    # The rank as the region's leaderboard has it, from the same kept statement.
    _, _, region_sums = selectors.region_with_sums(user, location.region_id, filters)
    rank = rank_of(region_sums, location.pk)
    phase_figures, norm_figures, step_figures = phases_and_norms(here)
    return Scorecard(
        overall=figures,
        phases=phase_figures,
        norms=norm_figures,
        loyalty=loyalty,
        previous=previous,
        change=change,
        rank=rank,
        steps=step_figures,
        outcomes=outcomes(outcome_sums),
        follow_ups=follow_ups(here),
    )


def compare(
    scores: QuerySet[AuditScore],
    location_ids: list[int],
    sums: Mapping[int, selectors.LocationFigures],
) -> list[CompareRow]:
    """Locations side by side: score, phases and norms, each with n and an interval. ``sums``:
    the locations' sums, read with their references (``selectors.locations_with_sums``)."""
    phase_rows, norm_rows = selectors.phase_and_norm_sums_by_location(scores)
    by_phase: dict[int, dict[str, Estimate]] = {pk: {} for pk in location_ids}
    for row in phase_rows:
        by_phase[row["audit_score__location_id"]][row["phase"]] = from_sums(
            row["n"], row["sum"], row["squares"]
        )
    by_norm: dict[int, dict[str, Estimate]] = {pk: {} for pk in location_ids}
    for row in norm_rows:
        by_norm[row["audit_score__location_id"]][row["norm"]] = wilson(
            row["met_count"], row["audits"]
        )
    return [
        CompareRow(pk, sums[pk].estimate if pk in sums else NO_FIGURE, by_phase[pk], by_norm[pk])
        for pk in location_ids
    ]


def visits_to_tell_apart(
    sums: Mapping[int, selectors.LocationFigures], first: int, second: int
) -> tuple[VisitsNeeded, tuple[int, int]]:
    """How many audits would tell two locations apart at the spread observed, and how many
    each has, from their sums (``selectors.locations_with_sums``)."""
    none = (0, None, None)
    a, b = (sums[pk].sample if pk in sums else none for pk in (first, second))
    return visits_needed(a, b), (a[0], b[0])


def persona_gap(scores: QuerySet[AuditScore], personas: list[str] | None = None) -> PersonaGap:
    """Equal treatment (seed 003): each persona's score and its gap to the first persona's,
    over the locations where every compared persona was played (so a persona played only at a
    weak location does not look treated worse)."""
    if not personas:
        personas = list(
            scores.exclude(persona="")
            .values_list("persona", flat=True)
            .distinct()
            .order_by("persona")
        )
    if len(personas) < 2:
        return PersonaGap(0, [], [])
    # Read once: the figures' query takes the ids rather than scanning for them again.
    matched = list(selectors.locations_with_all_personas(scores, personas))
    rows = {
        row["persona"]: row
        for row in selectors.persona_figures(
            scores.filter(persona__in=personas, location_id__in=matched)
        )
    }
    location_count = len(matched)
    lines = [
        (persona, mean_interval(rows[persona]["n"], rows[persona]["mean"], rows[persona]["sd"]))
        for persona in personas
        if persona in rows
    ]
    reference = rows.get(personas[0])
    attributes = selectors.persona_attributes(scores, personas)
    gaps = []
    for persona in personas[1:]:
        row = rows.get(persona)
        if reference is None or row is None:
            continue
        gaps.append(
            Gap(
                persona,
                personas[0],
                welch_difference(
                    row["n"],
                    row["mean"],
                    row["sd"],
                    reference["n"],
                    reference["mean"],
                    reference["sd"],
                ),
                differing_attributes(attributes.get(persona, {}), attributes.get(personas[0], {})),
            )
        )
    return PersonaGap(location_count, lines, gaps)


def trend(
    scores_for: Callable[[selectors.Period], QuerySet[AuditScore]],
    period: selectors.Period,
    periods: int = TREND_PERIODS,
) -> list[tuple[str, Estimate]]:
    """The score over the ``periods`` periods ending with ``period``, oldest first."""
    chain = [period]
    for _ in range(periods - 1):
        chain.insert(0, chain[0].previous())
    return [(p.label, overall(scores_for(p)).estimate) for p in chain]


@dataclass(frozen=True)
class WaveNeed:
    """How many audits per location a period needs to tell a typical better location from a
    typical worse one: the locations a quarter from the top and from the bottom, at the spread
    of scores between audits of one location, both as last period saw them."""

    locations: int
    difference: float | None
    spread: float | None
    audits_each: int | None


def visits_to_rank(samples: list[tuple[int, float, float | None]]) -> WaveNeed:
    """``WaveNeed`` from each location's (audits, mean, sd) of a period."""
    scored = [sample for sample in samples if sample[0] > 0]
    if len(scored) < 2:
        return WaveNeed(len(scored), None, None, None)
    upper, lower = np.percentile([mean for _, mean, _ in scored], [75, 25])
    spread = [(n - 1, sd * sd) for n, _, sd in scored if sd is not None and n > 1]
    freedom = sum(df for df, _ in spread)
    pooled = math.sqrt(sum(df * var for df, var in spread) / freedom) if freedom else None
    typical = int(np.median([n for n, _, _ in scored]))
    needed = visits_needed((typical, float(upper), pooled), (typical, float(lower), pooled))
    return WaveNeed(len(scored), needed.difference, needed.spread, needed.each)


def norm_since(results: list[tuple[date, bool]], since: date) -> tuple[Estimate, Estimate]:
    """A norm's rate met at a location before a day and from it on (an action's loop: did the
    audits after it find the norm met?), each with Wilson's interval."""
    before = [met for day, met in results if day < since]
    after = [met for day, met in results if day >= since]
    return wilson(sum(before), len(before)), wilson(sum(after), len(after))
