"""Period reports of a location or a region: the scorecard, a trend across periods, phases
against the region average, the norms most often missed, the loyalty ladder and the persona gap,
with the number of audits and the uncertainty wherever a figure is. Every figure comes from
``scoring.figures``, the API's own author, so the PDF and the API cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from codex.selectors import Names, codex_names
from scoring import figures, selectors
from scoring.figures import NormFigure
from scoring.stats import Estimate

MISSED_NORMS_SHOWN = 8


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
    tier: int


@dataclass
class PeriodReport:
    """Plain values of one period report (a location's, or a region's with ``leaders``)."""

    language: str
    title_key: str
    subject: str
    region: str
    period: str
    estimate: Estimate
    failed_share: Estimate
    rank: tuple[int, int] | None
    trend: list[tuple[str, Estimate]]
    phases: list[tuple[str, float | None, float | None]]  # phase, here, region average
    missed_norms: list[NormFigure]
    loyalty: dict[str, int]
    personas: list[PersonaLine]
    leaders: list[LeaderLine] = field(default_factory=list)
    # Seed 004: the phases against what the auditors expected; and the gap to the competitors'
    # locations of the region (None where none was audited).
    expectations: list[tuple[str, figures.Expectations]] = field(default_factory=list)
    competitors: figures.CompetitorGap | None = None


def _competitors(own, user, filters, region_id, names: Names) -> figures.CompetitorGap | None:
    """The gap to the region's competitors' locations, the phases by name."""
    rivals = selectors.scores(user=user, filters=filters, competitors=True).filter(
        region_id=region_id
    )
    gap = figures.competitor_gap(own, rivals)
    if not gap.stores:
        return None
    return replace(gap, phases=[(names.phases.get(key, key), a) for key, a in gap.phases])


def _personas(scores, names: Names) -> list[PersonaLine]:
    gap = figures.persona_gap(scores)
    by_persona = {g.persona: g.difference for g in gap.gaps}
    lines = []
    for persona, estimate in gap.personas:
        line = PersonaLine(names.personas.get(persona, persona), estimate)
        if (difference := by_persona.get(persona)) is not None:
            line.gap, line.gap_low, line.gap_high = (
                difference.difference,
                difference.low,
                difference.high,
            )
            line.clearly_different = difference.clearly_different
        lines.append(line)
    return lines


def _missed(scores, names: Names) -> list[NormFigure]:
    return [
        NormFigure(names.norms.get(f.norm, f.norm), f.met, f.rate, f.target)
        for f in figures.missed_norms(scores, limit=MISSED_NORMS_SHOWN)
    ]


def location_period_report(*, user, location, period, language: str) -> PeriodReport:
    filters = selectors.Filters(period=period)

    def here(p):
        return selectors.scores(user=user, filters=filters, period=p).filter(location=location)

    current = here(period)
    region_scores = selectors.scores(user=user, filters=filters).filter(
        region_id=location.region_id
    )
    card = figures.scorecard(user=user, location=location, filters=filters)
    region_phases = {f.phase: f.estimate.mean for f in figures.phases(region_scores)}
    location_phases = {f.phase: f.estimate.mean for f in card.phases}
    names = codex_names(language, client_id=location.client_id)
    return PeriodReport(
        language=language,
        title_key="period_title",
        subject=location.name,
        region=location.region.name,
        period=period.label,
        estimate=card.overall.estimate,
        failed_share=card.overall.failed,
        rank=card.rank,
        trend=figures.trend(here, period),
        phases=[
            (names.phases.get(phase, phase), location_phases.get(phase), mean)
            for phase, mean in region_phases.items()
        ],
        missed_norms=_missed(current, names),
        loyalty=card.loyalty,
        personas=_personas(current, names),
        expectations=[
            (names.phases.get(f.phase, f.phase), f.expectations)
            for f in card.phases
            if f.expectations is not None
        ],
        competitors=_competitors(current, user, filters, location.region_id, names),
    )


def region_period_report(*, user, region, period, language: str) -> PeriodReport:
    filters = selectors.Filters(period=period)

    def here(p):
        return selectors.scores(user=user, filters=filters, period=p).filter(region=region)

    current = here(period)
    board = figures.leaderboard(current, selectors.location_names(region))
    totals = figures.overall(current)
    names = codex_names(language, client_id=region.client_id)
    return PeriodReport(
        language=language,
        title_key="region_title",
        subject=region.name,
        region=region.name,
        period=period.label,
        estimate=totals.estimate,
        failed_share=totals.failed,
        rank=None,
        trend=figures.trend(here, period),
        phases=[
            (names.phases.get(f.phase, f.phase), f.estimate.mean, f.estimate.mean)
            for f in figures.phases(current)
        ],
        missed_norms=_missed(current, names),
        loyalty=selectors.loyalty_distribution(current),
        personas=_personas(current, names),
        leaders=[LeaderLine(row.rank, row.name, row.estimate, row.tier) for row in board.rows],
        expectations=[
            (names.phases.get(f.phase, f.phase), f.expectations)
            for f in figures.phases_and_norms(current)[0]
            if f.expectations is not None
        ],
        competitors=_competitors(current, user, filters, region.pk, names),
    )
