"""Authorization matrix for the audit endpoints: every role against its own client's audit and
another client's, with the state checked unchanged after every denial; and no client-side
response ever carries the auditor's identity."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import Audit, Photo
from tests.audits.conftest import build_checklist, jpeg_bytes, visit_payload
from tests.audits.test_photos import upload
from tests.conftest import api_as
from tests.factories import AssignmentFactory, LocationFactory

ROLES = [
    "anonymous",
    "auditor",
    "other_auditor",
    "reviewer",
    "agency_admin",
    "regional_manager",
    "client_admin",
    "other_client_admin",
]


def user_of(world, role):
    return None if role == "anonymous" else getattr(world, role)


def make_audit(world, auditor, location, version, approve=True) -> Audit:
    assignment = AssignmentFactory(location=location, checklist_version=version, auditor=auditor)
    payload = visit_payload(assignment)
    assert api_as(auditor).post("/api/v1/submissions/", payload, format="json").status_code == 201
    assert upload(auditor, payload["id"], jpeg_bytes(pattern=assignment.pk)).status_code == 201
    audit = Audit.objects.get(assignment=assignment)
    if approve:
        assert api_as(world.reviewer).post(f"/api/v1/audits/{audit.pk}/approve/").status_code == 200
    return audit


@pytest.fixture
def audits(world, field):
    """Approved audits: own client's region North, own client's region South, other client."""
    south = LocationFactory(region=world.other_region, name="South shop")
    other_location = field.other_assignment.location
    other_version = field.other_assignment.checklist_version
    return {
        "own": make_audit(world, world.auditor, field.location, field.version),
        "own_other_region": make_audit(world, world.auditor, south, field.version),
        "other": make_audit(world, world.other_auditor, other_location, other_version),
    }


# role -> which of the audits it may read
READABLE = {
    "anonymous": set(),
    "auditor": {"own", "own_other_region"},
    "other_auditor": {"other"},
    "reviewer": {"own", "own_other_region", "other"},
    "agency_admin": {"own", "own_other_region", "other"},
    "regional_manager": {"own"},
    "client_admin": {"own", "own_other_region"},
    "other_client_admin": {"other"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_audit_list_shows_exactly_what_the_role_may_see(world, audits, role):
    response = api_as(user_of(world, role)).get("/api/v1/audits/")

    if role == "anonymous":
        assert response.status_code == 401
        return
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {audits[name].pk for name in READABLE[role]}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["own", "own_other_region", "other"])
@pytest.mark.parametrize("variant", ["detail", "display", "thumbnail"])
def test_audit_and_photo_reads(world, audits, role, which, variant):
    audit = audits[which]
    photo = Photo.objects.get(audit=audit)
    url = {
        "detail": f"/api/v1/audits/{audit.pk}/",
        "display": f"/api/v1/photos/{photo.pk}/display/",
        "thumbnail": f"/api/v1/photos/{photo.pk}/thumbnail/",
    }[variant]

    response = api_as(user_of(world, role)).get(url)

    expected = 401 if role == "anonymous" else 200 if which in READABLE[role] else 404
    assert response.status_code == expected
    if expected == 200 and variant != "detail":
        assert response["Content-Type"] == "image/jpeg"
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("action", ["approve", "return"])
def test_review_actions(world, field, role, which, action):
    own = make_audit(world, world.auditor, field.location, field.version, approve=False)
    other = make_audit(
        world,
        world.other_auditor,
        field.other_assignment.location,
        field.other_assignment.checklist_version,
        approve=False,
    )
    audit = own if which == "own" else other
    body = {"comments": [{"comment": "Please check."}]} if action == "return" else {}

    response = api_as(user_of(world, role)).post(
        f"/api/v1/audits/{audit.pk}/{action}/", body, format="json"
    )

    # Client-side roles see only approved audits, so a submitted one is not found for them.
    sees = {
        "auditor": which == "own",
        "other_auditor": which == "other",
        "reviewer": True,
        "agency_admin": True,
    }.get(role, False)
    if role == "anonymous":
        expected = 401
    elif role in ("reviewer", "agency_admin"):
        expected = 200
    else:
        expected = 403 if sees else 404
    assert response.status_code == expected
    audit.refresh_from_db()
    assert audit.status == (
        "submitted" if expected != 200 else "approved" if action == "approve" else "returned"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["regional_manager", "client_admin", "other_client_admin"])
def test_approving_an_approved_audit_is_forbidden_to_client_roles(world, audits, role):
    audit = audits["own"] if role != "other_client_admin" else audits["other"]

    response = api_as(getattr(world, role)).post(f"/api/v1/audits/{audit.pk}/approve/")

    assert response.status_code == 403
    audit.refresh_from_db()
    assert audit.status == "approved"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["own", "other"])
def test_submission_status_and_assignment_reads(world, field, audits, role, which):
    audit = audits["own" if which == "own" else "other"]
    assignment = audit.assignment
    client = api_as(user_of(world, role))

    status = client.get(f"/api/v1/submissions/{audit.current_submission_id}/")
    assignment_response = client.get(f"/api/v1/assignments/{assignment.pk}/")

    owner = "auditor" if which == "own" else "other_auditor"
    if role == "anonymous":
        assert (status.status_code, assignment_response.status_code) == (401, 401)
    elif role in (owner, "reviewer", "agency_admin"):
        assert (status.status_code, assignment_response.status_code) == (200, 200)
    elif role in ("regional_manager", "client_admin", "other_client_admin"):
        # Client-side people read approved audits, not the phone's submissions or assignments.
        assert (status.status_code, assignment_response.status_code) == (404, 404)
    else:
        assert (status.status_code, assignment_response.status_code) == (404, 404)


def identity_strings(user) -> list[str]:
    return [user.username, user.email, user.first_name, user.last_name]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["regional_manager", "client_admin"])
def test_no_client_side_response_carries_the_auditors_identity(world, audits, role):
    client = api_as(getattr(world, role))
    audit = audits["own"]
    bodies = [
        client.get("/api/v1/audits/").json(),
        client.get(f"/api/v1/audits/{audit.pk}/").json(),
    ]
    text = json.dumps(bodies)

    for value in identity_strings(world.auditor):
        assert value not in text
    for body in bodies[1:]:
        assert "auditor" not in body
        assert "assignment" not in body
        assert all("latitude" not in photo for photo in body["photos"])
    assert "auditor" not in bodies[0]["results"][0]


@pytest.mark.django_db
def test_the_agency_sees_who_did_the_audit(world, audits):
    body = api_as(world.reviewer).get(f"/api/v1/audits/{audits['own'].pk}/").json()

    assert body["auditor"] == world.auditor.username
    assert body["photos"][0]["latitude"] is None  # no GPS in the test photo
    assert body["revisions"][0]["revision"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reviewer", "client_admin"])
def test_audit_list_query_count_does_not_grow(world, field, role):
    for _ in range(2):
        make_audit(world, world.auditor, field.location, field.version)
    client = api_as(getattr(world, role))
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/audits/")
    for _ in range(4):
        make_audit(world, world.auditor, field.location, field.version)

    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/audits/")

    assert len(response.json()["results"]) == 6
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


@pytest.mark.django_db
def test_audit_detail_query_count_does_not_grow_with_photos(world, field):
    def audit_with_photos(count):
        version = build_checklist(world.client)
        assignment = AssignmentFactory(
            location=field.location, checklist_version=version, auditor=world.auditor
        )
        payload = visit_payload(assignment)
        api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")
        for index in range(count):
            upload(world.auditor, payload["id"], jpeg_bytes(pattern=index + 10 * count))
        return Audit.objects.get(assignment=assignment)

    small, large = audit_with_photos(1), audit_with_photos(3)
    reviewer = api_as(world.reviewer)
    with CaptureQueriesContext(connection) as few:
        reviewer.get(f"/api/v1/audits/{small.pk}/")
    with CaptureQueriesContext(connection) as many:
        body = reviewer.get(f"/api/v1/audits/{large.pk}/").json()

    assert len(body["photos"]) == 3
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
