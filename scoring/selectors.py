"""Aggregations over stored scores, done in the database (GROUP BY), never by loading audits.

Every function takes the already scoped and filtered ``AuditScore`` queryset, so no figure can
include audits its reader may not see.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.db import connection
from django.db.models import Avg, Count, F, FilteredRelation, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from api.errors import DomainError
from api.fields import EARLIEST_YEAR, LATEST_YEAR
from codex.constants import PERSONA_ATTRIBUTES, VersionStatus
from codex.models import Persona
from organizations.models import Location, Region
from organizations.selectors import locations_visible, regions_visible
from scoring.models import AuditScore, NormResult, PhaseScore, StepScore
from scoring.stats import Estimate, estimates_from_sums, from_sums, sample_sd

# Count, sum and sum of squares of the total: mean and spread follow, on any database.
TOTAL_SUMS = {
    "n": Count("total"),
    "total_sum": Sum("total"),
    "total_squares": Sum(F("total") * F("total")),
}

LADDER = ["consumer", "trier", "customer", "loyalist", "advocate"]


@dataclass(frozen=True)
class Period:
    """Calendar days, both included, in each location's own calendar: an audit belongs to the
    period its visit's local date falls in (``AuditScore.visited_on``), so a region spanning time
    zones takes each location's own month."""

    first: date
    last: date
    label: str

    def previous(self) -> Period:
        if re.fullmatch(r"\d{4}-\d{2}", self.label):
            before = self.first - timedelta(days=1)
            return month_period(before.year, before.month)
        if re.fullmatch(r"\d{4}-Q[1-4]", self.label):
            year, quarter = self.first.year, (self.first.month - 1) // 3 + 1
            year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
            return quarter_period(year, quarter)
        length = self.last - self.first + timedelta(days=1)
        return Period(self.first - length, self.first - timedelta(days=1), "previous")


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), f"{year:04d}-{month:02d}")


def quarter_period(year: int, quarter: int) -> Period:
    first_month = 3 * (quarter - 1) + 1
    return Period(
        date(year, first_month, 1),
        month_period(year, first_month + 2).last,
        f"{year:04d}-Q{quarter}",
    )


# Figures exist for visits between these years (api.fields bounds every stored visit time).
PERIOD_YEARS = range(EARLIEST_YEAR, LATEST_YEAR + 1)


def _parse_day(text: str, attr: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise DomainError(_("Dates are YYYY-MM-DD."), code="invalid_date", attr=attr) from None
    if day.year not in PERIOD_YEARS:
        raise DomainError(
            _("Dates are between the years %(earliest)d and %(latest)d.")
            % {"earliest": PERIOD_YEARS.start, "latest": PERIOD_YEARS.stop - 1},
            code="invalid_date",
            attr=attr,
        )
    return day


def parse_period(period: str | None, start: str | None, end: str | None) -> Period | None:
    """``period=2026-11`` (a month), ``period=2026-Q4`` (a quarter), or ``from``/``to`` dates
    (``to`` included); nothing means all time."""
    if period:
        if match := re.fullmatch(r"(\d{4})-(\d{2})", period):
            year, month = int(match[1]), int(match[2])
            if 1 <= month <= 12 and year in PERIOD_YEARS:
                return month_period(year, month)
        match = re.fullmatch(r"(\d{4})-Q([1-4])", period)
        if match and int(match[1]) in PERIOD_YEARS:
            return quarter_period(int(match[1]), int(match[2]))
        raise DomainError(
            _(
                "Give a month (2026-11) or a quarter (2026-Q4) of the years %(earliest)d to "
                "%(latest)d."
            )
            % {"earliest": PERIOD_YEARS.start, "latest": PERIOD_YEARS.stop - 1},
            code="invalid_period",
            attr="period",
        )
    if start or end:
        first = _parse_day(start, "from") if start else date(EARLIEST_YEAR, 1, 1)
        last = _parse_day(end, "to") if end else date.today()
        if last < first:
            raise DomainError(_("'to' is before 'from'."), code="invalid_range", attr="to")
        return Period(first, last, f"{first}..{last}")
    return None


@dataclass(frozen=True)
class Filters:
    period: Period | None = None
    situation: str | None = None
    channel: str | None = None
    persona: str | None = None


def scores(
    *, user, filters: Filters, period: Period | None = None, competitors: bool = False
) -> QuerySet[AuditScore]:
    """The scores the reader may see, narrowed by the filters (and the given period): of the
    client's own stores, or with ``competitors`` of its competitors' (``Location.competitor``),
    which count in no other figure."""
    queryset = AuditScore.objects.visible_to(user).filter(
        total__isnull=False, competitor=competitors
    )
    period = period if period is not None else filters.period
    if period is not None:
        queryset = queryset.filter(visited_on__gte=period.first, visited_on__lte=period.last)
    if filters.situation:
        queryset = queryset.filter(situation=filters.situation)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.persona:
        queryset = queryset.filter(persona=filters.persona)
    return queryset


@dataclass(frozen=True)
class LocationFigures:
    location_id: int
    estimate: Estimate
    failed: int
    total_sum: float
    total_squares: float

    @property
    def sd(self) -> float | None:
        return sample_sd(self.estimate.n, self.total_sum, self.total_squares)

    @property
    def sample(self) -> tuple[int, float | None, float | None]:
        """(audits, mean, sd): what pooling and visits-needed take."""
        return self.estimate.n, self.estimate.mean, self.sd


def combined_estimate(figures: list[LocationFigures]) -> Estimate:
    """The estimate over all the given locations' audits, from their sums: no second query."""
    return from_sums(
        sum(f.estimate.n for f in figures),
        sum(f.total_sum for f in figures),
        sum(f.total_squares for f in figures),
    )


# Per location: count, sum and sum of squares of the total, and the failed audits, over an ORM
# selection of scores written in as a subquery in FROM. The database folds it into one plain
# aggregate; composing the same aggregate through the ORM cost more than running it.
GROUPED_SQL = (
    "SELECT location_id, count(total) AS n, sum(total) AS total_sum, "
    "sum(total * total) AS squares, sum(CASE WHEN failed THEN 1 ELSE 0 END) AS failed "
    "FROM ({selection}) AS selected GROUP BY location_id"
)


def _grouped(queryset: QuerySet[AuditScore]) -> tuple[str, tuple]:
    selected = queryset.values("location_id", "total", "failed").order_by()
    selection, params = selected.query.sql_with_params()
    return GROUPED_SQL.format(selection=selection), tuple(params)


def _location_figures(rows: list[tuple]) -> list[LocationFigures]:
    """Rows of (location id, count, sum, sum of squares, failed) as figures, the estimates
    taken in one batch."""
    estimates = estimates_from_sums(
        [row[1] for row in rows], [row[2] for row in rows], [row[3] for row in rows]
    )
    return [
        LocationFigures(location_id, estimate, failed, total_sum or 0.0, total_squares or 0.0)
        for (location_id, _, total_sum, total_squares, failed), estimate in zip(
            rows, estimates, strict=True
        )
    ]


def location_sums(queryset: QuerySet[AuditScore]) -> dict[int, LocationFigures]:
    """Per location, from the scores alone (no join: the names are read by id, by whoever
    shows them)."""
    sql, params = _grouped(queryset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {figures.location_id: figures for figures in _location_figures(rows)}


class Statement(NamedTuple):
    sql: str
    params: tuple
    width: int  # the heading's columns before the sums


def _compose_beside(things, columns: dict[str, str], on: str, scores) -> Statement:
    """Each row of ``things`` (the given ``columns``: an alias to a field path) beside the sums
    of the location its ``on`` column names (NULL where it has no scores), in one statement:
    a figure's heading and its figures read together, the heading through its own gate."""
    aliased = things.order_by().values(**{alias: F(path) for alias, path in columns.items()})
    selection, params = aliased.query.sql_with_params()
    grouped, grouped_params = _grouped(scores)
    listed = ", ".join(f"things.{alias}" for alias in columns)
    sql = (
        f"SELECT {listed}, sums.location_id, sums.n, sums.total_sum, sums.squares, sums.failed "
        f"FROM ({selection}) AS things LEFT JOIN ({grouped}) AS sums "
        f"ON sums.location_id = things.{on}"
    )
    return Statement(sql, (*params, *grouped_params), len(columns))


def _run_beside(statement: Statement) -> list[tuple[tuple, LocationFigures | None]]:
    width = statement.width
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        rows = cursor.fetchall()
    figures = iter(_location_figures([row[width:] for row in rows if row[width] is not None]))
    return [(row[:width], next(figures) if row[width] is not None else None) for row in rows]


# Statements the ORM composed for a reader, kept in the process. A statement depends only on
# what its key holds: the reader's id, role, client and standing (their scope is built from
# these; a manager's regions are a subquery read when it runs), the figure, its ids and the
# validated filters. Composing one through the ORM took longer than PostgreSQL takes to run it.
_STATEMENTS: dict[tuple, Statement] = {}
_STATEMENTS_KEPT = 1024


def _statement(key: tuple, compose) -> Statement:
    statement = _STATEMENTS.get(key)
    if statement is None:
        statement = compose()
        if len(_STATEMENTS) >= _STATEMENTS_KEPT:
            _STATEMENTS.clear()
        _STATEMENTS[key] = statement
    return statement


def _reader(user) -> tuple:
    return (user.pk, user.role, user.client_id, user.is_active, user.is_authenticated)


def location_names(region) -> dict[int, str]:
    """The region's locations' names by id, for a leaderboard's rows."""
    return dict(
        Location.objects.own().filter(region_id=region.pk).order_by().values_list("pk", "name")
    )


def overall_sums(queryset: QuerySet[AuditScore]) -> dict:
    """Count, sum and sum of squares of the totals, and how many audits failed."""
    return queryset.aggregate(**TOTAL_SUMS, failed=Count("pk", filter=Q(failed=True)))


def stores_and_sums(queryset: QuerySet[AuditScore]) -> dict:
    """``overall_sums`` and how many stores the scores are of (``stores``)."""
    return queryset.aggregate(
        **TOTAL_SUMS,
        failed=Count("pk", filter=Q(failed=True)),
        stores=Count("location", distinct=True),
    )


def follow_up_rows(queryset: QuerySet[AuditScore]) -> list[tuple[bool, float | None, bool | None]]:
    """Each two-stage visit's outcome among the scores (their first visits'): (staff got back,
    hours to the contact, as promised)."""
    return list(
        queryset.filter(followed_up__isnull=False)
        .order_by()
        .values_list("followed_up", "follow_up_hours", "follow_up_promise_kept")
    )


def _within(period: Period) -> Q:
    return Q(visited_on__gte=period.first, visited_on__lte=period.last)


def overview_sums(
    queryset: QuerySet[AuditScore], period: Period | None, previous: Period | None
) -> tuple[dict, dict | None, dict[str, int], dict]:
    """For scores not narrowed to a period: what ``overall_sums`` gives for ``period`` and for
    ``previous``, and the loyalty ladder and the visits' outcomes (``figures.Outcomes``) in
    ``period``, in one query (a scorecard's head). The ORM selects the scores; the grouping by
    period, rung, purchase and a happier mood is written out around it (composing a dozen
    filtered aggregates through the ORM cost more than the database takes to run them), and the
    groups are added up here."""
    which, which_params = "'current'", []
    if period is None:
        queryset = queryset.filter(total__isnull=False)
    elif previous is None:
        queryset = queryset.filter(_within(period))
    else:
        queryset = queryset.filter(_within(period) | _within(previous))
        which = "CASE WHEN visited_on >= %s AND visited_on <= %s THEN 'current' ELSE 'previous' END"
        which_params = [
            connection.ops.adapt_datefield_value(day) for day in (period.first, period.last)
        ]
    selected = queryset.values(
        "visited_on", "loyalty", "purchase", "mood_change", "total", "failed"
    ).order_by()
    selection, params = selected.query.sql_with_params()
    sql = f"""
        SELECT {which}, loyalty, purchase, CASE WHEN mood_change > 0 THEN 1 ELSE 0 END,
               count(total), sum(total), sum(total * total),
               sum(CASE WHEN failed THEN 1 ELSE 0 END), count(*),
               count(mood_change), sum(mood_change), sum(mood_change * mood_change)
          FROM ({selection}) AS selected
         GROUP BY 1, 2, 3, 4
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, (*which_params, *params))
        rows = cursor.fetchall()
    sums = {"current": _no_sums(), "previous": _no_sums()}
    loyalty = dict.fromkeys(LADDER, 0)
    outcomes = dict.fromkeys(("purchases", "lost", "complain", "moods", "happier"), 0)
    outcomes |= {"mood_sum": 0.0, "mood_squares": 0.0}
    for row in rows:
        which_period, rung, purchase, more_satisfied, n, total_sum, total_squares = row[:7]
        failed, audits, moods, mood_sum, mood_squares = row[7:]
        into = sums[which_period]
        into["n"] += n
        into["failed"] += failed
        if total_sum is not None:
            into["total_sum"] = (into["total_sum"] or 0) + total_sum
            into["total_squares"] = (into["total_squares"] or 0) + total_squares
        if which_period != "current":
            continue
        if rung in loyalty:
            loyalty[rung] += audits
        if purchase:
            outcomes["purchases"] += audits
            outcomes["lost"] += audits if purchase == "would_not_buy_service" else 0
            outcomes["complain"] += audits if purchase == "would_buy_but_complain" else 0
        if moods:
            outcomes["moods"] += moods
            outcomes["happier"] += moods if more_satisfied else 0
            outcomes["mood_sum"] += mood_sum
            outcomes["mood_squares"] += mood_squares
    return (
        sums["current"],
        sums["previous"] if previous is not None else None,
        loyalty,
        outcomes,
    )


def _no_sums() -> dict:
    """What ``overall_sums`` gives for no scores."""
    return {"n": 0, "total_sum": None, "total_squares": None, "failed": 0}


def phase_sums(queryset: QuerySet[AuditScore]) -> list[dict]:
    """Per phase: count, sum and sum of squares of the phase scores."""
    return list(
        PhaseScore.objects.filter(audit_score__in=queryset.values("pk"), score__isnull=False)
        .values("phase", "position")
        .annotate(n=Count("pk"), sum=Sum("score"), squares=Sum(F("score") * F("score")))
        .order_by("position", "phase")
    )


def norm_counts(queryset: QuerySet[AuditScore]) -> list[dict]:
    """Per norm: audits where it applied, how often met, the codex target."""
    return list(
        NormResult.objects.filter(audit_score__in=queryset.values("pk"), met__isnull=False)
        .values("norm")
        .annotate(
            audits=Count("pk"),
            met_count=Count("pk", filter=Q(met=True)),
            target=Avg("target_rate"),
        )
        .order_by("norm")
    )


def phase_and_norm_sums(
    queryset: QuerySet[AuditScore],
) -> tuple[list[dict], list[dict], list[dict], dict[str, dict]]:
    """What ``phase_sums`` and ``norm_counts`` give, the like for steps, and per phase the
    counts of its expectations (answered, fell short, exceeded), for the same scores, in one
    statement (a scorecard's body): the ORM composes the scores' selection once, and the four
    groupings are written out around it, since composing four aggregate queries cost more than
    running them."""
    selection, params = queryset.values("pk").query.sql_with_params()
    sql = f"""
        SELECT 0, phase, position, count(*), sum(score), sum(score * score), NULL, NULL
          FROM {PhaseScore._meta.db_table}
         WHERE audit_score_id IN ({selection}) AND score IS NOT NULL
         GROUP BY phase, position
        UNION ALL
        SELECT 1, norm, NULL, count(*), sum(CASE WHEN met THEN 1 ELSE 0 END), NULL,
               avg(target_rate), NULL
          FROM {NormResult._meta.db_table}
         WHERE audit_score_id IN ({selection}) AND met IS NOT NULL
         GROUP BY norm
        UNION ALL
        SELECT 2, step, min(position), count(*), sum(score), sum(score * score), NULL, phase
          FROM {StepScore._meta.db_table}
         WHERE audit_score_id IN ({selection}) AND score IS NOT NULL
         GROUP BY step, phase
        UNION ALL
        SELECT 3, phase, NULL, count(*), sum(CASE WHEN expectation < 0 THEN 1 ELSE 0 END),
               sum(CASE WHEN expectation > 0 THEN 1 ELSE 0 END), NULL, NULL
          FROM {PhaseScore._meta.db_table}
         WHERE audit_score_id IN ({selection}) AND expectation IS NOT NULL
         GROUP BY phase
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *params, *params, *params))
        rows = cursor.fetchall()
    phases = sorted(
        (
            {"phase": key, "position": position, "n": n, "sum": total, "squares": squares}
            for kind, key, position, n, total, squares, _, _ in rows
            if kind == 0
        ),
        key=lambda row: (row["position"], row["phase"]),
    )
    norms = sorted(
        (
            {"norm": key, "audits": n, "met_count": int(met), "target": target}
            for kind, key, _, n, met, _, target, _ in rows
            if kind == 1
        ),
        key=lambda row: row["norm"],
    )
    phase_order = {row["phase"]: row["position"] for row in phases}
    steps = sorted(
        (
            {
                "step": key,
                "phase": phase,
                "position": position,
                "n": n,
                "sum": total,
                "squares": squares,
            }
            for kind, key, position, n, total, squares, _, phase in rows
            if kind == 2
        ),
        key=lambda row: (phase_order.get(row["phase"], 0), row["position"], row["step"]),
    )
    expectations = {
        key: {"n": n, "fell_short": int(short), "exceeded": int(exceeded)}
        for kind, key, _, n, short, exceeded, _, _ in rows
        if kind == 3
    }
    return phases, norms, steps, expectations


def phase_and_norm_sums_by_location(
    queryset: QuerySet[AuditScore],
) -> tuple[list[dict], list[dict]]:
    """What ``phase_sums`` and ``norm_counts`` give, per location, for the same scores, in one
    statement (the body of locations side by side), written around the ORM's selection of the
    scores and their locations as ``phase_and_norm_sums`` is."""
    selection, params = queryset.values("pk").query.sql_with_params()
    scores = AuditScore._meta.db_table
    key = AuditScore._meta.pk.column
    # Each score's location is joined by primary key and the selection kept as a semi-join
    # (IN), the shape the planner reads best: joined as a derived table it chose to scan.
    sql = f"""
        SELECT 0, a.location_id, p.phase, p.position, count(*), sum(p.score),
               sum(p.score * p.score), NULL
          FROM {PhaseScore._meta.db_table} p JOIN {scores} a ON a.{key} = p.audit_score_id
         WHERE p.audit_score_id IN ({selection}) AND p.score IS NOT NULL
         GROUP BY a.location_id, p.phase, p.position
        UNION ALL
        SELECT 1, a.location_id, n.norm, NULL, count(*),
               sum(CASE WHEN n.met THEN 1 ELSE 0 END), NULL, avg(n.target_rate)
          FROM {NormResult._meta.db_table} n JOIN {scores} a ON a.{key} = n.audit_score_id
         WHERE n.audit_score_id IN ({selection}) AND n.met IS NOT NULL
         GROUP BY a.location_id, n.norm
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *params))
        rows = cursor.fetchall()
    phases = sorted(
        (
            {
                "audit_score__location_id": location,
                "phase": name,
                "position": position,
                "n": n,
                "sum": total,
                "squares": squares,
            }
            for kind, location, name, position, n, total, squares, _ in rows
            if kind == 0
        ),
        key=lambda row: (row["position"], row["phase"], row["audit_score__location_id"]),
    )
    norms = sorted(
        (
            {
                "audit_score__location_id": location,
                "norm": name,
                "audits": n,
                "met_count": int(met),
                "target": target,
            }
            for kind, location, name, _, n, met, _, target in rows
            if kind == 1
        ),
        key=lambda row: (row["norm"], row["audit_score__location_id"]),
    )
    return phases, norms


def loyalty_distribution(queryset: QuerySet[AuditScore]) -> dict[str, int]:
    counts = dict(
        queryset.exclude(loyalty="").values_list("loyalty").annotate(n=Count("pk")).order_by()
    )
    return {rung: counts.get(rung, 0) for rung in LADDER}


def persona_figures(queryset: QuerySet[AuditScore]) -> list[dict]:
    """Per persona, over the locations where every compared persona was played."""
    rows = queryset.exclude(persona="").values("persona").annotate(**TOTAL_SUMS).order_by("persona")
    return [
        {
            "persona": row["persona"],
            "n": row["n"],
            "mean": row["total_sum"] / row["n"] if row["n"] else None,
            "sd": sample_sd(row["n"], row["total_sum"], row["total_squares"]),
        }
        for row in rows
    ]


def locations_with_all_personas(queryset: QuerySet[AuditScore], personas: list[str]):
    """The ids of locations where each of ``personas`` has at least one audit."""
    return (
        queryset.filter(persona__in=personas)
        .values("location_id")
        .annotate(k=Count("persona", distinct=True))
        .filter(k=len(personas))
        .values_list("location_id", flat=True)
    )


def locations_with_sums(
    user, ids: list[int], filters: Filters
) -> tuple[dict[int, dict], dict[int, LocationFigures]]:
    """Those of the given locations the reader may see, as references (id, name, region's name)
    by id, and their sums by id: a comparison's heading and figures in one statement."""
    statement = _statement(
        ("locations", _reader(user), tuple(ids), filters),
        lambda: _compose_beside(
            locations_visible(user=user).filter(pk__in=ids),
            {"ref_id": "pk", "ref_name": "name", "ref_region": "region__name"},
            "ref_id",
            scores(user=user, filters=filters).filter(location_id__in=ids),
        ),
    )
    rows = _run_beside(statement)
    refs = {pk: {"id": pk, "name": name, "region": region} for (pk, name, region), _ in rows}
    return refs, {sums.location_id: sums for _, sums in rows if sums is not None}


def region_with_sums(
    user, pk: int, filters: Filters
) -> tuple[Region, dict[int, str], dict[int, LocationFigures]]:
    """A region the reader may see (404 otherwise), its locations' names by id and their sums
    by id, in one statement: all a leaderboard reads."""
    statement = _statement(
        ("region", _reader(user), pk, filters),
        lambda: _compose_beside(
            # A competitor's store is no place on the board (the join keeps a region without
            # places of its own, so it is still found).
            regions_visible(user=user)
            .filter(pk=pk)
            .annotate(
                places=FilteredRelation("locations", condition=Q(locations__competitor=False))
            ),
            {
                "region_client": "client_id",
                "region_name": "name",
                "place_id": "places__id",
                "place_name": "places__name",
            },
            "place_id",
            scores(user=user, filters=filters).filter(region_id=pk),
        ),
    )
    rows = _run_beside(statement)
    if not rows:
        raise Http404
    (client_id, name, _, _), _ = rows[0]
    names = {place: text for (_, _, place, text), _ in rows if place is not None}
    sums = {figures.location_id: figures for _, figures in rows if figures is not None}
    return Region(pk=pk, client_id=client_id, name=name), names, sums


def persona_attributes(scores: QuerySet[AuditScore], keys: list[str]) -> dict[str, dict]:
    """The attributes of the given personas, as the newest published codex of the scores'
    clients that has each describes them."""
    rows = (
        Persona.objects.filter(
            key__in=keys,
            codex_version__client_id__in=scores.values("client_id"),
            codex_version__status=VersionStatus.PUBLISHED,
        )
        .order_by("key", "-codex_version__number", "-codex_version_id")
        .values_list("key", *PERSONA_ATTRIBUTES)
    )
    found: dict[str, dict] = {}
    for key, *values in rows:
        found.setdefault(key, dict(zip(PERSONA_ATTRIBUTES, values, strict=True)))
    return found


def period_samples(
    *, client_id: int, first: date, last: date
) -> list[tuple[int, float, float | None]]:
    """Each of a client's locations' (audits, mean, sd) between two dates of their own
    calendars, for the agency's planning (``figures.visits_to_rank``)."""
    rows = (
        AuditScore.objects.filter(
            client_id=client_id,
            total__isnull=False,
            competitor=False,
            visited_on__gte=first,
            visited_on__lte=last,
        )
        .values("location_id")
        .annotate(n=Count("pk"), total_sum=Sum("total"), squares=Sum(F("total") * F("total")))
        .values_list("n", "total_sum", "squares")
    )
    return [(n, total / n, sample_sd(n, total, squares)) for n, total, squares in rows]
