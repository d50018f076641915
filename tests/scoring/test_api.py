"""The comparison endpoints against figures worked out by hand on the fixed data set, with the
methods the README documents:

- a mean of n scores with sample variance s2: variance after the weak prior
  v = (2 * 0.2**2 + (n - 1) * s2) / (n + 1), half-width t(n + 1) * sqrt(v / n), kept in 0..1;
- a rate of k in n: Wilson's interval with z = 1.959963984540054.

t quantiles (two-sided 95%): t(2) = 4.302652729911275, t(3) = 3.182446305284263,
t(4) = 2.7764451051977987, t(6) = 2.4469118511449786. Responses are rounded to four decimals.
"""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import api_as
from tests.factories import ChecklistVersionFactory, LocationFactory, RegionFactory
from tests.scoring.conftest import scored_audit

T = {
    2: 4.302652729911275,
    3: 3.182446305284263,
    4: 2.7764451051977987,
    6: 2.4469118511449786,
}
Z = 1.959963984540054
PRIOR = 2 * 0.2**2
OCT = {"period": "2026-10"}


def approx(value):
    return pytest.approx(value, abs=5e-5)  # the API rounds to four decimals


def mean_figure(values: list[float]) -> dict:
    n = len(values)
    mean = sum(values) / n
    s2 = sum((v - mean) ** 2 for v in values) / (n - 1) if n > 1 else 0.0
    half = T[n + 1] * math.sqrt((PRIOR + (n - 1) * s2) / (n + 1) / n)
    return {
        "audits": n,
        "mean": approx(mean),
        "low": approx(max(0.0, mean - half)),
        "high": approx(min(1.0, mean + half)),
    }


def wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return (0.0 if k == 0 else centre - half), (1.0 if k == n else centre + half)


def rate_figure(k: int, n: int) -> dict:
    low, high = wilson(k, n)
    return {"audits": n, "rate": approx(k / n), "low": approx(low), "high": approx(high)}


@pytest.mark.django_db
def test_location_scorecard(world, scored):
    body = api_as(world.regional_manager).get(f"/api/v1/scores/locations/{scored.a.pk}/", OCT)

    assert body.status_code == 200
    data = body.json()
    assert data["location"] == {"id": scored.a.pk, "name": "A", "region": "North"}
    assert data["period"] == {"label": "2026-10", "start": "2026-10-01", "end": "2026-10-31"}
    # A in October: 0.8, 0.6, 1.0: mean 0.8, s2 0.04, half-width t(4) * 0.2 / sqrt(3) = 0.3206
    assert data["score"] == mean_figure([0.8, 0.6, 1.0])
    assert data["score"]["low"] == approx(0.4794)
    assert data["failed_share"] == rate_figure(0, 3)
    # The fixed checklist asks no expectations.
    assert data["phases"] == [
        {"phase": "arrival", **mean_figure([1.0, 0.5, 1.0]), "expectations": None},
        {"phase": "departure", **mean_figure([0.6, 0.7, 1.0]), "expectations": None},
    ]
    assert data["norms"] == [
        {"norm": "greet", "met": 2, **rate_figure(2, 3), "target": 0.9, "meets_target": False},
        {"norm": "smile", "met": 2, **rate_figure(2, 2), "target": 0.5, "meets_target": True},
    ]
    assert data["loyalty"] == {
        "consumer": 0,
        "trier": 0,
        "customer": 1,
        "loyalist": 1,
        "advocate": 1,
    }
    # September: the single 0.5 audit, which still has an interval (0.5 +- t(2) * 0.2).
    assert data["previous"] == mean_figure([0.5])
    assert data["previous"]["low"] == 0.0
    assert data["change"] == approx(0.3)
    assert data["rank"] == {"position": 1, "of": 2}
    assert data["warnings"] == ["Only 3 audits: too few to judge by (fewer than 5)."]


@pytest.mark.django_db
def test_scorecard_filters_by_channel_and_persona(world, scored):
    phone = (
        api_as(world.client_admin)
        .get(f"/api/v1/scores/locations/{scored.b.pk}/", {**OCT, "channel": "phone"})
        .json()
    )
    novice = (
        api_as(world.client_admin)
        .get(f"/api/v1/scores/locations/{scored.a.pk}/", {**OCT, "persona": "novice"})
        .json()
    )

    assert phone["score"]["audits"] == 1
    assert phone["score"]["mean"] == approx(0.4)
    assert phone["failed_share"] == rate_figure(1, 1)
    assert phone["warnings"] == ["Only 1 audit: too few to judge by (fewer than 5)."]
    assert novice["score"]["mean"] == approx(0.9)
    assert novice["score"]["audits"] == 2


@pytest.mark.django_db
def test_region_leaderboard_ranks_by_pooled_estimates_in_tiers(world, scored):
    body = (
        api_as(world.regional_manager)
        .get(f"/api/v1/scores/regions/{world.region.pk}/leaderboard/", OCT)
        .json()
    )

    assert body["region"] == "North"
    # North in October: 0.8, 0.6, 1.0, 0.4, 0.5 -> mean 0.66
    assert body["region_score"] == mean_figure([0.8, 0.6, 1.0, 0.4, 0.5])
    rows = body["locations"]
    assert [(r["rank"], r["location"]["name"]) for r in rows] == [(1, "A"), (2, "B")]
    assert rows[0]["score"] == mean_figure([0.8, 0.6, 1.0])
    assert rows[1]["score"] == mean_figure([0.4, 0.5])
    # B's interval (0.0712 to 0.8288) reaches A's (0.4794 to 1): one tier.
    assert [r["tier"] for r in rows] == [1, 1]
    # Pooling draws each mean towards the region's 0.66, the two-audit B the more.
    a, b = rows[0]["pooled"], rows[1]["pooled"]
    assert 0.66 < a["mean"] < 0.8
    assert 0.45 < b["mean"] < 0.66
    assert b["mean"] - 0.45 > 0.8 - a["mean"]
    assert b["bottom_quarter"] > 0.5 > a["bottom_quarter"]
    assert a["low"] < a["mean"] < a["high"]
    assert rows[1]["failed_share"] == rate_figure(1, 2)
    assert rows[1]["warnings"] == ["Only 2 audits: too few to judge by (fewer than 5)."]


@pytest.mark.django_db
def test_clearly_different_locations_are_in_different_tiers(world, scored):
    version = ChecklistVersionFactory(checklist__client=world.client)
    steady_high, steady_low = (LocationFactory(region=world.region, name=n) for n in "HL")
    for value in (0.95, 0.96, 0.94, 0.95, 0.95):
        scored_audit(steady_high, version, total=value)
    for value in (0.30, 0.31, 0.29, 0.30, 0.30):
        scored_audit(steady_low, version, total=value)

    rows = (
        api_as(world.client_admin)
        .get(f"/api/v1/scores/regions/{world.region.pk}/leaderboard/", OCT)
        .json()["locations"]
    )

    by_name = {row["location"]["name"]: row for row in rows}
    assert [row["location"]["name"] for row in rows] == ["H", "A", "B", "L"]
    assert by_name["H"]["tier"] == 1
    assert by_name["L"]["tier"] > by_name["H"]["tier"]
    assert by_name["H"]["warnings"] == []
    assert by_name["L"]["pooled"]["bottom_quarter"] > 0.9


@pytest.mark.django_db
def test_three_perfect_audits_are_not_clearly_better_than_ninety_percent_from_ten(world):
    version = ChecklistVersionFactory(checklist__client=world.client)
    perfect, steady = (LocationFactory(region=world.region, name=n) for n in ("P", "S"))
    for _ in range(3):
        scored_audit(perfect, version, total=1.0)
    for value in (0.85, 0.95) * 5:
        scored_audit(steady, version, total=value)

    rows = (
        api_as(world.client_admin)
        .get(f"/api/v1/scores/regions/{world.region.pk}/leaderboard/", OCT)
        .json()["locations"]
    )

    assert [row["tier"] for row in rows] == [1, 1]
    perfect_row = next(row for row in rows if row["location"]["name"] == "P")
    assert perfect_row["score"]["low"] == approx(1.0 - T[4] * math.sqrt(PRIOR / 4 / 3))
    assert perfect_row["score"]["low"] < 0.8


@pytest.mark.django_db
def test_compare_locations_side_by_side(world, scored):
    body = (
        api_as(world.client_admin)
        .get("/api/v1/scores/compare/", {"locations": f"{scored.a.pk},{scored.c.pk}", **OCT})
        .json()
    )

    assert [row["location"]["name"] for row in body] == ["A", "C"]
    assert body[0]["phases"] == {
        "arrival": mean_figure([1.0, 0.5, 1.0]),
        "departure": mean_figure([0.6, 0.7, 1.0]),
    }
    assert body[0]["norms"] == {"greet": rate_figure(2, 3), "smile": rate_figure(2, 2)}
    assert body[1]["score"] == mean_figure([0.9])
    assert body[1]["norms"] == {"greet": rate_figure(0, 1)}


@pytest.mark.django_db
def test_a_region_without_scored_locations_has_an_empty_leaderboard(world, scored):
    """The region, its names and its sums are read in one statement: a region with no
    locations, or with locations but no audits in the period, is still found, and empty."""
    empty = RegionFactory(client=world.client, name="Empty")
    quiet = RegionFactory(client=world.client, name="Quiet")
    LocationFactory(region=quiet, name="Q")
    manager = api_as(world.client_admin)

    for region in (empty, quiet):
        response = manager.get(f"/api/v1/scores/regions/{region.pk}/leaderboard/", OCT)
        assert response.status_code == 200
        body = response.json()
        assert body["region"] == region.name
        assert body["locations"] == []
        assert body["region_score"]["audits"] == 0


@pytest.mark.django_db
def test_a_location_without_audits_compares_as_none_and_needs_visits_unknown(world, scored):
    idle = LocationFactory(region=world.region, name="Idle")
    manager = api_as(world.client_admin)

    rows = manager.get("/api/v1/scores/compare/", {"locations": f"{idle.pk},{scored.a.pk}", **OCT})
    needed = manager.get(
        "/api/v1/scores/visits-needed/", {"locations": f"{idle.pk},{scored.a.pk}", **OCT}
    )

    assert rows.status_code == 200
    idle_row, a_row = rows.json()
    assert idle_row["location"] == {"id": idle.pk, "name": "Idle", "region": "North"}
    assert idle_row["score"]["audits"] == 0
    assert idle_row["score"]["mean"] is None
    assert a_row["score"] == mean_figure([0.8, 0.6, 1.0])
    assert needed.status_code == 200
    assert [row["audits"] for row in needed.json()["locations"]] == [0, 3]
    assert needed.json()["audits_each"] is None


@pytest.mark.django_db
def test_visits_needed_to_tell_two_locations_apart(world, scored):
    body = (
        api_as(world.client_admin)
        .get("/api/v1/scores/visits-needed/", {"locations": f"{scored.a.pk},{scored.b.pk}", **OCT})
        .json()
    )

    # A: 0.8 (n 3, s2 0.04), B: 0.45 (n 2, s2 0.005). Spread: the root of the mean of their
    # variances after the prior, (0.08 + 2 * 0.04) / 4 = 0.04 and (0.08 + 0.005) / 3.
    spread = math.sqrt((0.04 + 0.085 / 3) / 2)
    each = math.ceil(2 * ((Z + 0.8416212335729143) * spread / 0.35) ** 2)
    assert body["difference"] == approx(0.35)
    assert body["spread"] == approx(spread)
    assert body["audits_each"] == each
    assert [(row["location"]["name"], row["audits"], row["more"]) for row in body["locations"]] == [
        ("A", 3, max(0, each - 3)),
        ("B", 2, max(0, each - 2)),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("locations", ["1", "1,2,3", "abc"])
def test_visits_needed_takes_two_locations(world, scored, locations):
    response = api_as(world.client_admin).get(
        "/api/v1/scores/visits-needed/", {"locations": locations}
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "locations"


@pytest.mark.django_db
def test_a_location_against_itself_needs_no_number_of_visits(world, scored):
    """The schema's pattern admits the same id twice: the answer is that nothing tells a
    location from itself, not a refusal."""
    response = api_as(world.client_admin).get(
        "/api/v1/scores/visits-needed/", {"locations": f"{scored.b.pk},{scored.b.pk}"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["difference"] == 0
    assert body["audits_each"] is None
    assert [row["location"]["id"] for row in body["locations"]] == [scored.b.pk, scored.b.pk]


@pytest.mark.django_db
def test_most_missed_norms(world, scored):
    north = api_as(world.regional_manager).get("/api/v1/scores/missed-norms/", OCT).json()
    whole_client = api_as(world.client_admin).get("/api/v1/scores/missed-norms/", OCT).json()

    def missed(norm, k, n, target):
        low, high = wilson(k, n)
        return {
            "norm": norm,
            "audits": n,
            "missed": k,
            "miss_rate": approx(k / n),
            "low": approx(low),
            "high": approx(high),
            "target": target,
        }

    # North: greet applied in 5 audits, met in 3; smile applied in 3, met in 2.
    assert north == [missed("greet", 2, 5, 0.9), missed("smile", 1, 3, 0.5)]
    # The client admin also sees C (South), which missed greet.
    assert whole_client[0] == missed("greet", 3, 6, 0.9)


@pytest.mark.django_db
def test_persona_gap_with_its_uncertainty(world, scored):
    body = (
        api_as(world.regional_manager)
        .get("/api/v1/scores/persona-gap/", {"personas": "novice,expert", **OCT})
        .json()
    )

    # Locations where both were played: A and B. novice: 0.8, 1.0, 0.4; expert: 0.6, 0.5.
    novice_mean, expert_mean = 2.2 / 3, 0.55
    novice_var = (
        (0.8 - novice_mean) ** 2 + (1.0 - novice_mean) ** 2 + (0.4 - novice_mean) ** 2
    ) / 2
    expert_var = ((0.6 - 0.55) ** 2 + (0.5 - 0.55) ** 2) / 1
    # Each side's variance after the weak prior, with n + 1 degrees of freedom.
    v1 = (PRIOR + 1 * expert_var) / 3 / 2
    v2 = (PRIOR + 2 * novice_var) / 4 / 3
    df = (v1 + v2) ** 2 / (v1**2 / 3 + v2**2 / 4)
    from scipy.stats import t

    half = t.ppf(0.975, df) * math.sqrt(v1 + v2)
    assert body["locations"] == 2
    assert [(p["persona"], p["score"]["audits"]) for p in body["personas"]] == [
        ("novice", 3),
        ("expert", 2),
    ]
    gap = body["gaps"][0]
    assert (gap["persona"], gap["reference"]) == ("expert", "novice")
    assert gap["difference"] == approx(expert_mean - novice_mean)
    assert gap["low"] == approx(expert_mean - novice_mean - half)
    assert gap["high"] == approx(expert_mean - novice_mean + half)
    assert gap["clearly_different"] is False


ENDPOINTS = [
    ("scorecard_a", lambda s, w: f"/api/v1/scores/locations/{s.a.pk}/"),
    ("scorecard_c", lambda s, w: f"/api/v1/scores/locations/{s.c.pk}/"),
    ("scorecard_x", lambda s, w: f"/api/v1/scores/locations/{s.x.pk}/"),
    ("leaderboard_north", lambda s, w: f"/api/v1/scores/regions/{w.region.pk}/leaderboard/"),
    ("leaderboard_south", lambda s, w: f"/api/v1/scores/regions/{w.other_region.pk}/leaderboard/"),
    ("compare_ac", lambda s, w: f"/api/v1/scores/compare/?locations={s.a.pk},{s.c.pk}"),
    ("missed_south", lambda s, w: f"/api/v1/scores/missed-norms/?region={w.other_region.pk}"),
    ("visits_ab", lambda s, w: f"/api/v1/scores/visits-needed/?locations={s.a.pk},{s.b.pk}"),
    ("visits_ac", lambda s, w: f"/api/v1/scores/visits-needed/?locations={s.a.pk},{s.c.pk}"),
]

EXPECTED = {
    # role: statuses for the endpoints above, in order
    "anonymous": [401] * 9,
    "auditor": [403] * 9,  # results are not an auditor's, whoever's they are
    "reviewer": [200] * 9,
    "agency_admin": [200] * 9,
    "regional_manager": [200, 404, 404, 200, 404, 404, 404, 200, 404],
    "client_admin": [200, 200, 404, 200, 200, 200, 200, 200, 200],
    "other_client_admin": [404, 404, 200, 404, 404, 404, 404, 404, 404],
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED))
def test_authorization_matrix(world, scored, role):
    client = api_as(None if role == "anonymous" else getattr(world, role))

    statuses = [client.get(url(scored, world)).status_code for _, url in ENDPOINTS]

    assert statuses == EXPECTED[role]


@pytest.mark.django_db
def test_no_figure_includes_another_regions_audits(world, scored):
    manager = api_as(world.regional_manager)

    persona = manager.get("/api/v1/scores/persona-gap/", {"personas": "novice,expert"}).json()
    missed = manager.get("/api/v1/scores/missed-norms/").json()

    # All time, North only: novice at A (0.8, 1.0, 0.5) and B (0.4); C and X never count.
    assert persona["personas"][0]["score"]["audits"] == 4
    assert {row["norm"]: row["audits"] for row in missed} == {"greet": 6, "smile": 4}


@pytest.mark.django_db
def test_a_managers_changed_regions_take_effect_at_once(world, scored):
    """A figure's statement is composed once per reader and kept; the manager's regions are a
    subquery in it, read when it runs, so taking a region away hides it on the next request
    (and giving one shows it), as it would without the kept statement."""
    manager = api_as(world.regional_manager)
    north = f"/api/v1/scores/regions/{world.region.pk}/leaderboard/"
    south = f"/api/v1/scores/regions/{world.other_region.pk}/leaderboard/"
    pair = {"locations": f"{scored.a.pk},{scored.b.pk}"}

    before = [manager.get(url).status_code for url in (north, south)]
    needed_before = manager.get("/api/v1/scores/visits-needed/", pair).status_code
    world.regional_manager.regions.set([world.other_region])
    after = [manager.get(url).status_code for url in (north, south)]
    needed_after = manager.get("/api/v1/scores/visits-needed/", pair).status_code

    assert (before, needed_before) == ([200, 404], 200)
    assert (after, needed_after) == ([404, 200], 404)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "attr"),
    [
        ({"period": "2026-13"}, "period"),
        ({"from": "yesterday"}, "from"),
        ({"from": "2026-10-10", "to": "2026-10-01"}, "to"),
        ({"channel": "fax machine!"}, "channel"),
    ],
)
def test_bad_filters_are_400_naming_the_parameter(world, scored, params, attr):
    response = api_as(world.client_admin).get(f"/api/v1/scores/locations/{scored.a.pk}/", params)

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == attr


@pytest.mark.django_db
def test_custom_date_range(world, scored):
    body = (
        api_as(world.client_admin)
        .get(f"/api/v1/scores/locations/{scored.a.pk}/", {"from": "2026-09-01", "to": "2026-10-10"})
        .json()
    )

    assert body["score"]["audits"] == 2  # 0.5 (Sep 10) and 0.8 (Oct 5)
    assert body["score"]["mean"] == approx(0.65)


def _grow(world, locations: int, audits_each: int):
    version = ChecklistVersionFactory(checklist__client=world.client)
    made = []
    for number in range(locations):
        # Every other one beside a competitor's store (it counts only in the gap to them).
        location = LocationFactory(region=world.region, competitor=number % 2 == 1)
        for index in range(audits_each):
            scored_audit(
                location,
                version,
                total=0.5 + index / 10,
                persona=["novice", "expert"][index % 2],
                phases={"arrival": 0.5},
                norms={"greet": (index % 2 == 0, 0.9)},
            )
        if not location.competitor:
            made.append(location)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize(
    "endpoint",
    ["scorecard", "leaderboard", "compare", "missed", "persona", "visits", "competitors"],
)
def test_query_counts_do_not_grow_with_locations_and_audits(world, endpoint):
    manager = api_as(world.regional_manager)

    def url(locations):
        return {
            "scorecard": f"/api/v1/scores/locations/{locations[0].pk}/?period=2026-10",
            "leaderboard": f"/api/v1/scores/regions/{world.region.pk}/leaderboard/?period=2026-10",
            "compare": "/api/v1/scores/compare/?locations="
            + ",".join(str(x.pk) for x in locations),
            "missed": f"/api/v1/scores/missed-norms/?region={world.region.pk}",
            "persona": "/api/v1/scores/persona-gap/?personas=novice,expert",
            "visits": "/api/v1/scores/visits-needed/?locations="
            + ",".join(str(x.pk) for x in (locations[0], locations[-1])),
            "competitors": f"/api/v1/scores/competitors/?region={world.region.pk}",
        }[endpoint]

    few = _grow(world, 2, 2)
    with CaptureQueriesContext(connection) as small:
        assert manager.get(url(few)).status_code == 200
    many = few + _grow(world, 4, 6)
    with CaptureQueriesContext(connection) as large:
        assert manager.get(url(many)).status_code == 200

    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        (
            "en",
            "Only 1 audit: too few to judge by (fewer than 5).",
            "Only 2 audits: too few to judge by (fewer than 5).",
        ),
        (
            "fi",
            "Vain 1 käynti: liian vähän johtopäätöksiin (alle 5).",
            "Vain 2 käyntiä: liian vähän johtopäätöksiin (alle 5).",
        ),
        (
            "hu",
            "Csak 1 látogatás: túl kevés az ítélethez (kevesebb mint 5).",
            "Csak 2 látogatás: túl kevés az ítélethez (kevesebb mint 5).",
        ),
    ],
)
def test_warnings_speak_the_readers_language_with_its_plurals(world, scored, language, one, two):
    compared = api_as(world.client_admin).get(
        "/api/v1/scores/compare/",
        {"locations": f"{scored.b.pk},{scored.c.pk}", **OCT},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert [row["warnings"] for row in compared.json()] == [[two], [one]]
