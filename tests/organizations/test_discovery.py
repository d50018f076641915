"""Readers discover the regions and locations they may see (the ids the figures take), through
the one visibility gate: for every role, against its own and another client's objects."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import api_as
from tests.factories import LocationFactory, RegionFactory


@pytest.fixture
def places(world):
    north = LocationFactory(region=world.region, name="Kamppi", time_zone="Europe/Helsinki")
    south = LocationFactory(region=world.other_region, name="Tampere")
    foreign_region = RegionFactory(client=world.other_client, name="Pest")
    foreign = LocationFactory(region=foreign_region, name="Budapest", time_zone="Europe/Budapest")
    return {"north": north, "south": south, "foreign": foreign, "foreign_region": foreign_region}


# role: (regions listed, locations listed)
SEEN = {
    "reviewer": ({"North", "South", "Pest"}, {"Kamppi", "Tampere", "Budapest"}),
    "agency_admin": ({"North", "South", "Pest"}, {"Kamppi", "Tampere", "Budapest"}),
    "client_admin": ({"North", "South"}, {"Kamppi", "Tampere"}),
    "regional_manager": ({"North"}, {"Kamppi"}),
    "other_client_admin": ({"Pest"}, {"Budapest"}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(SEEN))
def test_each_reader_lists_exactly_what_they_may_see(world, places, role):
    client = api_as(getattr(world, role))

    regions = client.get("/api/v1/regions/").json()["results"]
    locations = client.get("/api/v1/locations/").json()["results"]

    assert {r["name"] for r in regions} == SEEN[role][0]
    assert {loc["name"] for loc in locations} == SEEN[role][1]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(SEEN))
def test_details_are_404_beyond_the_readers_reach_like_nonexistent_ones(world, places, role):
    client = api_as(getattr(world, role))
    regions = {"North": world.region, "South": world.other_region, "Pest": places["foreign_region"]}
    locations = {
        "Kamppi": places["north"],
        "Tampere": places["south"],
        "Budapest": places["foreign"],
    }

    for name, region in regions.items():
        response = client.get(f"/api/v1/regions/{region.pk}/")
        assert response.status_code == (200 if name in SEEN[role][0] else 404)
    for name, location in locations.items():
        response = client.get(f"/api/v1/locations/{location.pk}/")
        assert response.status_code == (200 if name in SEEN[role][1] else 404)
    missing = client.get("/api/v1/locations/987654/")
    hidden = [loc for name, loc in locations.items() if name not in SEEN[role][1]]
    if hidden:
        invisible = client.get(f"/api/v1/locations/{hidden[0].pk}/")
        assert (invisible.status_code, invisible.json()) == (missing.status_code, missing.json())


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["auditor", "other_auditor"])
def test_auditors_are_refused_discovery(world, places, role):
    client = api_as(getattr(world, role))

    paths = [
        "/api/v1/regions/",
        "/api/v1/locations/",
        f"/api/v1/regions/{world.region.pk}/",
        f"/api/v1/locations/{places['north'].pk}/",
    ]

    assert [client.get(path).status_code for path in paths] == [403] * 4


@pytest.mark.django_db
def test_anonymous_readers_are_401(world, places):
    assert api_as(None).get("/api/v1/regions/").status_code == 401
    assert api_as(None).get("/api/v1/locations/").status_code == 401


@pytest.mark.django_db
def test_a_manager_finds_the_region_id_the_leaderboard_needs(world, places):
    manager = api_as(world.regional_manager)

    region = manager.get("/api/v1/regions/").json()["results"][0]
    kamppi = manager.get("/api/v1/locations/", {"region": region["id"]}).json()["results"]

    assert region == {"id": world.region.pk, "name": "North", "client": world.client.pk}
    assert kamppi == [
        {
            "id": places["north"].pk,
            "name": "Kamppi",
            "address": places["north"].address,
            "client": world.client.pk,
            "region": world.region.pk,
            "region_name": "North",
            "time_zone": "Europe/Helsinki",
            "competitor": False,
        }
    ]
    board = manager.get(f"/api/v1/scores/regions/{region['id']}/leaderboard/")
    assert board.status_code == 200


@pytest.mark.django_db
def test_listing_locations_takes_the_same_queries_at_n_and_3n(world):
    client = api_as(world.client_admin)

    def count(n):
        for index in range(n):
            LocationFactory(region=world.region, name=f"L{n}-{index}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/locations/").status_code == 200
        return len(queries)

    assert count(3) == count(9)
