"""The agency schedules assignments in the admin; the form refuses what cannot be audited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import Assignment
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photos import upload
from tests.conftest import api_as
from tests.factories import UserFactory


def form(field, auditor, version=None):
    now = timezone.now()
    return {
        "location": field.location.pk,
        "checklist_version": (version or field.version).pk,
        "auditor": auditor.pk,
        "window_start_0": now.strftime("%Y-%m-%d"),
        "window_start_1": "09:00:00",
        "window_end_0": (now + timedelta(days=2)).strftime("%Y-%m-%d"),
        "window_end_1": "17:00:00",
        "status": "offered",
        "decline_reason": "",
    }


@pytest.fixture
def admin(client, world):
    client.force_login(world.agency_admin)
    return client


@pytest.mark.django_db
def test_the_agency_schedules_an_assignment(admin, world, field):
    response = admin.post(reverse("admin:audits_assignment_add"), form(field, world.auditor))

    assert response.status_code == 302
    created = Assignment.objects.latest("id")
    assert created.client == world.client
    assert created.status == "offered"


@pytest.mark.django_db
def test_the_form_refuses_a_stranger_another_clients_checklist_or_a_non_auditor(
    admin, world, field
):
    count = Assignment.objects.count()
    stranger = admin.post(reverse("admin:audits_assignment_add"), form(field, world.other_auditor))
    foreign = admin.post(
        reverse("admin:audits_assignment_add"),
        form(field, world.auditor, version=field.other_assignment.checklist_version),
    )
    reviewer = admin.post(reverse("admin:audits_assignment_add"), form(field, world.reviewer))

    assert "does not work for" in stranger.content.decode()
    assert "another client" in foreign.content.decode()
    assert "Assign the audit to an auditor" in reviewer.content.decode()
    assert Assignment.objects.count() == count


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["audits_assignment", "audits_audit", "audits_submission", "audits_photo"]
)
def test_audit_admin_pages_open_and_are_read_only(admin, world, field, name):
    payload = visit_payload(field.assignment)
    api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")
    upload(world.auditor, payload["id"], jpeg_bytes())
    changelist = admin.get(reverse(f"admin:{name}_changelist"))
    obj = changelist.context["cl"].model.objects.first()

    change = admin.get(reverse(f"admin:{name}_change", args=[obj.pk]))

    assert changelist.status_code == 200
    assert change.status_code == 200
    if name != "audits_assignment":
        assert b'name="_save"' not in change.content


@pytest.mark.django_db
def test_non_staff_cannot_use_the_admin(client, world):
    client.force_login(UserFactory(role="auditor"))

    response = client.get(reverse("admin:audits_assignment_changelist"))

    assert response.status_code == 302
