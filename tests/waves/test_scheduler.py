"""The wave scheduler's rules, for any locations, auditors and constraints (Hypothesis): every
placed visit keeps every rule, and every unplaced one names a rule that truly left nobody."""

import math
import zoneinfo
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from codex.constants import Channel
from codex.models import differing_attributes
from waves import scheduler
from waves.scheduler import Constraint, Demand, Past, Place, Role, Scenario, Shopper

LANGUAGES = ["fi", "sv", "en"]
PERSONA_KEYS = ["p0", "p1", "p2", "p3"]


def km_between(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


coordinates = st.one_of(
    st.none(),
    st.tuples(st.floats(59.5, 61.0), st.floats(23.5, 26.0)),
)


@st.composite
def demands(draw):
    start = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 365)))
    length = draw(st.integers(0, 40))
    weekdays = draw(st.sets(st.integers(0, 6), min_size=1))
    hours = {
        wd: (time(draw(st.integers(6, 11))), time(draw(st.integers(14, 21)))) for wd in weekdays
    }
    places = [
        Place(
            i + 1,
            *(lambda c: (c[0], c[1]) if c else (None, None))(draw(coordinates)),
            draw(st.sampled_from(["Europe/Helsinki", "Europe/Budapest", "UTC"])),
        )
        for i in range(draw(st.integers(1, 6)))
    ]
    scenarios = [
        Scenario(f"c{i}", 100 + i, draw(st.sampled_from(["s0", "s1", "s2"])), channel)
        for i, channel in enumerate(
            draw(st.lists(st.sampled_from([c.value for c in Channel]), min_size=1, max_size=4))
        )
    ]
    personas = [
        Role(
            key,
            i + 1,
            draw(st.sampled_from(LANGUAGES)),
            (
                ("age_band", draw(st.sampled_from(["young", "senior"]))),
                ("gender", draw(st.sampled_from(["man", "woman"]))),
            ),
        )
        for i, key in enumerate(PERSONA_KEYS[: draw(st.integers(0, 4))])
    ]
    demand = Demand(
        period_start=start,
        period_end=start + timedelta(days=length),
        places=places,
        scenarios=scenarios,
        personas=personas,
        visits_per_location=draw(st.integers(1, 6)),
        pairs_per_location=draw(st.integers(0, 2)),
        hours=hours,
        rotation_months=draw(st.integers(0, 12)),
    )
    shoppers = [
        Shopper(
            id=1000 + i,
            languages=frozenset(draw(st.sets(st.sampled_from(LANGUAGES), max_size=3))),
            personas=frozenset(draw(st.sets(st.sampled_from(PERSONA_KEYS), max_size=4))),
            latitude=(home := draw(coordinates)) and home[0],
            longitude=home and home[1],
            travel_km=draw(st.sampled_from([5.0, 50.0, 500.0])),
            weekly_capacity=draw(st.integers(1, 4)),
        )
        for i in range(draw(st.integers(0, 7)))
    ]
    past = [
        Past(
            draw(st.sampled_from([s.id for s in shoppers])),
            draw(st.sampled_from([p.id for p in places])),
            start + timedelta(days=draw(st.integers(-400, 400))),
        )
        for _ in range(draw(st.integers(0, 10)) if shoppers else 0)
    ]
    return demand, shoppers, past


def static_rules(visit, shopper, demand, past) -> list[tuple[Constraint, bool]]:
    """The rules that do not depend on the rest of the wave, in the scheduler's order, written
    out again here (not taken from the scheduler)."""
    place = next(p for p in demand.places if p.id == visit.location)
    persona = visit.persona
    far = (
        visit.scenario.channel == Channel.IN_PERSON
        and place.latitude is not None
        and shopper.latitude is not None
        and km_between((place.latitude, place.longitude), (shopper.latitude, shopper.longitude))
        > shopper.travel_km
    )
    months = demand.rotation_months
    too_soon = any(
        p.auditor == shopper.id
        and p.location == visit.location
        and months
        and scheduler.add_months(p.day, -months) < visit.day < scheduler.add_months(p.day, months)
        for p in past
    )
    return [
        (Constraint.PERSONA, persona is None or persona.key in shopper.personas),
        (Constraint.LANGUAGE, persona is None or persona.language in shopper.languages),
        (Constraint.DISTANCE, not far),
        (Constraint.ROTATION, not too_soon),
    ]


def week(day):
    return day.isocalendar()[:2]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(demands())
def test_every_visit_keeps_every_rule_or_names_the_one_that_left_nobody(case):
    demand, shoppers, past = case
    assume(scheduler.open_days(demand))  # a period without an open day is refused before
    plan = scheduler.plan(demand, shoppers, past)
    by_id = {s.id: s for s in shoppers}
    placed = plan.placed

    # Each location gets its visits; every window is in the period, on an open day, in hours.
    assert Counter(v.location for v in plan.visits) == {
        p.id: demand.visits_per_location for p in demand.places
    }
    for visit in plan.visits:
        assert demand.period_start <= visit.day <= demand.period_end
        opens, closes = demand.hours[visit.day.weekday()]
        zone = zoneinfo.ZoneInfo(next(p for p in demand.places if p.id == visit.location).time_zone)
        local_start = visit.window_start.astimezone(zone)
        local_end = visit.window_end.astimezone(zone)
        assert datetime.combine(visit.day, opens) <= local_start.replace(tzinfo=None)
        assert local_end.replace(tzinfo=None) <= datetime.combine(visit.day, closes)
        assert visit.window_start < visit.window_end

    # Placed: every static rule holds; no face twice at a location; no week over capacity.
    for visit in placed:
        assert all(ok for _, ok in static_rules(visit, by_id[visit.auditor], demand, past))
    faces = Counter((v.location, v.auditor) for v in placed)
    assert max(faces.values(), default=1) == 1
    placed_load = Counter((v.auditor, week(v.day)) for v in placed)
    load = placed_load + Counter((p.auditor, week(p.day)) for p in past if p.auditor in by_id)
    for auditor, when in placed_load:
        assert load[(auditor, when)] <= by_id[auditor].weekly_capacity, (auditor, when)

    # Unplaced: the named rule is the one that left nobody.
    for visit in plan.unplaced:
        if not shoppers:
            assert visit.constraint == Constraint.NO_AUDITOR
            continue
        rules = [static_rules(visit, s, demand, past) for s in shoppers]
        static_ok = [s for s, r in zip(shoppers, rules, strict=True) if all(ok for _, ok in r)]
        if visit.constraint in {Constraint.SAME_FACE, Constraint.CAPACITY}:
            assert static_ok
            for shopper in static_ok:
                busy = load[(shopper.id, week(visit.day))] >= shopper.weekly_capacity
                assert faces[(visit.location, shopper.id)] or busy
        else:
            order = [c for c, _ in rules[0]]
            at = order.index(visit.constraint)
            before = [all(ok for _, ok in r[:at]) for r in rules]
            through = [all(ok for _, ok in r[: at + 1]) for r in rules]
            assert any(before) or at == 0
            assert not any(through)


def test_an_overbooked_week_leaves_visits_unplaced_for_capacity():
    """A plainly overbooked case: one auditor, capacity one a week, three visits in one week at
    three locations: one is placed, two are unplaced for capacity."""
    monday = date(2026, 12, 7)
    demand = Demand(
        period_start=monday,
        period_end=monday + timedelta(days=4),
        places=[Place(i, None, None, "Europe/Helsinki") for i in (1, 2, 3)],
        scenarios=[Scenario("c", 1, "s", Channel.PHONE)],
        personas=[],
        visits_per_location=1,
    )
    plan = scheduler.plan(
        demand, [Shopper(9, frozenset({"fi"}), frozenset(), weekly_capacity=1)], []
    )
    assert len(plan.placed) == 1
    assert [v.constraint for v in plan.unplaced] == [Constraint.CAPACITY, Constraint.CAPACITY]


@pytest.mark.parametrize("visits", [3, 6, 12])
def test_the_design_visits_every_situation_and_spreads_weekdays_and_dayparts(visits):
    monday = date(2026, 12, 7)
    demand = Demand(
        period_start=monday,
        period_end=monday + timedelta(days=27),
        places=[Place(i, None, None, "Europe/Helsinki") for i in range(1, 5)],
        scenarios=[
            Scenario(f"{s}-{c}", 1, s, c)
            for s in ("inquiry", "complaint", "problem")
            for c in ("phone", "email")
        ],
        personas=[],
        visits_per_location=visits,
    )
    visits_made = scheduler.design(demand)
    assert {v.scenario.situation for v in visits_made} == {"inquiry", "complaint", "problem"}
    for place in demand.places:
        own = [v for v in visits_made if v.location == place.id]
        # A location's visits fall on different weekday and daypart combinations.
        assert len({(v.day.weekday(), v.daypart) for v in own}) == len(own)
        if len(own) >= 3:
            assert len({v.daypart for v in own}) == 3
    weekdays = Counter(v.day.weekday() for v in visits_made)
    assert set(weekdays) == set(range(6))  # Monday to Saturday, the default open days
    assert max(weekdays.values()) - min(weekdays.values()) <= len(demand.places)


def test_matched_pairs_share_location_situation_and_week_and_differ_in_one_attribute():
    monday = date(2026, 12, 7)
    roles = [
        Role("old", 1, "fi", (("age_band", "senior"), ("gender", "woman"))),
        Role("young", 2, "fi", (("age_band", "young"), ("gender", "woman"))),
        Role("young_man", 3, "fi", (("age_band", "young"), ("gender", "man"))),
    ]
    demand = Demand(
        period_start=monday,
        period_end=monday + timedelta(days=27),
        places=[Place(i, None, None, "Europe/Helsinki") for i in range(1, 4)],
        scenarios=[Scenario("c", 1, "s", Channel.IN_PERSON)],
        personas=roles,
        visits_per_location=4,
        pairs_per_location=2,
    )
    visits = scheduler.design(demand)
    pairs: dict[int, list] = {}
    for visit in visits:
        if visit.pair is not None:
            pairs.setdefault(visit.pair, []).append(visit)
    assert len(pairs) == 6
    for first, second in pairs.values():
        assert first.location == second.location
        assert first.scenario == second.scenario
        assert week(first.day) == week(second.day)
        differs = differing_attributes(
            dict(first.persona.attributes), dict(second.persona.attributes)
        )
        assert len(differs) == 1
    # Both kinds of pair are scheduled (age, and gender).
    kinds = {
        tuple(differing_attributes(dict(a.persona.attributes), dict(b.persona.attributes)))
        for a, b in pairs.values()
    }
    assert kinds == {("age_band",), ("gender",)}


def test_months_are_calendar_months():
    assert scheduler.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert scheduler.add_months(date(2026, 3, 15), -6) == date(2025, 9, 15)
    assert scheduler.add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)
