"""The agency lists and filters assignments through the API (issue 25): the desk's view of
every assignment, with its visit's state, in the one paging style; nobody else may list them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.models import Audit
from tests.conftest import api_as
from tests.factories import AssignmentFactory, LocationFactory

NOW = timezone.now()


def listed(user, **params) -> list[int]:
    response = api_as(user).get("/api/v1/desk/assignments/", params)
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def planned(world):
    north = LocationFactory(region=world.region, name="Kamppi")
    elsewhere = LocationFactory(region__client=world.other_client, name="Elsewhere")
    first = AssignmentFactory(location=north, auditor=world.auditor)
    follow = AssignmentFactory(
        location=north,
        auditor=world.auditor,
        first_visit=first,
        checklist_version=first.checklist_version,
        status="offered",
        window_start=NOW + timedelta(days=5),
        window_end=NOW + timedelta(days=9),
    )
    other = AssignmentFactory(location=elsewhere, auditor=world.other_auditor)
    Audit.objects.create(assignment=first, status="submitted")
    return first, follow, other


@pytest.mark.django_db
def test_the_desk_lists_every_assignment_with_its_visits_state(world, planned):
    first, follow, other = planned

    rows = api_as(world.reviewer).get("/api/v1/desk/assignments/").json()["results"]

    assert [row["id"] for row in rows] == [first.pk, follow.pk, other.pk]
    by_id = {row["id"]: row for row in rows}
    assert by_id[first.pk]["audit"] == {"id": first.audit.pk, "status": "submitted"}
    assert by_id[follow.pk]["audit"] is None
    assert by_id[follow.pk]["first_visit"] == first.pk
    assert by_id[first.pk]["auditor_username"] == world.auditor.username
    assert by_id[first.pk]["location_name"] == "Kamppi"


@pytest.mark.django_db
def test_the_desk_filters_assignments(world, planned):
    first, follow, other = planned
    reviewer = world.reviewer

    assert listed(reviewer, client=world.client.pk) == [first.pk, follow.pk]
    assert listed(reviewer, auditor=world.other_auditor.pk) == [other.pk]
    assert listed(reviewer, location=first.location_id) == [first.pk, follow.pk]
    assert listed(reviewer, status="offered") == [follow.pk]
    assert listed(reviewer, follow_up="true") == [follow.pk]
    assert listed(reviewer, follow_up="false") == [first.pk, other.pk]
    assert listed(reviewer, window_from=(NOW + timedelta(days=4)).isoformat()) == [follow.pk]
    assert listed(reviewer, window_to=(NOW + timedelta(days=1)).isoformat()) == [
        first.pk,
        other.pk,
    ]
    bad = api_as(reviewer).get("/api/v1/desk/assignments/", {"status": "lost"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["attr"] == "status"
    # A year 1 an hour east of UTC would overflow once made naive: refused by name instead.
    for moment in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"):
        early = api_as(reviewer).get("/api/v1/desk/assignments/", {"window_from": moment})
        assert early.status_code == 400
        assert early.json()["errors"][0] == {
            "code": "out_of_range",
            "detail": "Must be between the years 1970 and 2099.",
            "attr": "window_from",
        }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("auditor", 403),
        ("regional_manager", 403),
        ("client_admin", 403),
        ("reviewer", 200),
        ("agency_admin", 200),
    ],
)
def test_only_the_agency_lists_assignments(world, planned, role, expected):
    assert api_as(getattr(world, role)).get("/api/v1/desk/assignments/").status_code == expected
    assert api_as(None).get("/api/v1/desk/assignments/").status_code == 401


@pytest.mark.django_db
def test_listing_assignments_reads_the_same_queries_at_n_and_3n(world):
    location = LocationFactory(region=world.region)

    def grow(count):
        for _ in range(count):
            made = AssignmentFactory(location=location, auditor=world.auditor)
            Audit.objects.create(assignment=made, status="submitted")

    grow(2)
    with CaptureQueriesContext(connection) as few:
        assert len(listed(world.reviewer)) == 2
    grow(4)
    with CaptureQueriesContext(connection) as many:
        assert len(listed(world.reviewer)) == 6

    assert len(many) == len(few)
