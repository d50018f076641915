"""The wave scheduler, as pure functions over plain values (no ORM: ``waves.selectors`` reads
what it needs once).

A wave is a design, not a list. ``design`` lays out each location's visits: the scenarios
(situation and channel, by checklist) and personas in turn, spread over the open weekdays and
three parts of the day, and over the weeks of the period; matched persona pairs (two personas
differing in one attribute only) visit the same location in the same situation and week, for the
equal-treatment check. ``assign`` then gives each visit to an auditor under the rules:

- the auditor can play the persona, and speaks its language (or the client's);
- an in-person visit is within the auditor's travel distance from home;
- rotation: the auditor has not visited, and will not visit, the location within the client's
  rotation months;
- the location's staff do not meet the same face twice in a wave;
- at most the auditor's weekly capacity in any week, counting what they already have.

Among those allowed, the auditor with the fewest visits in the wave so far takes it (then the
nearest). A visit nobody may take stays unplaced, naming the rule that excluded the last
candidates (``Constraint``), so the plan says why.
"""

from __future__ import annotations

import math
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

import numpy as np

from codex.constants import Channel
from codex.models import differing_attributes

DAYPARTS = ("morning", "midday", "afternoon")
# Weekdays and hours visited when the client has not said when it is open: Monday to Saturday.
DEFAULT_HOURS = {weekday: (time(9), time(18)) for weekday in range(6)}
EARTH_RADIUS_KM = 6371.0


class Constraint(StrEnum):
    """The rules, in the order they are applied; an unplaced visit names the first that left
    nobody."""

    NO_AUDITOR = "no_auditor"
    PERSONA = "persona"
    LANGUAGE = "language"
    DISTANCE = "distance"
    ROTATION = "rotation"
    SAME_FACE = "same_face"
    CAPACITY = "capacity"


@dataclass(frozen=True)
class Place:
    id: int
    latitude: float | None
    longitude: float | None
    time_zone: str


@dataclass(frozen=True)
class Scenario:
    """What a visit does: one checklist of the client (its situation and channel), pinned to
    its current version."""

    checklist: str
    version_id: int
    situation: str
    channel: str


@dataclass(frozen=True)
class Role:
    """A persona as the scheduler needs it: who plays it and in which language."""

    key: str
    id: int
    language: str
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Shopper:
    """An auditor as the scheduler needs it (``accounts.AuditorProfile``)."""

    id: int
    languages: frozenset[str]
    personas: frozenset[str]
    latitude: float | None = None
    longitude: float | None = None
    travel_km: float = 50.0
    weekly_capacity: int = 10


@dataclass(frozen=True)
class Past:
    """A visit an auditor has (or will have) outside this wave: rotation and weekly load."""

    auditor: int
    location: int
    day: date


@dataclass(frozen=True)
class Demand:
    period_start: date
    period_end: date
    places: Sequence[Place]
    scenarios: Sequence[Scenario]
    personas: Sequence[Role]
    visits_per_location: int
    pairs_per_location: int = 0
    hours: dict[int, tuple[time, time]] = field(default_factory=lambda: dict(DEFAULT_HOURS))
    rotation_months: int = 6


@dataclass
class Visit:
    location: int
    scenario: Scenario
    persona: Role | None
    day: date
    daypart: int
    window_start: datetime
    window_end: datetime
    pair: int | None = None
    auditor: int | None = None
    constraint: Constraint | None = None

    @property
    def week(self) -> tuple[int, int]:
        iso = self.day.isocalendar()
        return iso.year, iso.week


@dataclass
class Plan:
    visits: list[Visit]

    @property
    def placed(self) -> list[Visit]:
        return [visit for visit in self.visits if visit.auditor is not None]

    @property
    def unplaced(self) -> list[Visit]:
        return [visit for visit in self.visits if visit.auditor is None]


def matched_pairs(personas: Sequence[Role]) -> list[tuple[Role, Role]]:
    """Pairs of the personas that differ in exactly one attribute, in the personas' order."""
    return [
        (first, second)
        for index, first in enumerate(personas)
        for second in personas[index + 1 :]
        if len(differing_attributes(dict(first.attributes), dict(second.attributes))) == 1
    ]


def open_days(demand: Demand) -> list[date]:
    days = (demand.period_end - demand.period_start).days + 1
    return [
        day
        for day in (demand.period_start + timedelta(days=offset) for offset in range(days))
        if day.weekday() in demand.hours
    ]


def _stride(size: int) -> int:
    """A step through ``size`` weekday and daypart combinations that visits each once before
    repeating and changes both weekday and daypart at every step (near the golden section)."""
    if size <= 3:
        return 1
    start = max(1, round(size * 0.382))
    for step in sorted(range(1, size), key=lambda s: (abs(s - start), s)):
        if math.gcd(step, size) == 1 and step % 3:
            return step
    return 1


def _window(place: Place, day: date, daypart: int, hours) -> tuple[datetime, datetime]:
    """The daypart's hours on ``day``, in the location's own time."""
    opens, closes = hours[day.weekday()]
    start = datetime.combine(day, opens)
    length = (datetime.combine(day, closes) - start) / len(DAYPARTS)
    zone = zoneinfo.ZoneInfo(place.time_zone)
    begin = (start + length * daypart).replace(tzinfo=zone)
    return begin, (start + length * (daypart + 1)).replace(tzinfo=zone)


def design(demand: Demand) -> list[Visit]:
    """Every visit of the wave, without auditors: ``visits_per_location`` per location, the
    first ``2 * pairs_per_location`` of them matched pairs. Raises ValueError when the period
    has no open day."""
    days = open_days(demand)
    if not days:
        raise ValueError("no open day")
    weekdays = sorted({day.weekday() for day in days})
    combos = [(weekday, part) for weekday in weekdays for part in range(len(DAYPARTS))]
    stride = _stride(len(combos))
    weeks: dict[tuple[int, int], dict[int, date]] = {}
    for day in days:
        iso = day.isocalendar()
        weeks.setdefault((iso.year, iso.week), {})[day.weekday()] = day
    week_keys = sorted(weeks)
    pairs = matched_pairs(demand.personas)
    k = demand.visits_per_location
    pair_count = min(demand.pairs_per_location, k // 2) if pairs else 0
    scenarios, personas = _interleaved(demand.scenarios), demand.personas
    visits: list[Visit] = []
    pair_number = 0
    # Scenarios and personas run on in turn from one location to the next, so every situation
    # is visited once the wave has as many visits as there are situations.
    unit = 0

    def day_in(week: tuple[int, int], weekday: int, fallback: date | None) -> date:
        """That weekday in that week, else the same weekday in the nearest week that has it."""
        if weekday in weeks[week]:
            return weeks[week][weekday]
        if fallback is not None:
            return fallback
        at = week_keys.index(week)
        nearest = min(
            (w for w in week_keys if weekday in weeks[w]),
            key=lambda w: abs(week_keys.index(w) - at),
        )
        return weeks[nearest][weekday]

    for index, place in enumerate(sorted(demand.places, key=lambda p: p.id)):
        j = 0
        while j < k:
            week = week_keys[(index + (j * len(week_keys)) // k) % len(week_keys)]
            weekday, part = combos[(index + j * stride) % len(combos)]
            scenario = scenarios[unit % len(scenarios)]
            day = day_in(week, weekday, None)
            if j // 2 < pair_count:
                first, second = pairs[pair_number % len(pairs)]
                pair_number += 1
                other_weekday, other_part = combos[(index + (j + 1) * stride) % len(combos)]
                week = day.isocalendar()[:2]
                other_day = day_in(week, other_weekday, day)
                for persona, on, daypart in ((first, day, part), (second, other_day, other_part)):
                    start, end = _window(place, on, daypart, demand.hours)
                    visits.append(
                        Visit(place.id, scenario, persona, on, daypart, start, end, pair_number)
                    )
                j += 2
            else:
                persona = personas[unit % len(personas)] if personas else None
                start, end = _window(place, day, part, demand.hours)
                visits.append(Visit(place.id, scenario, persona, day, part, start, end))
                j += 1
            unit += 1
    return visits


def _interleaved(scenarios: Sequence[Scenario]) -> list[Scenario]:
    """The scenarios with situations taking turns: each situation's first channel, then each
    one's second, and so on."""
    by_situation: dict[str, list[Scenario]] = {}
    for scenario in scenarios:
        by_situation.setdefault(scenario.situation, []).append(scenario)
    rounds = max(len(group) for group in by_situation.values())
    return [group[r] for r in range(rounds) for group in by_situation.values() if r < len(group)]


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _distances(places: Sequence[Place], shoppers: Sequence[Shopper]) -> dict[int, np.ndarray]:
    """Kilometres from each auditor's home to each location (0 where either is unknown)."""
    lat = np.radians([s.latitude if s.latitude is not None else np.nan for s in shoppers])
    lon = np.radians([s.longitude if s.longitude is not None else np.nan for s in shoppers])
    result = {}
    for place in places:
        if place.latitude is None or place.longitude is None:
            result[place.id] = np.zeros(len(shoppers))
            continue
        plat, plon = math.radians(place.latitude), math.radians(place.longitude)
        a = (
            np.sin((lat - plat) / 2) ** 2
            + math.cos(plat) * np.cos(lat) * np.sin((lon - plon) / 2) ** 2
        )
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
        result[place.id] = np.nan_to_num(km, nan=0.0)
    return result


def assign(
    visits: list[Visit],
    shoppers: Sequence[Shopper],
    past: Iterable[Past],
    demand: Demand,
) -> Plan:
    """Give each visit an auditor under the rules (see the module's text), most constrained
    visits first; a visit nobody may take keeps ``auditor`` None and names its ``constraint``."""
    count = len(shoppers)
    index_of = {shopper.id: i for i, shopper in enumerate(shoppers)}
    capacity = np.array([s.weekly_capacity for s in shoppers], dtype=np.int64)
    travel = np.array([s.travel_km for s in shoppers], dtype=float)
    distances = _distances(demand.places, shoppers)
    can_play: dict[str | None, np.ndarray] = {None: np.ones(count, dtype=bool)}
    speaks: dict[str, np.ndarray] = {}
    for visit in visits:
        persona = visit.persona
        if persona is not None and persona.key not in can_play:
            can_play[persona.key] = np.array([persona.key in s.personas for s in shoppers], bool)
        language = persona.language if persona is not None else ""
        if language not in speaks:
            speaks[language] = np.array(
                [not language or language in s.languages for s in shoppers], dtype=bool
            )
    near = {place: km <= travel for place, km in distances.items()}
    anywhere = np.ones(count, dtype=bool)
    week_load: dict[tuple[int, int], np.ndarray] = {}
    history: dict[int, list[tuple[int, date]]] = {}
    for visit_before in past:
        i = index_of.get(visit_before.auditor)
        if i is None:
            continue
        history.setdefault(visit_before.location, []).append((i, visit_before.day))
        iso = visit_before.day.isocalendar()
        week_load.setdefault((iso.year, iso.week), np.zeros(count, np.int64))[i] += 1
    used: dict[int, np.ndarray] = {}
    total = np.zeros(count, dtype=np.int64)
    months = demand.rotation_months

    def base(visit: Visit) -> list[tuple[Constraint, np.ndarray]]:
        key = visit.persona.key if visit.persona else None
        language = visit.persona.language if visit.persona else ""
        distance_ok = (
            near[visit.location] if visit.scenario.channel == Channel.IN_PERSON else anywhere
        )
        rotation = np.ones(count, dtype=bool)
        for i, day in history.get(visit.location, ()):
            if (
                months
                and add_months(day, months) > visit.day
                and add_months(visit.day, months) > day
            ):
                rotation[i] = False
        return [
            (Constraint.PERSONA, can_play[key]),
            (Constraint.LANGUAGE, speaks[language]),
            (Constraint.DISTANCE, distance_ok),
            (Constraint.ROTATION, rotation),
        ]

    checks = [base(visit) for visit in visits]
    allowed = [np.logical_and.reduce([mask for _, mask in rules]) for rules in checks]
    order = sorted(range(len(visits)), key=lambda v: (int(allowed[v].sum()), v))
    for v in order:
        visit = visits[v]
        if count == 0:
            visit.constraint = Constraint.NO_AUDITOR
            continue
        face = used.setdefault(visit.location, np.zeros(count, dtype=bool))
        load = week_load.setdefault(visit.week, np.zeros(count, np.int64))
        eligible = allowed[v] & ~face & (load < capacity)
        if not eligible.any():
            visit.constraint = _first_excluding(
                checks[v] + [(Constraint.SAME_FACE, ~face), (Constraint.CAPACITY, load < capacity)]
            )
            continue
        km = distances[visit.location]
        cost = np.where(eligible, total * 1000.0 + km / 1000.0, np.inf)
        chosen = int(np.argmin(cost))
        visit.auditor = shoppers[chosen].id
        face[chosen] = True
        load[chosen] += 1
        total[chosen] += 1
    return Plan(visits)


def _first_excluding(rules: list[tuple[Constraint, np.ndarray]]) -> Constraint:
    remaining = None
    for constraint, mask in rules:
        remaining = mask if remaining is None else remaining & mask
        if not remaining.any():
            return constraint
    return rules[-1][0]


def plan(demand: Demand, shoppers: Sequence[Shopper], past: Iterable[Past]) -> Plan:
    return assign(design(demand), shoppers, past, demand)


@dataclass(frozen=True)
class Coverage:
    """What a plan covers: visits by scenario, situation, channel, persona, weekday, daypart and
    week, how many matched pairs are complete, and the unplaced visits by the rule that left them
    without an auditor."""

    visits: int
    placed: int
    by_checklist: dict[str, int]
    by_situation: dict[str, int]
    by_channel: dict[str, int]
    by_persona: dict[str, int]
    by_weekday: dict[int, int]
    by_daypart: dict[str, int]
    by_week: dict[str, int]
    pairs: int
    pairs_complete: int
    unplaced: dict[str, int]


def coverage(visits: Sequence[Visit]) -> Coverage:
    def counted(values) -> dict:
        return dict(sorted(Counter(values).items()))

    placed = [visit for visit in visits if visit.auditor is not None]
    pairs = Counter(visit.pair for visit in visits if visit.pair is not None)
    complete = Counter(visit.pair for visit in placed if visit.pair is not None)
    return Coverage(
        visits=len(visits),
        placed=len(placed),
        by_checklist=counted(v.scenario.checklist for v in placed),
        by_situation=counted(v.scenario.situation for v in placed),
        by_channel=counted(v.scenario.channel for v in placed),
        by_persona=counted(v.persona.key for v in placed if v.persona is not None),
        by_weekday=counted(v.day.weekday() for v in placed),
        by_daypart=counted(DAYPARTS[v.daypart] for v in placed),
        by_week=counted("{}-W{:02d}".format(*v.week) for v in placed),
        pairs=len(pairs),
        pairs_complete=sum(1 for pair, n in complete.items() if n == pairs[pair]),
        unplaced=counted(str(v.constraint) for v in visits if v.auditor is None),
    )
