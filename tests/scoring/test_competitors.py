"""Competitor visits (issue 24): a store the agency marks as a competitor's is audited with the
same checklists; its visits count in none of the client's figures, the client's people never see
the store (404, and never its name in any answer), and they see the gap between their stores and
the competitors' average, with n and intervals, checked here against an independent
computation."""

import math

import pytest
from scipy.stats import t as student_t

from organizations.models import Location
from scoring.models import AuditScore
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photos import upload
from tests.conftest import api_as
from tests.factories import ChecklistVersionFactory, LocationFactory
from tests.organizations.test_imports import upload as upload_rows
from tests.scoring.conftest import scored_audit
from tests.scoring.test_api import PRIOR, approx

RIVAL = "Kilpailija Keskusta"


@pytest.fixture
def rival(world, scored):
    """A competitor's store in North with two audits (0.5 and 0.7), and one in South (0.2)."""
    version = ChecklistVersionFactory(checklist__client=world.client)
    north = LocationFactory(region=world.region, name=RIVAL, competitor=True)
    south = LocationFactory(region=world.other_region, name="Kilpailija Etelä", competitor=True)
    for total, arrival in ((0.5, 0.4), (0.7, 0.8)):
        scored_audit(
            north,
            version,
            total=total,
            persona="novice",
            visited=(2026, 10, 6),
            phases={"arrival": arrival, "departure": 0.6},
            norms={"greet": (False, 0.9)},
        )
    scored_audit(south, version, total=0.2, visited=(2026, 10, 6), phases={"arrival": 0.2})
    return north


def mean_figure(values: list[float]) -> dict:
    """The mean with its t interval after the weak prior (n + 1 degrees of freedom)."""
    n = len(values)
    mean = sum(values) / n
    s2 = sum((v - mean) ** 2 for v in values) / (n - 1) if n > 1 else 0.0
    half = student_t.ppf(0.975, n + 1) * math.sqrt((PRIOR + (n - 1) * s2) / (n + 1) / n)
    return {
        "audits": n,
        "mean": approx(mean),
        "low": approx(max(0.0, mean - half)),
        "high": approx(min(1.0, mean + half)),
    }


def welch(own: list[float], theirs: list[float]) -> dict:
    """Own minus competitors' mean with a Welch interval, each side's variance after the weak
    prior (n + 1 degrees of freedom), as the README states it."""

    def side(values):
        n = len(values)
        mean = sum(values) / n
        s2 = sum((v - mean) ** 2 for v in values) / (n - 1) if n > 1 else 0.0
        return n, mean, (PRIOR + (n - 1) * s2) / (n + 1) / n

    (n1, m1, v1), (n2, m2, v2) = side(own), side(theirs)
    df = (v1 + v2) ** 2 / (v1**2 / (n1 + 1) + v2**2 / (n2 + 1))
    half = student_t.ppf(0.975, df) * math.sqrt(v1 + v2)
    return {
        "difference": approx(m1 - m2),
        "low": approx(m1 - m2 - half),
        "high": approx(m1 - m2 + half),
        "clearly_different": m1 - m2 - half > 0 or m1 - m2 + half < 0,
    }


NORTH = [0.8, 0.6, 1.0, 0.5, 0.4, 0.5]  # A and B, all time
NORTH_ARRIVAL = [1.0, 0.5, 1.0, 0.5, 0.0, 1.0]


@pytest.mark.django_db
def test_the_gap_to_the_competitors_average_with_its_interval(world, rival):
    body = (
        api_as(world.regional_manager)
        .get("/api/v1/scores/competitors/", {"region": world.region.pk})
        .json()
    )

    assert body["competitor_stores"] == 1
    assert body["overall"]["own"] == mean_figure(NORTH)
    assert body["overall"]["competitors"] == mean_figure([0.5, 0.7])
    assert body["overall"]["gap"] == welch(NORTH, [0.5, 0.7])
    phases = {row["phase"]: row for row in body["phases"]}
    assert list(phases) == ["arrival", "departure"]
    assert phases["arrival"]["own"] == mean_figure(NORTH_ARRIVAL)
    assert phases["arrival"]["competitors"] == mean_figure([0.4, 0.8])
    assert phases["arrival"]["gap"] == welch(NORTH_ARRIVAL, [0.4, 0.8])
    assert RIVAL not in str(body)


@pytest.mark.django_db
def test_a_client_admin_sees_every_competitor_store_together_and_a_location_its_regions(
    world, rival
):
    admin = api_as(world.client_admin)

    everywhere = admin.get("/api/v1/scores/competitors/").json()
    a = Location.objects.get(name="A")
    one_store = admin.get("/api/v1/scores/competitors/", {"location": a.pk}).json()

    assert everywhere["competitor_stores"] == 2
    assert everywhere["overall"]["competitors"] == mean_figure([0.5, 0.7, 0.2])
    assert everywhere["overall"]["own"]["audits"] == 7  # A, B and C
    # A against the competitors of its own region (North) only.
    assert one_store["competitor_stores"] == 1
    assert one_store["overall"]["own"] == mean_figure([0.8, 0.6, 1.0, 0.5])
    assert one_store["overall"]["competitors"] == mean_figure([0.5, 0.7])


@pytest.mark.django_db
def test_no_competitor_store_no_gap(world, scored):
    body = api_as(world.client_admin).get("/api/v1/scores/competitors/").json()

    assert body["competitor_stores"] == 0
    assert body["overall"]["competitors"] == {
        "audits": 0,
        "mean": None,
        "low": None,
        "high": None,
    }
    assert body["overall"]["gap"] == {
        "difference": None,
        "low": None,
        "high": None,
        "clearly_different": False,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["regional_manager", "client_admin", "reviewer"])
def test_competitor_visits_count_in_no_other_figure(world, scored, role):
    reader = api_as(getattr(world, role))
    urls = [
        f"/api/v1/scores/regions/{world.region.pk}/leaderboard/",
        f"/api/v1/scores/locations/{scored.a.pk}/",
        f"/api/v1/scores/missed-norms/?region={world.region.pk}",
        "/api/v1/scores/persona-gap/?personas=novice,expert",
        f"/api/v1/scores/compare/?locations={scored.a.pk},{scored.b.pk}",
    ]
    before = [reader.get(url).json() for url in urls]

    version = ChecklistVersionFactory(checklist__client=world.client)
    store = LocationFactory(region=world.region, name=RIVAL, competitor=True)
    scored_audit(
        store,
        version,
        total=0.05,
        persona="expert",
        phases={"arrival": 0.0},
        norms={"greet": (False, 0.9), "smile": (False, 0.5)},
    )
    after = [reader.get(url).json() for url in urls]

    assert after == before
    assert RIVAL not in str(after)


@pytest.mark.django_db
def test_client_people_never_see_a_competitor_store(world, rival):
    """Invisible is 404, indistinguishable from nonexistent; lists and exports leave it out.
    The agency sees it (it plans and reviews its visits)."""
    for role, own_audits in (("regional_manager", 6), ("client_admin", 7)):
        reader = api_as(getattr(world, role))
        assert reader.get(f"/api/v1/locations/{rival.pk}/").status_code == 404
        assert reader.get(f"/api/v1/scores/locations/{rival.pk}/").status_code == 404
        assert reader.get("/api/v1/scores/competitors/", {"location": rival.pk}).status_code == 404
        names = [row["name"] for row in reader.get("/api/v1/locations/").json()["results"]]
        assert RIVAL not in names
        assert names
        export = reader.get("/api/v1/exports/audits.csv")
        assert export.status_code == 200
        text = b"".join(export.streaming_content).decode()
        assert RIVAL not in text
        assert len(text.strip().splitlines()) == 1 + own_audits
        assert "Kilpailija" not in str(reader.get("/api/v1/audits/").json())

    agency = api_as(world.agency_admin).get(f"/api/v1/locations/{rival.pk}/")
    assert agency.status_code == 200
    assert agency.json()["competitor"] is True


@pytest.mark.django_db
def test_an_approved_visit_to_a_competitor_is_scored_apart_and_follows_the_store(world, field):
    Location.objects.filter(pk=field.location.pk).update(competitor=True)
    payload = visit_payload(field.assignment)
    assert (
        api_as(world.auditor).post("/api/v1/submissions/", payload, format="json").status_code
        == 201
    )
    upload(world.auditor, payload["id"], jpeg_bytes())
    audit = field.assignment.audit
    assert api_as(world.reviewer).post(f"/api/v1/audits/{audit.pk}/approve/").status_code == 200

    assert AuditScore.objects.get(audit=audit).competitor is True
    manager = api_as(world.regional_manager)
    assert (
        manager.get("/api/v1/scores/competitors/").json()["overall"]["competitors"]["audits"] == 1
    )
    assert manager.get(f"/api/v1/audits/{audit.pk}/").status_code == 404

    # The agency finds it was the client's own store after all: the score follows the store
    # (a trigger, whatever writes the change), and the figures' stamp is renewed.
    Location.objects.filter(pk=field.location.pk).update(competitor=False)

    assert AuditScore.objects.get(audit=audit).competitor is False
    body = manager.get("/api/v1/scores/competitors/").json()
    assert body["overall"]["competitors"]["audits"] == 0
    assert body["overall"]["own"]["audits"] == 1
    assert manager.get(f"/api/v1/audits/{audit.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_location_import_marks_a_competitor(world):
    rows = f"name,region,competitor\nKamppi,North,false\n{RIVAL},North,true\n"

    response = upload_rows(
        world.agency_admin, "locations", rows, client=world.client, dry_run=False
    )

    assert response.status_code == 200, response.json()
    assert dict(Location.objects.values_list("name", "competitor")) == {
        "Kamppi": False,
        RIVAL: True,
    }
