"""The review desk: a reviewer can reject an audit (fabricated, wrong location, outside the
window), so it never counts and its assignment can be offered again; approvals carry a grade
of the auditor's report; and every state change is logged: who, when, why."""

import pytest

from audits.models import Assignment, Audit
from scoring.models import AuditScore
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photos import upload
from tests.conftest import api_as
from tests.factories import UserFactory


def audit_of(field) -> Audit:
    return Audit.objects.get(assignment=field.assignment)


def reject(user, audit, **body):
    return api_as(user).post(f"/api/v1/audits/{audit.pk}/reject/", body, format="json")


@pytest.mark.django_db
def test_a_rejected_audit_never_counts_and_is_final(world, field, submitted):
    upload(world.auditor, submitted, jpeg_bytes())
    audit = audit_of(field)

    response = reject(world.reviewer, audit, reason="fabricated", note="Photo from 2019.")

    assert response.status_code == 200
    body = response.json()
    assert body["audit"]["status"] == "rejected"
    assert body["reissued_assignment"] is None
    assert not AuditScore.objects.exists()
    # Final: neither approved nor rejected again, nor resubmitted by the phone.
    approve = api_as(world.reviewer).post(f"/api/v1/audits/{audit.pk}/approve/")
    assert approve.status_code == 409
    assert approve.json()["errors"][0]["current_state"] == "rejected"
    assert reject(world.reviewer, audit, reason="other", note="again").status_code == 409
    again = api_as(world.auditor).post(
        "/api/v1/submissions/", visit_payload(field.assignment), format="json"
    )
    assert again.status_code == 409
    # The client never sees it; its auditor does, as rejected.
    assert api_as(world.client_admin).get(f"/api/v1/audits/{audit.pk}/").status_code == 404
    mine = api_as(world.auditor).get(f"/api/v1/audits/{audit.pk}/")
    assert mine.json()["status"] == "rejected"


@pytest.mark.django_db
def test_a_rejection_can_offer_the_assignment_again(world, field, submitted):
    audit = audit_of(field)
    colleague = UserFactory(username="shopper-cat", role="auditor", works_for=[world.client])

    response = reject(
        world.reviewer, audit, reason="outside_window", note="", reissue_to=colleague.pk
    )

    assert response.status_code == 200
    reissued = Assignment.objects.get(pk=response.json()["reissued_assignment"])
    original = field.assignment
    assert (reissued.auditor, reissued.status) == (colleague, "offered")
    assert (reissued.location_id, reissued.checklist_version_id, reissued.persona_id) == (
        original.location_id,
        original.checklist_version_id,
        original.persona_id,
    )
    assert reissued.window_end - reissued.window_start == (
        original.window_end - original.window_start
    )
    synced = api_as(colleague).get("/api/v1/assignments/").json()
    assert [row["id"] for row in synced["results"]] == [reissued.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({"reason": "other", "note": "  "}, "note"),
        ({"reason": "bored"}, "reason"),
        ({"reason": "fabricated", "reissue_to": "other_auditor"}, "reissue_to"),
    ],
)
def test_a_rejection_that_does_not_fit_is_refused_and_changes_nothing(
    world, field, submitted, body, attr
):
    audit = audit_of(field)
    if body.get("reissue_to") == "other_auditor":
        body = {**body, "reissue_to": world.other_auditor.pk}  # works for another client

    response = reject(world.reviewer, audit, **body)

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == attr
    assert audit_of(field).status == "awaiting_photos"
    assert Assignment.objects.count() == 2  # the fixture's two, none reissued


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("auditor", 403),  # sees the audit, may not review it
        ("other_auditor", 404),
        ("regional_manager", 404),
        ("client_admin", 404),
        ("other_client_admin", 404),
        ("reviewer", 200),
        ("agency_admin", 200),
    ],
)
def test_who_may_reject_and_read_the_log(world, field, submitted, role, status):
    audit = audit_of(field)
    reader = getattr(world, role)

    history = api_as(reader).get(f"/api/v1/audits/{audit.pk}/history/")
    rejected = reject(reader, audit, reason="wrong_location")

    assert (history.status_code, rejected.status_code) == (status, status)
    anonymous = api_as(None)
    assert anonymous.get(f"/api/v1/audits/{audit.pk}/history/").status_code == 401
    assert anonymous.post(f"/api/v1/audits/{audit.pk}/reject/", {}).status_code == 401


@pytest.mark.django_db
def test_the_log_says_who_changed_what_when_and_why(world, field, submitted):
    upload(world.auditor, submitted, jpeg_bytes())
    audit = audit_of(field)
    reviewer = api_as(world.reviewer)
    flag_free = reviewer.post(
        f"/api/v1/audits/{audit.pk}/return/",
        {"comments": [{"item": "greeting", "comment": "Was it really 6.5 s?"}]},
        format="json",
    )
    assert flag_free.status_code == 200
    resent = visit_payload(field.assignment)
    assert (
        api_as(world.auditor).post("/api/v1/submissions/", resent, format="json").status_code == 201
    )
    approved = reviewer.post(
        f"/api/v1/audits/{audit.pk}/approve/", {"grade": 4, "note": "Clear notes."}, format="json"
    )
    assert approved.status_code == 200

    log = reviewer.get(f"/api/v1/audits/{audit.pk}/history/").json()

    assert [(e["event"], e["actor"], e["from_status"], e["to_status"]) for e in log] == [
        ("submit", "shopper-ann", "", ""),
        ("return", "rev", "submitted", "returned"),
        ("submit", "shopper-ann", "", ""),
        ("approve", "rev", "submitted", "approved"),
    ]
    assert [e["revision"] for e in log] == [1, None, 2, None]
    assert log[1]["note"] == "Was it really 6.5 s?"
    assert (log[3]["grade"], log[3]["note"]) == (4, "Clear notes.")
    assert [e["at"] for e in log] == sorted(e["at"] for e in log)


@pytest.mark.django_db
@pytest.mark.parametrize("grade", [0, 6, "good"])
def test_a_grade_is_one_to_five(world, field, submitted, grade):
    upload(world.auditor, submitted, jpeg_bytes())
    audit = audit_of(field)

    response = api_as(world.reviewer).post(
        f"/api/v1/audits/{audit.pk}/approve/", {"grade": grade}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "grade"
    assert audit_of(field).status == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize("meanwhile", ["cancelled", "declined"])
def test_a_visit_for_an_assignment_cancelled_meanwhile_is_held_not_lost(world, field, meanwhile):
    """The phone captured the visit offline; the agency cancelled the assignment meanwhile. The
    visit is stored, held for a reviewer, its photos still arrive, and a resend is the same
    submission: nothing makes the phone drop it."""
    field.assignment.status = meanwhile
    field.assignment.save()
    payload = visit_payload(field.assignment)
    auditor = api_as(world.auditor)

    first = auditor.post("/api/v1/submissions/", payload, format="json")
    again = auditor.post("/api/v1/submissions/", payload, format="json")
    photo = upload(world.auditor, payload["id"], jpeg_bytes())

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["audit_status"] == "held"
    assert photo.status_code == 201
    audit = audit_of(field)
    assert audit.status == "held"
    status = auditor.get(f"/api/v1/submissions/{payload['id']}/").json()
    assert (status["audit_status"], status["missing_photos"]) == ("held", [])
    queue = api_as(world.reviewer).get("/api/v1/audits/", {"status": "held"}).json()
    assert [row["id"] for row in queue["results"]] == [audit.pk]
    # Held is not under review: it cannot be approved until a reviewer releases it.
    approve = api_as(world.reviewer).post(f"/api/v1/audits/{audit.pk}/approve/")
    assert approve.status_code == 409


@pytest.mark.django_db
def test_a_reviewer_releases_a_held_visit_into_review_or_rejects_it(world, field):
    field.assignment.status = "cancelled"
    field.assignment.save()
    payload = visit_payload(field.assignment)
    assert api_as(world.auditor).post("/api/v1/submissions/", payload, format="json").status_code
    audit = audit_of(field)
    reviewer = api_as(world.reviewer)

    # Still without its photo: released, it waits for the photo as any visit would.
    released = reviewer.post(
        f"/api/v1/audits/{audit.pk}/release/", {"note": "Cancelled by mistake."}, format="json"
    )
    assert released.status_code == 200
    assert released.json()["status"] == "awaiting_photos"
    assert upload(world.auditor, payload["id"], jpeg_bytes()).status_code == 201
    assert audit_of(field).status == "submitted"
    assert reviewer.post(f"/api/v1/audits/{audit.pk}/approve/").status_code == 200
    assert AuditScore.objects.filter(audit=audit).exists()
    log = reviewer.get(f"/api/v1/audits/{audit.pk}/history/").json()
    assert [(e["event"], e["from_status"], e["to_status"]) for e in log] == [
        ("submit", "", ""),
        ("release", "held", "awaiting_photos"),
        ("approve", "submitted", "approved"),
    ]
    assert log[1]["note"] == "Cancelled by mistake."


@pytest.mark.django_db
def test_a_held_visit_can_be_rejected_and_only_held_ones_released(world, field, submitted):
    reviewer = api_as(world.reviewer)
    audit = audit_of(field)

    not_held = reviewer.post(f"/api/v1/audits/{audit.pk}/release/")
    Audit.objects.filter(pk=audit.pk).update(status="held")
    rejected = reject(world.reviewer, audit, reason="outside_window")

    assert not_held.status_code == 409
    assert rejected.status_code == 200
    assert rejected.json()["audit"]["status"] == "rejected"
    for role in ("auditor", "client_admin"):
        status = api_as(getattr(world, role)).post(f"/api/v1/audits/{audit.pk}/release/")
        assert status.status_code == (403 if role == "auditor" else 404)


@pytest.mark.django_db
def test_an_offered_assignment_is_still_accepted_first(world, field):
    field.assignment.status = "offered"
    field.assignment.save()

    response = api_as(world.auditor).post(
        "/api/v1/submissions/", visit_payload(field.assignment), format="json"
    )

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "assignment_not_accepted"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["nobody", "reviewer", "inactive"])
def test_reissuing_to_someone_who_is_no_active_auditor_is_404(world, field, submitted, who):
    audit = audit_of(field)
    target = {
        "nobody": 999999,
        "reviewer": world.reviewer.pk,
        "inactive": UserFactory(role="auditor", works_for=[world.client], is_active=False).pk,
    }[who]

    response = reject(world.reviewer, audit, reason="fabricated", reissue_to=target)

    assert response.status_code == 404
    assert response.json()["errors"][0]["attr"] == "reissue_to"
    assert audit_of(field).status == "awaiting_photos"


@pytest.mark.django_db
def test_the_queue_puts_held_visits_first_then_flags_then_age(world, field):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import AssignmentFactory

    def visit(*, photo=True, far=False, cancelled=False):
        assignment = AssignmentFactory(
            location=field.location, checklist_version=field.version, auditor=world.auditor
        )
        if cancelled:
            Assignment.objects.filter(pk=assignment.pk).update(status="cancelled")
        payload = visit_payload(assignment)
        if far:
            payload["check_in"]["latitude"] = str(field.location.latitude + 1)
        sent = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")
        assert sent.status_code == 201, sent.json()
        if photo:
            upload(world.auditor, payload["id"], jpeg_bytes())
        return Audit.objects.get(assignment=assignment)

    old = visit()
    Audit.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=2))
    flagged = visit(far=True)
    waiting_for_photos = visit(photo=False)
    held = visit(cancelled=True)
    approved = visit()
    assert api_as(world.reviewer).post(f"/api/v1/audits/{approved.pk}/approve/").status_code == 200

    response = api_as(world.reviewer).get("/api/v1/review/queue/")

    assert response.status_code == 200
    queue = response.json()
    assert [a["id"] for a in queue] == [held.pk, flagged.pk, old.pk, waiting_for_photos.pk]
    assert [a["open_flags"] for a in queue][1] >= 1
    assert queue[2]["open_flags"] == 0
    assert [
        a["id"] for a in api_as(world.reviewer).get("/api/v1/review/queue/?limit=2").json()
    ] == [
        held.pk,
        flagged.pk,
    ]
    assert api_as(world.reviewer).get("/api/v1/review/queue/?limit=0").status_code == 400
    for role in ("auditor", "regional_manager", "client_admin"):
        assert api_as(getattr(world, role)).get("/api/v1/review/queue/").status_code == 403
