"""Scenario briefs: the agency writes one per situation of a wave, in every language; each reaches
the auditor's phone with the assignment, in the auditor's language, and a changed brief shows at
the next sync."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import Assignment
from tests.conftest import api_as
from tests.waves.test_waves import DECEMBER, create, plan_body


def texts(en, fi, hu):
    return {"en": en, "fi": fi, "hu": hu}


COMPLAINT = {
    "story": texts(
        "You bought a kettle here two weeks ago; its lid no longer closes.",
        "Ostit täältä vedenkeittimen kaksi viikkoa sitten; sen kansi ei enää sulkeudu.",
        "Két hete vett itt egy vízforralót; a fedele már nem záródik.",
    ),
    "complaint": texts(
        "The lid does not close, so the kettle does not switch itself off.",
        "Kansi ei sulkeudu, joten keitin ei sammu itsestään.",
        "A fedél nem záródik, így a forraló nem kapcsol ki magától.",
    ),
    "complaint_justified": True,
    "purchase": "do_not_buy",
    "cover": texts(
        "Bring the kettle in a plain bag; do not take notes in the shop.",
        "Tuo keitin tavallisessa kassissa; älä tee muistiinpanoja liikkeessä.",
        "Egyszerű szatyorban vigye a forralót; az üzletben ne jegyzeteljen.",
    ),
}


@pytest.fixture
def wave(world, planning):
    response = create(world.agency_admin, plan_body(world, visits_per_location=6))
    assert response.status_code == 201, response.json()
    return response.json()


def complaint_assignment(wave_id):
    return (
        Assignment.objects.filter(wave_id=wave_id, checklist_version__situation__key="complaint")
        .select_related("auditor")
        .first()
    )


@pytest.mark.django_db
def test_a_brief_reaches_the_phone_with_its_assignment_in_the_auditors_language(world, wave):
    agency = api_as(world.agency_admin)

    written = agency.put(f"/api/v1/waves/{wave['id']}/briefs/complaint/", COMPLAINT, format="json")

    assert written.status_code == 201, written.json()
    assert written.json()["story"] == COMPLAINT["story"]
    assignment = complaint_assignment(wave["id"])
    phone = api_as(assignment.auditor)
    for language in ("hu", "fi"):
        got = phone.get(f"/api/v1/assignments/{assignment.pk}/", HTTP_ACCEPT_LANGUAGE=language)
        brief = got.json()["brief"]
        assert brief["story"] == COMPLAINT["story"][language]
        assert brief["complaint"] == COMPLAINT["complaint"][language]
        assert brief["complaint_justified"] is True
        assert brief["cover"] == COMPLAINT["cover"][language]
    other = (
        Assignment.objects.filter(wave_id=wave["id"])
        .exclude(checklist_version__situation__key="complaint")
        .first()
    )
    assert api_as(other.auditor).get(f"/api/v1/assignments/{other.pk}/").json()["brief"] is None


@pytest.mark.django_db
def test_a_changed_brief_shows_at_the_next_sync(world, wave):
    agency = api_as(world.agency_admin)
    agency.put(f"/api/v1/waves/{wave['id']}/briefs/complaint/", COMPLAINT, format="json")
    assignment = complaint_assignment(wave["id"])
    phone = api_as(assignment.auditor)
    first = phone.get("/api/v1/assignments/").json()
    while first["has_more"]:
        first = phone.get("/api/v1/assignments/", {"since": first["next_cursor"]}).json()
    cursor = first["next_cursor"]

    changed = {
        **COMPLAINT,
        "complaint_justified": False,
        "spending_limit": 40,
        "currency": "EUR",
    }
    again = agency.put(f"/api/v1/waves/{wave['id']}/briefs/complaint/", changed, format="json")

    assert again.status_code == 200
    synced = phone.get("/api/v1/assignments/", {"since": cursor}).json()["results"]
    mine = next(row for row in synced if row["id"] == assignment.pk)
    assert mine["brief"]["complaint_justified"] is False
    assert mine["brief"]["spending_limit"] == 40.0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("situation", "body", "attr"),
    [
        ("acquisition", {"story": COMPLAINT["story"]}, "outbound_trigger"),
        (
            "complaint",
            {"story": COMPLAINT["story"], "complaint": COMPLAINT["complaint"]},
            "complaint_justified",
        ),
        ("no_such_situation", {"story": COMPLAINT["story"]}, "situation_key"),
        ("complaint", {"story": {"en": "Only English."}}, "story"),
        ("complaint", {"story": COMPLAINT["story"], "purchase": "steal"}, "purchase"),
        ("complaint", {"story": COMPLAINT["story"], "spending_limit": "40"}, "spending_limit"),
    ],
)
def test_an_incomplete_brief_is_refused_naming_its_field(world, wave, situation, body, attr):
    response = api_as(world.agency_admin).put(
        f"/api/v1/waves/{wave['id']}/briefs/{situation}/", body, format="json"
    )

    assert response.status_code == 400
    assert attr in {error["attr"] for error in response.json()["errors"]}
    assert not api_as(world.reviewer).get(f"/api/v1/waves/{wave['id']}/briefs/").json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("agency_admin", 200, 201),
        ("reviewer", 200, 403),
        ("client_admin", 403, 403),
        ("regional_manager", 403, 403),
        ("auditor", 403, 403),
    ],
)
def test_who_reads_and_writes_briefs(world, wave, role, read, write):
    reader = api_as(getattr(world, role))

    assert reader.get(f"/api/v1/waves/{wave['id']}/briefs/").status_code == read
    put = reader.put(f"/api/v1/waves/{wave['id']}/briefs/complaint/", COMPLAINT, format="json")
    assert put.status_code == write
    if read == 200:
        assert reader.get("/api/v1/waves/999999/briefs/").status_code == 404


@pytest.mark.django_db
def test_the_sync_reads_briefs_without_a_query_per_assignment(world, planning):
    def synced_queries(visits):
        response = create(
            world.agency_admin, plan_body(world, visits_per_location=visits, **DECEMBER)
        )
        wave_id = response.json()["id"]
        api_as(world.agency_admin).put(
            f"/api/v1/waves/{wave_id}/briefs/complaint/", COMPLAINT, format="json"
        )
        Assignment.objects.exclude(wave_id=wave_id).delete()
        # Every visit the phone's, so the page grows with the wave.
        Assignment.objects.update(auditor=world.auditor)
        phone = api_as(world.auditor)
        with CaptureQueriesContext(connection) as queries:
            body = phone.get("/api/v1/assignments/").json()
        return len(queries), len(body["results"])

    small, small_rows = synced_queries(2)
    large, large_rows = synced_queries(6)

    assert large_rows > small_rows > 0
    assert large == small
