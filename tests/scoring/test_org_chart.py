"""The organisation chart moves and the figures follow, by the next read, whatever made the
change: a form's save() (as the admin does), an import's bulk_update, a bulk delete of a
manager's regions. Cached figures included (the cache is on in these tests)."""

import pytest

from accounts.models import User
from organizations.models import Location
from scoring.models import AuditScore
from tests.conftest import api_as
from tests.factories import ChecklistVersionFactory, LocationFactory
from tests.scoring.conftest import scored_audit

OCT = {"period": "2026-10"}


@pytest.fixture
def moving(world, settings):
    settings.SCORES_CACHE_SECONDS = 3600
    version = ChecklistVersionFactory(checklist__client=world.client)
    staying = LocationFactory(region=world.region, name="Staying")
    mover = LocationFactory(region=world.region, name="Mover")
    for location in (staying, mover):
        for total in (0.6, 0.7, 0.8):
            scored_audit(location, version, total=total)
    return staying, mover


def board(user, region) -> dict[str, dict]:
    response = api_as(user).get(f"/api/v1/scores/regions/{region.pk}/leaderboard/", OCT)
    assert response.status_code == 200, response.content
    return {row["location"]["name"]: row for row in response.json()["locations"]}


@pytest.mark.django_db
def test_a_location_moved_by_save_takes_its_figures_to_its_new_region(world, moving):
    _staying, mover = moving
    admin = world.client_admin
    assert set(board(admin, world.region)) == {"Staying", "Mover"}  # now cached
    assert set(board(admin, world.other_region)) == set()

    mover.region = world.other_region
    mover.save()

    assert set(board(admin, world.region)) == {"Staying"}
    moved = board(admin, world.other_region)
    assert set(moved) == {"Mover"}
    assert moved["Mover"]["score"]["audits"] == 3
    card = api_as(admin).get(f"/api/v1/scores/locations/{mover.pk}/", OCT).json()
    assert card["rank"] == {"position": 1, "of": 1}
    assert set(AuditScore.objects.filter(location=mover).values_list("region", flat=True)) == {
        world.other_region.pk
    }


@pytest.mark.django_db
def test_a_bulk_update_import_shows_in_the_next_read(world, moving):
    _staying, mover = moving
    admin = world.client_admin
    assert set(board(admin, world.other_region)) == set()

    mover.region = world.other_region
    mover.name = "Mover (imported)"
    Location.objects.bulk_update([mover], ["region", "name"])

    assert set(board(admin, world.other_region)) == {"Mover (imported)"}
    assert set(board(admin, world.region)) == {"Staying"}


@pytest.mark.django_db
def test_a_region_taken_from_a_manager_by_a_bulk_delete_is_gone_by_the_next_read(world, moving):
    manager = world.regional_manager
    assert set(board(manager, world.region)) == {"Staying", "Mover"}  # cached for them

    User.regions.through.objects.filter(user=manager, region=world.region).delete()

    response = api_as(manager).get(f"/api/v1/scores/regions/{world.region.pk}/leaderboard/", OCT)
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_region_renamed_by_update_shows_in_the_next_read(world, moving):
    admin = world.client_admin
    assert board(admin, world.region)["Staying"]["location"]["region"] != "Renamed North"

    type(world.region).objects.filter(pk=world.region.pk).update(name="Renamed North")

    assert board(admin, world.region)["Staying"]["location"]["region"] == "Renamed North"
