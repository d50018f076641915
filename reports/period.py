"""Period reports of a location or a region: the scorecard, a trend across periods, phases
against the region average, the norms most often missed, the loyalty ladder and the persona gap,
with the number of audits and the uncertainty wherever a figure is. Read through the scoring
selectors, so the figures are the API's figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from scoring import selectors
from scoring.stats import Estimate, mean_interval, overlapping, welch_difference

TREND_PERIODS = 6


@dataclass
class PersonaLine:
    persona: str
    estimate: Estimate
    gap: float | None = None
    gap_low: float | None = None
    gap_high: float | None = None
    clearly_different: bool = False


@dataclass
class LeaderLine:
    rank: int
    name: str
    estimate: Estimate
    not_clearly_different: int


@dataclass
class PeriodReport:
    """Plain values of one period report (a location's, or a region's with ``leaders``)."""

    language: str
    title_key: str
    subject: str
    region: str
    period: str
    estimate: Estimate
    failed_share: float | None
    rank: tuple[int, int] | None
    trend: list[tuple[str, Estimate]]
    phases: list[tuple[str, float | None, float | None]]  # phase, here, region average
    missed_norms: list[dict]
    loyalty: dict[str, int]
    personas: list[PersonaLine]
    leaders: list[LeaderLine] = field(default_factory=list)


@dataclass
class Names:
    phases: dict[str, str]
    norms: dict[str, str]
    personas: dict[str, str]


def codex_names(client_id: int, language: str) -> Names:
    """Readable names of phases, norms and personas from the client's newest published codex,
    in the reader's language; keys stand in for anything not found."""
    from django.utils import translation

    from codex.models import CodexVersion

    version = (
        CodexVersion.objects.filter(client_id=client_id, status="published")
        .order_by("-number")
        .first()
    )
    if version is None:
        return Names({}, {}, {})
    with translation.override(language):
        return Names(
            phases={p.key: p.name for p in version.phases.all()},
            norms={n.key: n.rule for n in version.norms.all()},
            personas={p.key: p.name for p in version.personas.all()},
        )


def _trend(queryset_for, period) -> list[tuple[str, Estimate]]:
    periods = [period]
    for _ in range(TREND_PERIODS - 1):
        periods.insert(0, periods[0].previous())
    return [(p.label, selectors.overall_figures(queryset_for(p))[0]) for p in periods]


def _personas(queryset: QuerySet) -> list[PersonaLine]:
    rows = selectors.persona_figures(queryset)
    if not rows:
        return []
    reference = rows[0]
    lines = []
    for row in rows:
        line = PersonaLine(row["persona"], mean_interval(row["n"], row["mean"], row["sd"]))
        if row is not reference:
            difference = welch_difference(
                row["n"],
                row["mean"],
                row["sd"],
                reference["n"],
                reference["mean"],
                reference["sd"],
            )
            line.gap, line.gap_low, line.gap_high = (
                difference.difference,
                difference.low,
                difference.high,
            )
            line.clearly_different = difference.clearly_different
        lines.append(line)
    return lines


def _missed(queryset: QuerySet) -> list[dict]:
    rows = [
        {**row, "missed": row["audits"] - row["met_count"], "miss_rate": 1 - row["rate"]}
        for row in selectors.norm_rates(queryset)
    ]
    rows.sort(key=lambda row: (-row["miss_rate"], -row["audits"], row["norm"]))
    return rows[:8]


def _named(rows: list[dict], names: Names) -> list[dict]:
    return [{**row, "norm": names.norms.get(row["norm"], row["norm"])} for row in rows]


def _named_personas(lines: list[PersonaLine], names: Names) -> list[PersonaLine]:
    for line in lines:
        line.persona = names.personas.get(line.persona, line.persona)
    return lines


def location_period_report(*, user, location, period, language: str) -> PeriodReport:
    filters = selectors.Filters(period=period)

    def here(p):
        return selectors.scores(user=user, filters=filters, period=p).filter(location=location)

    current = here(period)
    region_scores = selectors.scores(user=user, filters=filters).filter(
        region_id=location.region_id
    )
    estimate, failed = selectors.overall_figures(current)
    region_phases = {row["phase"]: row["mean"] for row in selectors.phase_means(region_scores)}
    location_phases = {row["phase"]: row["mean"] for row in selectors.phase_means(current)}
    ranked = sorted(
        selectors.location_figures(region_scores).values(),
        key=lambda f: -(f.estimate.mean or 0),
    )
    rank = next(
        (
            (index + 1, len(ranked))
            for index, f in enumerate(ranked)
            if f.location_id == location.pk
        ),
        None,
    )
    names = codex_names(location.client_id, language)
    return PeriodReport(
        language=language,
        title_key="period_title",
        subject=location.name,
        region=location.region.name,
        period=period.label,
        estimate=estimate,
        failed_share=failed / estimate.n if estimate.n else None,
        rank=rank,
        trend=_trend(here, period),
        phases=[
            (names.phases.get(phase, phase), location_phases.get(phase), mean)
            for phase, mean in region_phases.items()
        ],
        missed_norms=_named(_missed(current), names),
        loyalty=selectors.loyalty_distribution(current),
        personas=_named_personas(_personas(current), names),
    )


def region_period_report(*, user, region, period, language: str) -> PeriodReport:
    filters = selectors.Filters(period=period)

    def here(p):
        return selectors.scores(user=user, filters=filters, period=p).filter(region=region)

    current = here(period)
    figures = selectors.location_figures(current)
    estimate = selectors.combined_estimate(list(figures.values()))
    failed = sum(f.failed for f in figures.values())
    ranked = sorted(figures.values(), key=lambda f: (-(f.estimate.mean or 0), f.location_id))
    overlaps_with = overlapping([f.estimate for f in ranked], [f.location_id for f in ranked])
    names = codex_names(region.client_id, language)
    phases = [
        (names.phases.get(row["phase"], row["phase"]), row["mean"], row["mean"])
        for row in selectors.phase_means(current)
    ]
    return PeriodReport(
        language=language,
        title_key="region_title",
        subject=region.name,
        region=region.name,
        period=period.label,
        estimate=estimate,
        failed_share=failed / estimate.n if estimate.n else None,
        rank=None,
        trend=_trend(here, period),
        phases=phases,
        missed_norms=_named(_missed(current), names),
        loyalty=selectors.loyalty_distribution(current),
        personas=_named_personas(_personas(current), names),
        leaders=[
            LeaderLine(index + 1, f.location_name, f.estimate, len(overlaps_with[index]))
            for index, f in enumerate(ranked)
        ],
    )
