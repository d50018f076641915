"""Comparison endpoints for regional managers, client admins and the agency. Only approved
audits count (only they have scores); a location or region you may not see is a 404.

Every figure comes from ``scoring.figures`` (the PDFs' too); the views only format it: means and
rates rounded for display, each with its number of audits and 95% interval, warnings in the
reader's language. The serializers in ``scoring.serializers`` document the shapes."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from django.utils.translation import get_language, gettext, ngettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import DomainError, NotFoundError
from api.params import parse_ids
from audits.permissions import ReadsResults
from organizations.selectors import location_lite_for
from scoring import figures, selectors
from scoring.cache import cached_figures
from scoring.filters import (
    FilterSerializer,
    ScopeSerializer,
    filters_from,
    scoped_scores,
    scoped_with_competitors,
)
from scoring.serializers import (
    CompareRowSerializer,
    CompetitorGapSerializer,
    LeaderboardSerializer,
    MissedNormSerializer,
    PersonaGapReportSerializer,
    ScorecardSerializer,
    VisitsNeededSerializer,
)
from scoring.stats import MIN_AUDITS, Estimate

# Figures are shown to four decimals (a hundredth of a percentage point): enough for any
# display, and free of float noise such as 0.9499999999999998.
DECIMALS = 4


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def rounded_many(values: list[float | None]) -> list[float | None]:
    """``rounded`` of many figures at once, in one array operation (a leaderboard shows a
    thousand). Both round to four decimals; at an exact binary half-way point the last digit
    may go the other way, a ten-thousandth no display shows."""
    if not values:
        return []
    return [
        None if value != value else value  # NaN: there was no figure
        for value in np.round(np.array(values, dtype=float), DECIMALS).tolist()
    ]


def estimate_data(estimate: Estimate, *, value: str = "mean") -> dict:
    return {
        "audits": estimate.n,
        value: rounded(estimate.mean),
        "low": rounded(estimate.low),
        "high": rounded(estimate.high),
    }


def rate_data(rate: Estimate) -> dict:
    return estimate_data(rate, value="rate")


def expectations_data(expectations) -> dict | None:
    if expectations is None:
        return None
    return {
        "audits": expectations.n,
        "fell_short": rate_data(expectations.fell_short),
        "exceeded": rate_data(expectations.exceeded),
    }


def period_data(period: selectors.Period | None) -> dict | None:
    if period is None:
        return None
    return {"label": period.label, "start": period.first, "end": period.last}


def warnings(estimate: Estimate) -> list[str]:
    if estimate.n >= MIN_AUDITS:
        return []
    return [_too_few(estimate.n, get_language())]


@lru_cache(maxsize=64)
def _too_few(count: int, language: str | None) -> str:
    """The warning in the active language (part of the key: the text depends on it), worded
    once for each count rather than for each of a leaderboard's rows."""
    return ngettext(
        "Only %(count)d audit: too few to judge by (fewer than %(minimum)d).",
        "Only %(count)d audits: too few to judge by (fewer than %(minimum)d).",
        count,
    ) % {"count": count, "minimum": MIN_AUDITS}


def outcomes_data(outcomes: figures.Outcomes) -> dict:
    return {
        "lost_sale": {
            **rate_data(outcomes.lost_sale),
            "reference": figures.LOST_SALE_REFERENCE,
        },
        "buys_but_complains": rate_data(outcomes.buys_but_complains),
        "more_satisfied": rate_data(outcomes.more_satisfied),
        "mood_change": estimate_data(outcomes.mood_change),
    }


def _hours(value: float | None) -> float | None:
    """Hours to one decimal; None for none, and for never (no contact came)."""
    return None if value is None or math.isinf(value) else round(value, 1)


def follow_ups_data(follow_ups: figures.FollowUps) -> dict:
    hours = follow_ups.hours
    return {
        "audits": follow_ups.n,
        "no_contact": follow_ups.no_contact,
        "hours": {
            "audits": hours.n,
            "median": _hours(hours.mean),
            "never": hours.mean is not None and math.isinf(hours.mean),
            "low": _hours(hours.low),
            "high": _hours(hours.high),
            "high_never": hours.high is not None and math.isinf(hours.high),
        },
        "within_a_day": rate_data(follow_ups.within_a_day),
        "promise_kept": rate_data(follow_ups.promise_kept),
    }


def norm_data(figure: figures.NormFigure) -> dict:
    return {
        "norm": figure.norm,
        "met": figure.met,
        **rate_data(figure.rate),
        "target": figure.target,
        "meets_target": figure.meets_target,
    }


FILTERS = [FilterSerializer]
IDS = {"type": "string", "pattern": r"^[1-9]\d{0,17}(,[1-9]\d{0,17})*$"}
TWO_IDS = {"type": "string", "pattern": r"^[1-9]\d{0,17},[1-9]\d{0,17}$"}
SCOPE = [ScopeSerializer]


class LocationScorecardView(APIView):
    """A location measured against its codex: mean score with its 95% interval, phase means,
    norm compliance against the codex targets, failed share, the loyalty ladder, the change from
    the previous period and the rank within the region (as in its leaderboard)."""

    warm_figures = True  # answered again by scoring.middleware while unchanged
    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(parameters=FILTERS, responses=ScorecardSerializer)
    @cached_figures
    def get(self, request, pk):
        location, ref = location_lite_for(request.user, pk)
        filters = filters_from(request.query_params)
        card = figures.scorecard(user=request.user, location=location, filters=filters)
        return Response(
            {
                "location": ref,
                "period": period_data(filters.period),
                "score": estimate_data(card.overall.estimate),
                "failed_share": rate_data(card.overall.failed),
                "phases": [
                    {
                        "phase": phase.phase,
                        **estimate_data(phase.estimate),
                        "expectations": expectations_data(phase.expectations),
                    }
                    for phase in card.phases
                ],
                "norms": [norm_data(norm) for norm in card.norms],
                "loyalty": card.loyalty,
                "previous": estimate_data(card.previous) if card.previous is not None else None,
                "change": rounded(card.change),
                "rank": {"position": card.rank[0], "of": card.rank[1]} if card.rank else None,
                "steps": [
                    {"step": step.step, "phase": step.phase, **estimate_data(step.estimate)}
                    for step in card.steps
                ],
                "outcomes": outcomes_data(card.outcomes),
                "follow_ups": follow_ups_data(card.follow_ups),
                "warnings": warnings(card.overall.estimate),
            }
        )


class CompareView(APIView):
    """Several locations side by side: the score, and each phase and norm, with the number of
    audits and a 95% interval."""

    warm_figures = True  # answered again by scoring.middleware while unchanged
    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "locations", IDS, required=True, description="Comma-separated location ids."
            ),
            *FILTERS,
        ],
        responses=CompareRowSerializer(many=True),
    )
    @cached_figures
    def get(self, request):
        ids = parse_ids(request.query_params.get("locations", ""), "locations")
        filters = filters_from(request.query_params)
        locations, sums = _visible_locations(request.user, ids, filters)
        scores = selectors.scores(user=request.user, filters=filters).filter(location_id__in=ids)
        return Response(
            [
                {
                    "location": locations[row.location_id],
                    "score": estimate_data(row.estimate),
                    "phases": {phase: estimate_data(e) for phase, e in row.phases.items()},
                    "norms": {norm: rate_data(rate) for norm, rate in row.norms.items()},
                    "warnings": warnings(row.estimate),
                }
                for row in figures.compare(scores, ids, sums)
            ]
        )


def _visible_locations(user, ids: list[int], filters) -> tuple[dict[int, dict], dict]:
    """The given locations' references and sums by id; a 404 naming ``locations`` when the
    reader may not see one of them."""
    refs, sums = selectors.locations_with_sums(user, ids, filters)
    if set(ids) - set(refs):
        raise NotFoundError(gettext("Not found."), attr="locations")
    return refs, sums


class LeaderboardView(APIView):
    """A region's locations ranked by their pooled estimate (each location's mean drawn towards
    the region's by how little its audits say), shown next to the raw mean. Locations in one
    ``tier`` cannot be told apart by the data; ``bottom_quarter`` is the chance that a location
    truly belongs to the region's lowest quarter."""

    warm_figures = True  # answered again by scoring.middleware while unchanged
    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(parameters=FILTERS, responses=LeaderboardSerializer)
    @cached_figures
    def get(self, request, pk):
        filters = filters_from(request.query_params)
        region, names, sums = selectors.region_with_sums(request.user, pk, filters)
        board = figures.ranked(sums, names)
        # A hundred rows of ten figures each, rounded for display in one array operation.
        numbers = rounded_many(
            [
                value
                for row in board.rows
                for value in (*row.estimate[1:], *row.pooled, *row.failed[1:])
            ]
        )
        rows = []
        for index, row in enumerate(board.rows):
            mean, low, high, p_mean, p_low, p_high, quarter, failed, f_low, f_high = numbers[
                index * 10 : index * 10 + 10
            ]
            rows.append(
                {
                    "rank": row.rank,
                    "tier": row.tier,
                    "location": {"id": row.location_id, "name": row.name, "region": region.name},
                    "score": {"audits": row.estimate.n, "mean": mean, "low": low, "high": high},
                    "pooled": {
                        "mean": p_mean,
                        "low": p_low,
                        "high": p_high,
                        "bottom_quarter": quarter,
                    },
                    "failed_share": {
                        "audits": row.failed.n,
                        "rate": failed,
                        "low": f_low,
                        "high": f_high,
                    },
                    "warnings": warnings(row.estimate),
                }
            )
        return Response(
            {
                "region": region.name,
                "period": period_data(filters.period),
                "region_score": estimate_data(board.region),
                "locations": rows,
            }
        )


class MissedNormsView(APIView):
    """The norms most often missed, with how often they applied, the miss rate with its 95%
    interval, and the codex target."""

    warm_figures = True  # answered again by scoring.middleware while unchanged
    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(parameters=[*SCOPE, *FILTERS], responses=MissedNormSerializer(many=True))
    @cached_figures
    def get(self, request):
        return Response(
            [
                {
                    "norm": norm.norm,
                    "audits": norm.rate.n,
                    "missed": norm.missed,
                    "miss_rate": rounded(norm.miss_rate.mean),
                    "low": rounded(norm.miss_rate.low),
                    "high": rounded(norm.miss_rate.high),
                    "target": norm.target,
                }
                for norm in figures.missed_norms(scoped_scores(request.user, request.query_params))
            ]
        )


class PersonaGapView(APIView):
    """Equal treatment (seed 003): the score gap between personas, over the locations where every
    compared persona was played, each against the first persona, with a 95% interval."""

    warm_figures = True  # answered again by scoring.middleware while unchanged
    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "personas", str, description="Comma-separated keys; the first is the reference."
            ),
            *SCOPE,
            *FILTERS,
        ],
        responses=PersonaGapReportSerializer,
    )
    @cached_figures
    def get(self, request):
        requested = [p for p in request.query_params.get("personas", "").split(",") if p]
        gap = figures.persona_gap(scoped_scores(request.user, request.query_params), requested)
        return Response(
            {
                "locations": gap.locations,
                "personas": [
                    {"persona": persona, "score": estimate_data(estimate)}
                    for persona, estimate in gap.personas
                ],
                "gaps": [
                    {
                        "persona": persona,
                        "reference": reference,
                        "difference": rounded(difference.difference),
                        "low": rounded(difference.low),
                        "high": rounded(difference.high),
                        "clearly_different": difference.clearly_different,
                        "differs_in": differs_in,
                        "matched_pair": len(differs_in) == 1,
                    }
                    for persona, reference, difference, differs_in in gap.gaps
                ],
            }
        )


def gap_data(difference) -> dict:
    return {
        "difference": rounded(difference.difference),
        "low": rounded(difference.low),
        "high": rounded(difference.high),
        "clearly_different": difference.clearly_different,
    }


def against_data(against: figures.AgainstCompetitors) -> dict:
    return {
        "own": estimate_data(against.own),
        "competitors": estimate_data(against.competitors),
        "gap": gap_data(against.gap),
    }


class CompetitorGapView(APIView):
    """The client's stores against its competitors': the mean score and each phase's, both
    sides with their 95% interval, and the gap with Welch's. Narrowed to a region, both sides
    are that region's; narrowed to a location, it stands against the competitors of its
    region. Competitors' visits count in no other figure, and no answer names their stores."""

    warm_figures = True  # answered again by scoring.middleware while unchanged
    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(parameters=[*SCOPE, *FILTERS], responses=CompetitorGapSerializer)
    @cached_figures
    def get(self, request):
        gap = figures.competitor_gap(*scoped_with_competitors(request.user, request.query_params))
        return Response(
            {
                "competitor_stores": gap.stores,
                "overall": against_data(gap.overall),
                "phases": [
                    {"phase": phase, **against_data(against)} for phase, against in gap.phases
                ],
            }
        )


class VisitsNeededView(APIView):
    """How many audits each of two locations would need, in all and more than they have, for
    the difference between them to show clearly (95%, with 80% power) at the spread observed.
    ``audits_each`` is null when they score the same."""

    warm_figures = True  # answered again by scoring.middleware while unchanged
    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "locations",
                TWO_IDS,
                required=True,
                description="Two location ids, comma-separated (the same twice: no difference).",
            ),
            *FILTERS,
        ],
        responses=VisitsNeededSerializer,
    )
    @cached_figures
    def get(self, request):
        ids = parse_ids(request.query_params.get("locations", ""), "locations")
        if len(ids) != 2:
            raise DomainError(gettext("Give two location ids."), code="invalid", attr="locations")
        filters = filters_from(request.query_params)
        locations, sums = _visible_locations(request.user, ids, filters)
        needed, audits = figures.visits_to_tell_apart(sums, *ids)
        more = (needed.more_first, needed.more_second)
        return Response(
            {
                "locations": [
                    {"location": locations[pk], "audits": n, "more": extra}
                    for pk, n, extra in zip(ids, audits, more, strict=True)
                ],
                "difference": rounded(needed.difference),
                "spread": rounded(needed.spread),
                "audits_each": needed.each,
            }
        )
