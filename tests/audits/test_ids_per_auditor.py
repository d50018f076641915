"""The ids phones generate are their auditor's own: using an id another auditor already used
answers exactly as a free id would (no 409 that reveals it), and each sees only their own."""

import uuid

import pytest

from audits.models import Photo, Submission
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photos import upload
from tests.conftest import api_as
from tests.factories import AssignmentFactory


@pytest.fixture
def other_assignment(world, field):
    """The other auditor's accepted assignment (another client)."""
    assignment = field.other_assignment
    assignment.status = "accepted"
    assignment.save()
    return assignment


def comparable(body: dict) -> dict:
    return {k: v for k, v in body.items() if k not in {"audit", "received_at"}}


@pytest.mark.django_db
def test_another_auditors_submission_id_answers_like_a_free_one(world, field, other_assignment):
    taken = visit_payload(field.assignment)
    assert (
        api_as(world.auditor).post("/api/v1/submissions/", taken, format="json").status_code == 201
    )
    free = visit_payload(other_assignment)
    reused = visit_payload(other_assignment, id=taken["id"])
    second = AssignmentFactory(
        location=other_assignment.location,
        checklist_version=other_assignment.checklist_version,
        auditor=world.other_auditor,
        status="accepted",
    )
    free_answer = api_as(world.other_auditor).post("/api/v1/submissions/", free, format="json")

    reused = {**reused, "assignment": second.pk}
    reused_answer = api_as(world.other_auditor).post("/api/v1/submissions/", reused, format="json")

    assert free_answer.status_code == reused_answer.status_code == 201
    assert reused_answer.json()["id"] == taken["id"]
    assert comparable(reused_answer.json()) == {**comparable(free_answer.json()), "id": taken["id"]}
    assert Submission.objects.filter(key=taken["id"]).count() == 2
    # A retry is recognised, and each auditor reads their own under the same id.
    retry = api_as(world.other_auditor).post("/api/v1/submissions/", reused, format="json")
    assert retry.status_code == 200
    mine = api_as(world.auditor).get(f"/api/v1/submissions/{taken['id']}/").json()
    theirs = api_as(world.other_auditor).get(f"/api/v1/submissions/{taken['id']}/").json()
    assert mine["audit"] != theirs["audit"]
    assert mine["missing_photos"] == [{"item": "entrance", "required": 1, "received": 0}]


@pytest.mark.django_db
def test_another_auditors_photo_id_answers_like_a_free_one(world, field, other_assignment):
    mine = visit_payload(field.assignment)
    theirs = visit_payload(other_assignment)
    assert (
        api_as(world.auditor).post("/api/v1/submissions/", mine, format="json").status_code == 201
    )
    assert (
        api_as(world.other_auditor).post("/api/v1/submissions/", theirs, format="json").status_code
        == 201
    )
    photo_id = uuid.uuid4()
    assert upload(world.auditor, mine["id"], jpeg_bytes(), photo_id=photo_id).status_code == 201

    reused = upload(
        world.other_auditor, theirs["id"], jpeg_bytes(pattern=2), item="entrance", photo_id=photo_id
    )

    assert reused.status_code == 201, reused.json()
    assert reused.json()["id"] == str(photo_id)
    assert reused.json()["submission"] == theirs["id"]
    assert Photo.objects.filter(key=photo_id).count() == 2
    retry = upload(
        world.other_auditor, theirs["id"], jpeg_bytes(pattern=2), item="entrance", photo_id=photo_id
    )
    assert retry.status_code == 200
    assert retry.json() == reused.json()
    status = api_as(world.other_auditor).get(f"/api/v1/submissions/{theirs['id']}/").json()
    assert status["photos"] == [str(photo_id)]
    assert status["missing_photos"] == []
    # Each photo's file is served under its own row id to whoever may see its audit.
    theirs_row = Photo.objects.get(auditor=world.other_auditor)
    assert theirs_row.pk != photo_id
    served = api_as(world.reviewer).get(f"/api/v1/photos/{theirs_row.pk}/display/")
    assert served.status_code == 200
    assert api_as(world.auditor).get(f"/api/v1/photos/{theirs_row.pk}/display/").status_code == 404


@pytest.mark.django_db
def test_reusing_your_own_id_for_other_content_is_still_a_conflict(world, field):
    payload = visit_payload(field.assignment)
    assert (
        api_as(world.auditor).post("/api/v1/submissions/", payload, format="json").status_code
        == 201
    )

    changed = {**payload, "comment": "changed my mind"}
    response = api_as(world.auditor).post("/api/v1/submissions/", changed, format="json")

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "idempotency_key_reused"
