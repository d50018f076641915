"""E-mail notifications: a client's person who opts in is told of the events about what they
may see (a manager of their regions' audits), in the client's language; nobody else is."""

import pytest
from django.core import mail

from tests.audits.conftest import field  # noqa: F401 - a shared fixture
from tests.conftest import api_as, run_background_work
from tests.factories import LocationFactory, UserFactory
from tests.reports.test_reports import approved


def opt_in(user, events):
    return api_as(user).put("/api/v1/notifications/email/", {"events": events}, format="json")


@pytest.mark.django_db
def test_a_manager_who_opts_in_is_told_of_approvals_in_their_region(
    world,
    field,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    world.client.language = "en"
    world.client.save()
    manager = world.regional_manager
    manager.email = "rm@acme.example"
    manager.save()
    south = UserFactory(
        username="rm-south",
        role="regional_manager",
        client=world.client,
        regions=[world.other_region],
        email="south@acme.example",
    )
    quiet = UserFactory(
        username="rm-quiet",
        role="regional_manager",
        client=world.client,
        regions=[world.region],
        email="quiet@acme.example",
    )
    assert opt_in(manager, ["audit.approved"]).json() == {"events": ["audit.approved"]}
    opt_in(south, ["audit.approved"])
    assert api_as(quiet).get("/api/v1/notifications/email/").json() == {"events": []}

    with django_capture_on_commit_callbacks(execute=True):
        audit = approved(world, field.location, field.version)  # North
    run_background_work()

    (message,) = mail.outbox
    assert message.to == ["rm@acme.example"]
    assert "An audit was approved" in message.subject
    assert f"/portal/visits/{audit.pk}/" in message.body
    assert world.auditor.username not in message.body
    # In the client's language.
    world.client.language = "fi"
    world.client.save()
    south_location = LocationFactory(region=world.other_region, name="Satama")
    with django_capture_on_commit_callbacks(execute=True):
        approved(world, south_location, field.version)
    run_background_work()
    assert mail.outbox[-1].to == ["south@acme.example"]
    assert "Käynti hyväksyttiin" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_a_report_ready_mail_goes_to_who_asked_for_it(
    world,
    field,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    approved(world, field.location, field.version)
    for user, address in (
        (world.client_admin, "ca@acme.example"),
        (world.regional_manager, "rm@x"),
    ):
        user.email = address
        user.save()
        opt_in(user, ["report.ready"])

    with django_capture_on_commit_callbacks(execute=True):
        job = api_as(world.client_admin).post(
            "/api/v1/jobs/",
            {"kind": "export", "dataset": "audits", "extension": "csv"},
            format="json",
        )
    run_background_work()

    (message,) = mail.outbox
    assert message.to == ["ca@acme.example"]
    assert f"/portal/jobs/{job.json()['id']}/" in message.body


@pytest.mark.django_db
def test_e_mail_choices_are_the_client_peoples_and_checked(world):
    for user in (world.auditor, world.reviewer, world.agency_admin):
        assert api_as(user).get("/api/v1/notifications/email/").status_code == 403
        assert opt_in(user, ["audit.approved"]).status_code == 403
    assert api_as(None).get("/api/v1/notifications/email/").status_code == 401
    refused = opt_in(world.client_admin, ["audit.deleted"])
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["attr"].startswith("events")
    assert opt_in(world.client_admin, []).json() == {"events": []}
