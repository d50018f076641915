"""A reviewer clears the plausibility flags they have checked; approved audits are final, and no
flag ever reaches a client."""

import pytest

from audits.models import Audit, Flag
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_access import ROLES, user_of
from tests.audits.test_photos import upload
from tests.conftest import api_as

FAR_AWAY = {"latitude": "60.200000", "longitude": "24.900000", "accuracy_m": 10}


def flagged_audit(auditor, assignment) -> Audit:
    """A submitted audit whose check-in was far from the location."""
    payload = visit_payload(assignment, check_in=FAR_AWAY)
    assert api_as(auditor).post("/api/v1/submissions/", payload, format="json").status_code == 201
    assert upload(auditor, payload["id"], jpeg_bytes(pattern=assignment.pk)).status_code == 201
    audit = Audit.objects.get(assignment=assignment)
    assert audit.status == "submitted"
    assert audit.flags.filter(code="check_in_too_far").exists()
    return audit


@pytest.fixture
def flagged(world, field) -> dict[str, Audit]:
    return {
        "own": flagged_audit(world.auditor, field.assignment),
        "other": flagged_audit(world.other_auditor, field.other_assignment),
    }


def clear(user, flag: Flag, note=None, audit_id=None):
    body = {} if note is None else {"note": note}
    return api_as(user).post(
        f"/api/v1/audits/{audit_id or flag.audit_id}/flags/{flag.pk}/clear/", body, format="json"
    )


def far_flag(audit: Audit) -> Flag:
    return audit.flags.get(code="check_in_too_far")


@pytest.mark.django_db
def test_a_reviewer_clears_a_flag_with_a_note(world, flagged):
    flag = far_flag(flagged["own"])

    response = clear(world.reviewer, flag, note="GPS drift in the mall; photos match the shop.")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == flag.pk
    assert body["cleared"] is True
    assert body["clear_note"] == "GPS drift in the mall; photos match the shop."
    assert body["cleared_at"] is not None
    flag.refresh_from_db()
    assert (flag.cleared, flag.cleared_by) == (True, world.reviewer)
    detail = api_as(world.reviewer).get(f"/api/v1/audits/{flag.audit_id}/").json()
    assert {f["code"]: f["cleared"] for f in detail["flags"]}["check_in_too_far"] is True


@pytest.mark.django_db
def test_clearing_a_cleared_flag_again_changes_nothing(world, flagged):
    flag = far_flag(flagged["own"])
    first = clear(world.reviewer, flag, note="Checked.").json()

    again = clear(world.agency_admin, flag, note="Something else.")

    assert again.status_code == 200
    assert again.json() == first
    flag.refresh_from_db()
    assert (flag.cleared_by, flag.clear_note) == (world.reviewer, "Checked.")


@pytest.mark.django_db
def test_a_flag_of_another_audit_is_404_naming_the_flag(world, flagged):
    flag = far_flag(flagged["other"])

    response = clear(world.reviewer, flag, audit_id=flagged["own"].pk)

    assert response.status_code == 404
    assert response.json()["errors"][0]["attr"] == "flag"
    flag.refresh_from_db()
    assert flag.cleared is False


@pytest.mark.django_db
def test_an_approved_audits_flags_are_final(world, flagged):
    audit = flagged["own"]
    assert api_as(world.reviewer).post(f"/api/v1/audits/{audit.pk}/approve/").status_code == 200

    response = clear(world.reviewer, far_flag(audit), note="Too late.")

    assert response.status_code == 409
    assert response.json()["errors"][0]["current_state"] == "approved"
    assert far_flag(audit).cleared is False


@pytest.mark.django_db
def test_a_returned_audits_flags_can_be_cleared(world, flagged):
    audit = flagged["own"]
    returned = api_as(world.reviewer).post(
        f"/api/v1/audits/{audit.pk}/return/", {"comments": [{"comment": "Redo."}]}, format="json"
    )
    assert returned.status_code == 200

    assert clear(world.reviewer, far_flag(audit)).status_code == 200


@pytest.mark.django_db
def test_a_note_past_500_characters_is_400_naming_the_note(world, flagged):
    flag = far_flag(flagged["own"])

    response = clear(world.reviewer, flag, note="x" * 501)

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "note"
    flag.refresh_from_db()
    assert flag.cleared is False


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["own", "other"])
def test_authorization_matrix(world, flagged, role, which):
    flag = far_flag(flagged[which])

    response = clear(user_of(world, role), flag, note="Checked.")

    owner = "auditor" if which == "own" else "other_auditor"
    expected = {
        "anonymous": 401,
        "reviewer": 200,
        "agency_admin": 200,
        owner: 403,  # the auditor sees their own audit but does not review it
    }.get(role, 404)  # other auditors; client-side people never see unapproved audits
    assert response.status_code == expected
    flag.refresh_from_db()
    assert flag.cleared is (expected == 200)


@pytest.mark.django_db
def test_cleared_or_not_no_flag_reaches_the_client(world, field):
    audit = flagged_audit(world.auditor, field.assignment)
    clear(world.reviewer, far_flag(audit), note="GPS drift.")
    api_as(world.reviewer).post(f"/api/v1/audits/{audit.pk}/approve/")

    detail = api_as(world.client_admin).get(f"/api/v1/audits/{audit.pk}/")

    assert detail.status_code == 200
    assert "flags" not in detail.json()
    assert "GPS drift" not in detail.content.decode()
    assert "check_in_too_far" not in detail.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "from the location"),
        ("fi", "toimipisteestä"),
        ("hu", "helyszíntől"),
    ],
)
def test_a_reviewer_reads_a_flag_in_their_own_language_and_the_record_stays_english(
    world, flagged, language, expected
):
    flag = far_flag(flagged["own"])
    distance = flag.data["distance_m"]

    response = api_as(world.reviewer).get(
        f"/api/v1/audits/{flag.audit_id}/", HTTP_ACCEPT_LANGUAGE=language
    )

    shown = {f["code"]: f["detail"] for f in response.json()["flags"]}["check_in_too_far"]
    assert expected in shown
    assert f"{distance} m" in shown
    assert flag.detail.startswith(f"Checked in {distance} m from the location")


@pytest.mark.django_db
def test_a_flag_kept_without_its_figures_is_shown_as_it_was_written(world, flagged):
    flag = far_flag(flagged["own"])
    Flag.objects.filter(pk=flag.pk).update(data={}, detail="Checked in far away (old record).")

    response = api_as(world.reviewer).get(
        f"/api/v1/audits/{flag.audit_id}/", HTTP_ACCEPT_LANGUAGE="fi"
    )

    shown = {f["code"]: f["detail"] for f in response.json()["flags"]}["check_in_too_far"]
    assert shown == "Checked in far away (old record)."
