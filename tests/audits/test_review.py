"""Review: approve or return with comments; resubmission as a new revision; approved is final."""

import uuid

import pytest

from audits.models import Audit, ReviewComment, Submission
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photos import upload
from tests.conftest import api_as


@pytest.fixture
def submitted_audit(world, field) -> Audit:
    payload = visit_payload(field.assignment)
    api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")
    upload(world.auditor, payload["id"], jpeg_bytes())
    audit = Audit.objects.get()
    assert audit.status == "submitted"
    return audit


def approve(user, audit):
    return api_as(user).post(f"/api/v1/audits/{audit.pk}/approve/")


def send_back(user, audit, comments):
    return api_as(user).post(
        f"/api/v1/audits/{audit.pk}/return/", {"comments": comments}, format="json"
    )


@pytest.mark.django_db
def test_a_reviewer_approves_a_submitted_audit(world, submitted_audit):
    response = approve(world.reviewer, submitted_audit)

    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    submitted_audit.refresh_from_db()
    assert submitted_audit.approved_by == world.reviewer
    assert submitted_audit.approved_at is not None


@pytest.mark.django_db
def test_approving_twice_is_409_with_the_current_state(world, submitted_audit):
    approve(world.reviewer, submitted_audit)

    response = approve(world.reviewer, submitted_audit)

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "illegal_transition"
    assert response.json()["errors"][0]["current_state"] == "approved"


@pytest.mark.django_db
def test_an_audit_awaiting_photos_cannot_be_approved(world, field):
    api_as(world.auditor).post(
        "/api/v1/submissions/", visit_payload(field.assignment), format="json"
    )
    audit = Audit.objects.get()

    response = approve(world.reviewer, audit)

    assert response.status_code == 409
    assert response.json()["errors"][0]["current_state"] == "awaiting_photos"
    audit.refresh_from_db()
    assert audit.status == "awaiting_photos"


@pytest.mark.django_db
def test_return_with_comments_then_resubmit_as_a_new_revision(world, field, submitted_audit):
    returned = send_back(
        world.reviewer,
        submitted_audit,
        [{"item": "mood", "comment": "Explain the 4."}, {"comment": "Check-in was late."}],
    )
    seen_by_auditor = api_as(world.auditor).get(f"/api/v1/audits/{submitted_audit.pk}/").json()
    payload = visit_payload(field.assignment)
    resubmitted = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert [(c["item"], c["comment"]) for c in seen_by_auditor["review_comments"]] == [
        ("mood", "Explain the 4."),
        (None, "Check-in was late."),
    ]
    assert resubmitted.status_code == 201
    assert resubmitted.json()["revision"] == 2
    # The entrance photo of revision 1 still counts: nothing is missing.
    assert resubmitted.json()["audit_status"] == "submitted"
    assert Submission.objects.filter(audit=submitted_audit).count() == 2
    submitted_audit.refresh_from_db()
    assert submitted_audit.current_submission_id == uuid.UUID(payload["id"])


@pytest.mark.django_db
def test_return_naming_an_unknown_item_changes_nothing(world, submitted_audit):
    response = send_back(world.reviewer, submitted_audit, [{"item": "ceiling", "comment": "?"}])

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "comments.0.item"
    submitted_audit.refresh_from_db()
    assert submitted_audit.status == "submitted"
    assert not ReviewComment.objects.exists()


@pytest.mark.django_db
def test_return_needs_at_least_one_comment(world, submitted_audit):
    response = send_back(world.reviewer, submitted_audit, [])

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "comments"


@pytest.mark.django_db
def test_an_approved_audit_is_immutable(world, field, submitted_audit):
    approve(world.reviewer, submitted_audit)
    current = submitted_audit.current_submission_id

    resubmit = api_as(world.auditor).post(
        "/api/v1/submissions/", visit_payload(field.assignment), format="json"
    )
    photo = upload(world.auditor, str(current), jpeg_bytes(pattern=1))
    back = send_back(world.reviewer, submitted_audit, [{"comment": "Oops"}])

    assert (resubmit.status_code, photo.status_code, back.status_code) == (409, 409, 409)
    assert photo.json()["errors"][0]["current_state"] == "approved"
    submitted_audit.refresh_from_db()
    assert submitted_audit.status == "approved"
    assert submitted_audit.submissions.count() == 1
    assert submitted_audit.photos.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["auditor"])
def test_an_auditor_cannot_approve_their_own_audit(world, submitted_audit, role):
    response = approve(getattr(world, role), submitted_audit)

    assert response.status_code == 403
    submitted_audit.refresh_from_db()
    assert submitted_audit.status == "submitted"
