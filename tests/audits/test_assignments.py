"""The phone's assignment list: incremental sync with a cursor, accept and decline."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.models import Assignment
from tests.audits.conftest import visit_payload
from tests.conftest import api_as
from tests.factories import AssignmentFactory


def sync(user, since=None, limit=None):
    params = {}
    if since:
        params["since"] = since
    if limit:
        params["limit"] = limit
    return api_as(user).get("/api/v1/assignments/", params)


def age(assignment, seconds):
    """Make the row look as if it last changed ``seconds`` ago."""
    Assignment.objects.filter(pk=assignment.pk).update(
        updated_at=timezone.now() - timedelta(seconds=seconds)
    )


@pytest.mark.django_db
def test_sync_lists_only_the_auditors_own_assignments(world, field):
    response = sync(world.auditor)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [field.assignment.pk]
    row = rows[0]
    assert row["location"]["name"] == "Kamppi"
    assert row["checklist_version"] == field.version.pk
    assert row["situation"] == field.version.situation.key
    assert row["channel"] == "in_person"
    assert row["status"] == "accepted"
    assert row["audit_status"] is None


@pytest.mark.django_db
def test_a_second_sync_with_the_cursor_returns_only_changes(world, field):
    age(field.assignment, 60)
    first = sync(world.auditor).json()

    unchanged = sync(world.auditor, since=first["next_cursor"]).json()
    new = AssignmentFactory(
        location=field.location,
        checklist_version=field.version,
        auditor=world.auditor,
        status="offered",
    )
    age(new, 30)
    changed = sync(world.auditor, since=unchanged["next_cursor"]).json()

    assert [row["id"] for row in first["results"]] == [field.assignment.pk]
    assert unchanged["results"] == []
    assert [row["id"] for row in changed["results"]] == [new.pk]


@pytest.mark.django_db
def test_paging_is_stable_while_new_rows_arrive(world, field):
    rows = [field.assignment]
    rows += [
        AssignmentFactory(
            location=field.location, checklist_version=field.version, auditor=world.auditor
        )
        for _ in range(4)
    ]
    for index, row in enumerate(rows):
        age(row, 100 - index)

    page1 = sync(world.auditor, limit=2).json()
    late = AssignmentFactory(
        location=field.location, checklist_version=field.version, auditor=world.auditor
    )
    age(late, 50)
    page2 = sync(world.auditor, since=page1["next_cursor"], limit=2).json()
    page3 = sync(world.auditor, since=page2["next_cursor"], limit=2).json()

    seen = [r["id"] for page in (page1, page2, page3) for r in page["results"]]
    assert [page["has_more"] for page in (page1, page2, page3)] == [True, True, False]
    assert seen == [row.pk for row in rows] + [late.pk]


@pytest.mark.django_db
def test_recent_changes_are_sent_again_rather_than_missed(world, field):
    # Changed just now: a concurrent transaction could still commit an earlier timestamp, so the
    # cursor stays behind and the row comes again. Phones store rows by id.
    first = sync(world.auditor).json()
    again = sync(world.auditor, since=first["next_cursor"]).json()

    assert [r["id"] for r in again["results"]] == [field.assignment.pk]


@pytest.mark.django_db
def test_a_cursor_not_from_this_server_is_a_clear_400(world, field):
    response = sync(world.auditor, since="bm90LWEtY3Vyc29y")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "since"
    assert response.json()["errors"][0]["code"] == "invalid_cursor"


@pytest.mark.django_db
def test_sync_query_count_does_not_grow_with_assignments(world, field):
    with CaptureQueriesContext(connection) as few:
        sync(world.auditor)
    for _ in range(6):
        AssignmentFactory(
            location=field.location, checklist_version=field.version, auditor=world.auditor
        )
    with CaptureQueriesContext(connection) as many:
        response = sync(world.auditor)

    assert len(response.json()["results"]) == 7
    assert len(many) == len(few) == 1, "\n".join(q["sql"] for q in many.captured_queries)


@pytest.mark.django_db
def test_accept_and_decline(world, field):
    offered = AssignmentFactory(
        location=field.location,
        checklist_version=field.version,
        auditor=world.auditor,
        status="offered",
    )
    url = f"/api/v1/assignments/{offered.pk}/"

    accepted = api_as(world.auditor).post(url + "accept/")
    accepted_again = api_as(world.auditor).post(url + "accept/")
    declined = api_as(world.auditor).post(url + "decline/", {"reason": "Ill"}, format="json")

    assert accepted.json()["status"] == "accepted"
    assert accepted_again.status_code == 200
    assert declined.json()["status"] == "declined"
    assert declined.json()["decline_reason"] == "Ill"
    offered.refresh_from_db()
    assert offered.status == "declined"


@pytest.mark.django_db
def test_an_audited_assignment_cannot_be_declined(world, field):
    api_as(world.auditor).post(
        "/api/v1/submissions/", visit_payload(field.assignment), format="json"
    )

    response = api_as(world.auditor).post(f"/api/v1/assignments/{field.assignment.pk}/decline/")

    assert response.status_code == 409
    assert response.json()["errors"][0]["current_state"] == "accepted"
    field.assignment.refresh_from_db()
    assert field.assignment.status == "accepted"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("auditor", 200),
        ("other_auditor", 404),
        ("reviewer", 403),
        ("agency_admin", 403),
        ("regional_manager", 404),
        ("client_admin", 404),
        ("other_client_admin", 404),
    ],
)
def test_only_the_assigned_auditor_responds(world, field, role, expected):
    offered = AssignmentFactory(
        location=field.location,
        checklist_version=field.version,
        auditor=world.auditor,
        status="offered",
    )

    response = api_as(getattr(world, role)).post(f"/api/v1/assignments/{offered.pk}/accept/")

    assert response.status_code == expected
    offered.refresh_from_db()
    assert offered.status == ("accepted" if expected == 200 else "offered")
