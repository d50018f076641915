"""Comparison endpoints for regional managers, client admins and the agency. Only approved
audits count (only they have scores); a location or region you may not see is a 404.

The views build plain dicts of plain values and return them as they are; the serializers in
``scoring.serializers`` document the shapes (DRF serializing a leaderboard row by row costs more
than the aggregation it reports)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import DomainError, NotFoundError
from api.params import parse_id, parse_ids
from audits.permissions import ReadsResults
from codex.constants import Channel
from scoring import selectors
from scoring.access import locations_visible, regions_visible
from scoring.cache import cached_figures
from scoring.serializers import (
    CompareRowSerializer,
    LeaderboardSerializer,
    MissedNormSerializer,
    PersonaGapReportSerializer,
    ScorecardSerializer,
)
from scoring.stats import MIN_AUDITS, Estimate, mean_interval, overlapping, welch_difference

FILTERS = [
    OpenApiParameter("period", str, description="A month (2026-11) or a quarter (2026-Q4)."),
    OpenApiParameter("from", str, description="First day, YYYY-MM-DD (instead of period)."),
    OpenApiParameter("to", str, description="Last day, YYYY-MM-DD, included."),
    OpenApiParameter("situation", str, description="An encounter situation's key."),
    OpenApiParameter("channel", str, enum=Channel.values),
    OpenApiParameter("persona", str, description="A persona's key."),
]


def _filters(request) -> selectors.Filters:
    return filters_from(request.query_params)


def filters_from(params) -> selectors.Filters:
    """The filters from plain parameters (a query string or a stored job's parameters)."""
    channel = params.get("channel") or None
    if channel and channel not in Channel.values:
        raise DomainError(
            f"Choose one of {', '.join(Channel.values)}.", code="invalid_choice", attr="channel"
        )
    return selectors.Filters(
        period=selectors.parse_period(params.get("period"), params.get("from"), params.get("to")),
        situation=params.get("situation") or None,
        channel=channel,
        persona=params.get("persona") or None,
    )


def _estimate(estimate: Estimate) -> dict:
    return {
        "audits": estimate.n,
        "mean": estimate.mean,
        "low": estimate.low,
        "high": estimate.high,
    }


def _period(period) -> dict | None:
    return (
        None
        if period is None
        else {"label": period.label, "start": period.first, "end": period.last}
    )


def _warnings(estimate: Estimate) -> list[str]:
    if estimate.n < MIN_AUDITS:
        return [f"Only {estimate.n} audits: too few to judge by (fewer than {MIN_AUDITS})."]
    return []


def _location_ref(location) -> dict:
    return {"id": location.pk, "name": location.name, "region": location.region.name}


def _norm_rows(rows) -> list[dict]:
    return [
        {
            "norm": row["norm"],
            "audits": row["audits"],
            "met": row["met_count"],
            "rate": row["rate"],
            "target": row["target"],
            "meets_target": row["rate"] >= row["target"] - 1e-9,
        }
        for row in rows
    ]


class LocationScorecardView(APIView):
    """A location measured against its codex: mean score with its 95% interval, phase means,
    norm compliance against the codex targets, failed share, the loyalty ladder, the change from
    the previous period and the rank within the region."""

    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(parameters=FILTERS, responses=ScorecardSerializer)
    @cached_figures
    def get(self, request, pk):
        location = get_object_or_404(
            locations_visible(request.user).select_related("region"), pk=pk
        )
        filters = _filters(request)
        here = selectors.scores(user=request.user, filters=filters).filter(location=location)
        estimate, failed = selectors.overall_figures(here)
        previous = change = None
        if filters.period is not None:
            before = selectors.scores(
                user=request.user, filters=filters, period=filters.period.previous()
            ).filter(location=location)
            previous, _ = selectors.overall_figures(before)
            if previous.mean is not None and estimate.mean is not None:
                change = estimate.mean - previous.mean
        region = selectors.location_figures(
            selectors.scores(user=request.user, filters=filters).filter(
                region_id=location.region_id
            )
        )
        ranked = sorted(region.values(), key=lambda f: -(f.estimate.mean or 0))
        rank = next(
            (
                {"position": index + 1, "of": len(ranked)}
                for index, figures in enumerate(ranked)
                if figures.location_id == location.pk
            ),
            None,
        )
        data = {
            "location": _location_ref(location),
            "period": _period(filters.period),
            "score": _estimate(estimate),
            "failed_share": failed / estimate.n if estimate.n else None,
            "phases": [
                {"phase": row["phase"], "audits": row["n"], "mean": row["mean"]}
                for row in selectors.phase_means(here)
            ],
            "norms": _norm_rows(selectors.norm_rates(here)),
            "loyalty": selectors.loyalty_distribution(here),
            "previous": _estimate(previous) if previous is not None else None,
            "change": change,
            "rank": rank,
            "warnings": _warnings(estimate),
        }
        return Response(data)


class CompareView(APIView):
    """Several locations side by side, by phase and by norm."""

    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "locations", str, required=True, description="Comma-separated location ids."
            ),
            *FILTERS,
        ],
        responses=CompareRowSerializer(many=True),
    )
    @cached_figures
    def get(self, request):
        ids = parse_ids(request.query_params.get("locations", ""), "locations")
        locations = {
            location.pk: location
            for location in locations_visible(request.user)
            .filter(pk__in=ids)
            .select_related("region")
        }
        if set(ids) - set(locations):
            raise NotFoundError("Not found.", attr="locations")
        filters = _filters(request)
        queryset = selectors.scores(user=request.user, filters=filters).filter(location_id__in=ids)
        figures = selectors.location_figures(queryset)
        phases: dict[int, dict] = {pk: {} for pk in ids}
        for row in selectors.phase_means(queryset, by_location=True):
            phases[row["audit_score__location_id"]][row["phase"]] = row["mean"]
        norms: dict[int, dict] = {pk: {} for pk in ids}
        for row in selectors.norm_rates(queryset, by_location=True):
            norms[row["audit_score__location_id"]][row["norm"]] = row["rate"]
        empty = Estimate(0, None, None, None)
        rows = []
        for pk in ids:
            estimate = figures[pk].estimate if pk in figures else empty
            rows.append(
                {
                    "location": _location_ref(locations[pk]),
                    "score": _estimate(estimate),
                    "phases": phases[pk],
                    "norms": norms[pk],
                    "warnings": _warnings(estimate),
                }
            )
        return Response(rows)


class LeaderboardView(APIView):
    """A region's locations ranked by mean score. Locations whose intervals overlap are marked
    as not clearly different, and locations with too few audits carry a warning."""

    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(parameters=FILTERS, responses=LeaderboardSerializer)
    @cached_figures
    def get(self, request, pk):
        region = get_object_or_404(regions_visible(request.user), pk=pk)
        filters = _filters(request)
        queryset = selectors.scores(user=request.user, filters=filters).filter(region=region)
        figures = selectors.location_figures(queryset)
        region_estimate = selectors.combined_estimate(list(figures.values()))
        ranked = sorted(figures.values(), key=lambda f: (-(f.estimate.mean or 0), f.location_id))
        overlaps_with = overlapping(
            [row.estimate for row in ranked], [row.location_id for row in ranked]
        )
        rows = [
            {
                "rank": index + 1,
                "location": {
                    "id": row.location_id,
                    "name": row.location_name,
                    "region": region.name,
                },
                "score": _estimate(row.estimate),
                "failed_share": row.failed / row.estimate.n if row.estimate.n else 0.0,
                "not_clearly_different_from": overlaps_with[index],
                "warnings": _warnings(row.estimate),
            }
            for index, row in enumerate(ranked)
        ]
        data = {
            "region": region.name,
            "period": _period(filters.period),
            "region_score": _estimate(region_estimate),
            "locations": rows,
        }
        return Response(data)


def _scope(request):
    """Scores narrowed to ``region`` or ``location`` when given (404 if not visible)."""
    filters = _filters(request)
    queryset = selectors.scores(user=request.user, filters=filters)
    if region := request.query_params.get("region"):
        queryset = queryset.filter(
            region=get_object_or_404(regions_visible(request.user), pk=_int(region, "region"))
        )
    if location := request.query_params.get("location"):
        queryset = queryset.filter(
            location=get_object_or_404(
                locations_visible(request.user), pk=_int(location, "location")
            )
        )
    return queryset


def _int(value, attr: str) -> int:
    return parse_id(value, attr)


SCOPE = [
    OpenApiParameter("region", int, description="Only this region."),
    OpenApiParameter("location", int, description="Only this location."),
]


class MissedNormsView(APIView):
    """The norms most often missed, with how often they applied and the codex target."""

    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(parameters=[*SCOPE, *FILTERS], responses=MissedNormSerializer(many=True))
    @cached_figures
    def get(self, request):
        rows = selectors.norm_rates(_scope(request))
        missed = [
            {
                "norm": row["norm"],
                "audits": row["audits"],
                "missed": row["audits"] - row["met_count"],
                "miss_rate": 1 - row["rate"],
                "target": row["target"],
            }
            for row in rows
        ]
        missed.sort(key=lambda row: (-row["miss_rate"], -row["audits"], row["norm"]))
        return Response(missed)


class PersonaGapView(APIView):
    """Equal treatment (seed 003): the score gap between personas, over the locations where every
    compared persona was played, each against the first persona, with a 95% interval."""

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
        queryset = _scope(request)
        requested = [p for p in request.query_params.get("personas", "").split(",") if p]
        if requested:
            personas = requested
        else:
            personas = list(
                queryset.exclude(persona="")
                .values_list("persona", flat=True)
                .distinct()
                .order_by("persona")
            )
        if len(personas) < 2:
            return Response(
                PersonaGapReportSerializer({"locations": 0, "personas": [], "gaps": []}).data
            )
        matched = selectors.locations_with_all_personas(queryset, personas)
        rows = {
            row["persona"]: row
            for row in selectors.persona_figures(
                queryset.filter(persona__in=personas, location_id__in=matched)
            )
        }
        location_count = len(matched)
        reference = rows.get(personas[0])
        gaps = []
        for persona in personas[1:]:
            row = rows.get(persona)
            if reference is None or row is None:
                continue
            difference = welch_difference(
                row["n"], row["mean"], row["sd"], reference["n"], reference["mean"], reference["sd"]
            )
            gaps.append(
                {
                    "persona": persona,
                    "reference": personas[0],
                    "difference": difference.difference,
                    "low": difference.low,
                    "high": difference.high,
                    "clearly_different": difference.clearly_different,
                }
            )
        data = {
            "locations": location_count,
            "personas": [
                {
                    "persona": persona,
                    "score": _estimate(
                        mean_interval(
                            rows[persona]["n"], rows[persona]["mean"], rows[persona]["sd"]
                        )
                    ),
                }
                for persona in personas
                if persona in rows
            ],
            "gaps": gaps,
        }
        return Response(data)
