"""Comparison figures are cached per reader until something they are made of changes; no change
is ever answered from the cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import api_as
from tests.scoring.test_stored import approved_audit

OCT = {"period": "2026-10"}


def leaderboard_url(region) -> str:
    return f"/api/v1/scores/regions/{region.pk}/leaderboard/"


def get_counting(client, url, params=None):
    """The response and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return response.json(), [q["sql"] for q in queries.captured_queries]


def aggregations(queries: list[str]) -> list[str]:
    return [sql for sql in queries if "scoring_auditscore" in sql]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "request_of",
    [
        lambda s, w: (leaderboard_url(w.region), OCT),
        lambda s, w: (f"/api/v1/scores/locations/{s.a.pk}/", OCT),
        lambda s, w: ("/api/v1/scores/compare/", {**OCT, "locations": f"{s.a.pk},{s.b.pk}"}),
        lambda s, w: ("/api/v1/scores/missed-norms/", OCT),
        lambda s, w: ("/api/v1/scores/persona-gap/", {"personas": "novice,expert"}),
    ],
    ids=["leaderboard", "scorecard", "compare", "missed-norms", "persona-gap"],
)
def test_a_repeated_request_is_answered_without_aggregating(world, scored, request_of):
    manager = api_as(world.regional_manager)
    url, params = request_of(scored, world)

    first, first_queries = get_counting(manager, url, params)
    again, again_queries = get_counting(manager, url, params)

    assert again == first
    assert aggregations(first_queries)
    assert aggregations(again_queries) == [], "\n".join(again_queries)


@pytest.mark.django_db
def test_an_approval_shows_at_once(world, field):
    admin = api_as(world.client_admin)
    url = leaderboard_url(world.region)
    before = admin.get(url).json()

    approved_audit(world, field)
    after = admin.get(url).json()

    assert before["locations"] == []
    assert [row["location"]["name"] for row in after["locations"]] == ["Kamppi"]
    assert after["region_score"]["audits"] == 1


@pytest.mark.django_db
def test_a_manager_taken_off_a_region_gets_404_at_once(world, scored):
    manager = api_as(world.regional_manager)
    url = leaderboard_url(world.region)
    assert manager.get(url, OCT).status_code == 200

    world.regional_manager.regions.remove(world.region)

    assert manager.get(url, OCT).status_code == 404


@pytest.mark.django_db
def test_a_manager_given_a_region_sees_it_at_once(world, scored):
    manager = api_as(world.regional_manager)
    url = leaderboard_url(world.other_region)
    assert manager.get(url, OCT).status_code == 404

    world.regional_manager.regions.add(world.other_region)

    assert manager.get(url, OCT).status_code == 200


@pytest.mark.django_db
def test_a_renamed_location_shows_its_new_name(world, scored):
    admin = api_as(world.client_admin)
    url = leaderboard_url(world.region)
    assert admin.get(url, OCT).json()["locations"][0]["location"]["name"] == "A"

    scored.a.name = "Aleksanterinkatu"
    scored.a.save()

    assert admin.get(url, OCT).json()["locations"][0]["location"]["name"] == "Aleksanterinkatu"


@pytest.mark.django_db
def test_readers_of_one_client_do_not_share_entries(world, scored):
    # The client admin sees both regions' missed norms, the manager only North's.
    admin = api_as(world.client_admin).get("/api/v1/scores/missed-norms/").json()
    manager = api_as(world.regional_manager).get("/api/v1/scores/missed-norms/").json()

    greet = {row["norm"]: row["audits"] for row in admin}["greet"]
    assert {row["norm"]: row["audits"] for row in manager}["greet"] == greet - 1  # C is South


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reviewer", "agency_admin"])
def test_agency_readers_always_aggregate(world, scored, role):
    reader = api_as(getattr(world, role))

    get_counting(reader, leaderboard_url(world.region), OCT)
    _, again = get_counting(reader, leaderboard_url(world.region), OCT)

    assert aggregations(again)


@pytest.mark.django_db
def test_the_cache_can_be_turned_off(world, scored, settings):
    settings.SCORES_CACHE_SECONDS = 0
    manager = api_as(world.regional_manager)

    get_counting(manager, leaderboard_url(world.region), OCT)
    _, again = get_counting(manager, leaderboard_url(world.region), OCT)

    assert aggregations(again)


@pytest.mark.django_db
def test_errors_are_not_cached(world, scored):
    manager = api_as(world.regional_manager)
    url = f"/api/v1/scores/locations/{scored.a.pk}/"
    assert manager.get(url, {"period": "2026-13"}).status_code == 400

    with CaptureQueriesContext(connection) as queries:
        assert manager.get(url, {"period": "2026-13"}).status_code == 400

    # The location lookup runs again: the 400 was computed afresh, not served from the cache.
    assert any("organizations_location" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_the_browsable_api_is_not_answered_from_the_json_cache(world, scored):
    manager = api_as(world.regional_manager)
    url = leaderboard_url(world.region)
    assert manager.get(url, OCT).json()["region"] == "North"  # cached as JSON

    page = manager.get(url, OCT, HTTP_ACCEPT="text/html")

    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert "bottom_quarter" in page.content.decode()
