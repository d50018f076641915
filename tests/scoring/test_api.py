"""The comparison endpoints against figures worked out by hand on the fixed data set.

t quantiles (two-sided 95%): t(1) = 12.706204736174707, t(2) = 4.302652729911275.
"""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import api_as
from tests.factories import ChecklistVersionFactory, LocationFactory
from tests.scoring.conftest import scored_audit

T1, T2 = 12.706204736174707, 4.302652729911275
OCT = {"period": "2026-10"}

# A in October: 0.8, 0.6, 1.0 -> mean 0.8, sd 0.2, half-width t(2) * 0.2 / sqrt(3)
A_HALF = T2 * 0.2 / math.sqrt(3)
# B in October: 0.4, 0.5 -> mean 0.45, sd sqrt(0.005), half-width t(1) * sd / sqrt(2)
B_HALF = T1 * math.sqrt(0.005) / math.sqrt(2)


def approx(value):
    return pytest.approx(value, abs=1e-9)


@pytest.mark.django_db
def test_location_scorecard(world, scored):
    body = api_as(world.regional_manager).get(f"/api/v1/scores/locations/{scored.a.pk}/", OCT)

    assert body.status_code == 200
    data = body.json()
    assert data["location"] == {"id": scored.a.pk, "name": "A", "region": "North"}
    assert data["period"]["label"] == "2026-10"
    assert data["score"] == {
        "audits": 3,
        "mean": approx(0.8),
        "low": approx(0.8 - A_HALF),
        "high": 1.0,  # 0.8 + 0.497 is past the top of the scale
    }
    assert data["failed_share"] == 0.0
    assert data["phases"] == [
        {"phase": "arrival", "audits": 3, "mean": approx((1.0 + 0.5 + 1.0) / 3)},
        {"phase": "departure", "audits": 3, "mean": approx((0.6 + 0.7 + 1.0) / 3)},
    ]
    assert data["norms"] == [
        {
            "norm": "greet",
            "audits": 3,
            "met": 2,
            "rate": approx(2 / 3),
            "target": approx(0.9),
            "meets_target": False,
        },
        {
            "norm": "smile",
            "audits": 2,
            "met": 2,
            "rate": 1.0,
            "target": approx(0.5),
            "meets_target": True,
        },
    ]
    assert data["loyalty"] == {
        "consumer": 0,
        "trier": 0,
        "customer": 1,
        "loyalist": 1,
        "advocate": 1,
    }
    # September: the single 0.5 audit. Change: 0.8 - 0.5.
    assert data["previous"] == {"audits": 1, "mean": approx(0.5), "low": None, "high": None}
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
    assert phone["failed_share"] == 1.0
    assert novice["score"]["mean"] == approx(0.9)
    assert novice["score"]["audits"] == 2


@pytest.mark.django_db
def test_region_leaderboard_marks_overlapping_intervals(world, scored):
    body = (
        api_as(world.regional_manager)
        .get(f"/api/v1/scores/regions/{world.region.pk}/leaderboard/", OCT)
        .json()
    )

    assert body["region"] == "North"
    # North in October: 0.8, 0.6, 1.0, 0.4, 0.5 -> mean 0.66
    assert body["region_score"]["audits"] == 5
    assert body["region_score"]["mean"] == approx(0.66)
    rows = body["locations"]
    assert [(r["rank"], r["location"]["name"]) for r in rows] == [(1, "A"), (2, "B")]
    assert rows[0]["score"]["low"] == approx(0.8 - A_HALF)
    assert rows[1]["score"] == {
        "audits": 2,
        "mean": approx(0.45),
        "low": 0.0,  # 0.45 - 0.635 and 0.45 + 0.635 are past the scale's ends
        "high": 1.0,
    }
    assert 0.45 - B_HALF < 0 < 1 < 0.45 + B_HALF
    assert rows[0]["not_clearly_different_from"] == [scored.b.pk]
    assert rows[1]["not_clearly_different_from"] == [scored.a.pk]
    assert rows[1]["failed_share"] == 0.5
    assert rows[1]["warnings"] == ["Only 2 audits: too few to judge by (fewer than 5)."]


@pytest.mark.django_db
def test_clearly_different_locations_are_not_marked(world, scored):
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
    assert steady_low.pk not in by_name["H"]["not_clearly_different_from"]
    assert by_name["H"]["warnings"] == []


@pytest.mark.django_db
def test_compare_locations_side_by_side(world, scored):
    body = (
        api_as(world.client_admin)
        .get("/api/v1/scores/compare/", {"locations": f"{scored.a.pk},{scored.c.pk}", **OCT})
        .json()
    )

    assert [row["location"]["name"] for row in body] == ["A", "C"]
    assert body[0]["phases"] == {"arrival": approx(2.5 / 3), "departure": approx(2.3 / 3)}
    assert body[0]["norms"] == {"greet": approx(2 / 3), "smile": 1.0}
    assert body[1]["score"] == {"audits": 1, "mean": approx(0.9), "low": None, "high": None}
    assert body[1]["norms"] == {"greet": 0.0}


@pytest.mark.django_db
def test_most_missed_norms(world, scored):
    north = api_as(world.regional_manager).get("/api/v1/scores/missed-norms/", OCT).json()
    whole_client = api_as(world.client_admin).get("/api/v1/scores/missed-norms/", OCT).json()

    # North: greet applied in 5 audits, met in 3; smile applied in 3, met in 2.
    assert north == [
        {
            "norm": "greet",
            "audits": 5,
            "missed": 2,
            "miss_rate": approx(0.4),
            "target": approx(0.9),
        },
        {
            "norm": "smile",
            "audits": 3,
            "missed": 1,
            "miss_rate": approx(1 / 3),
            "target": approx(0.5),
        },
    ]
    # The client admin also sees C (South), which missed greet.
    assert whole_client[0] == {
        "norm": "greet",
        "audits": 6,
        "missed": 3,
        "miss_rate": approx(0.5),
        "target": approx(0.9),
    }


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
    v1, v2 = expert_var / 2, novice_var / 3
    df = (v1 + v2) ** 2 / (v1**2 / 1 + v2**2 / 2)
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
]

EXPECTED = {
    # role: statuses for the endpoints above, in order
    "anonymous": [401] * 7,
    "auditor": [403] * 7,  # results are not an auditor's, whoever's they are
    "reviewer": [200] * 7,
    "agency_admin": [200] * 7,
    "regional_manager": [200, 404, 404, 200, 404, 404, 404],
    "client_admin": [200, 200, 404, 200, 200, 200, 200],
    "other_client_admin": [404, 404, 200, 404, 404, 404, 404],
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
@pytest.mark.parametrize(
    ("params", "attr"),
    [
        ({"period": "2026-13"}, "period"),
        ({"from": "yesterday"}, "from"),
        ({"from": "2026-10-10", "to": "2026-10-01"}, "to"),
        ({"channel": "fax"}, "channel"),
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
    for _ in range(locations):
        location = LocationFactory(region=world.region)
        for index in range(audits_each):
            scored_audit(
                location,
                version,
                total=0.5 + index / 10,
                persona=["novice", "expert"][index % 2],
                phases={"arrival": 0.5},
                norms={"greet": (index % 2 == 0, 0.9)},
            )
        made.append(location)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["scorecard", "leaderboard", "compare", "missed", "persona"])
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
        }[endpoint]

    few = _grow(world, 2, 2)
    with CaptureQueriesContext(connection) as small:
        assert manager.get(url(few)).status_code == 200
    many = few + _grow(world, 4, 6)
    with CaptureQueriesContext(connection) as large:
        assert manager.get(url(many)).status_code == 200

    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)
