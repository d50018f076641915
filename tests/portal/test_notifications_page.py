"""The portal's notifications page: a client admin registers a webhook endpoint (errors in the
reader's language, the secret shown once), reads its delivery log and switches it off; the
client's people choose their e-mails; nobody else sees the page."""

import pytest

from notifications.models import Endpoint
from notifications.services import email_events


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_client_admin_registers_an_endpoint_and_reads_its_log(client, world):
    admin = signed_in(client, world.client_admin)

    private = admin.post(
        "/portal/notifications/",
        {"form": "endpoint", "url": "https://10.0.0.1/x", "events": ["audit.approved"]},
    )
    no_events = admin.post(
        "/portal/notifications/", {"form": "endpoint", "url": "https://hooks.example.com/x"}
    )
    made = admin.post(
        "/portal/notifications/",
        {"form": "endpoint", "url": "https://hooks.example.com/x", "events": ["audit.approved"]},
    )

    assert private.status_code == 400
    assert "not to a private network" in private.content.decode()
    assert no_events.status_code == 400
    assert "This field is required." in no_events.content.decode()
    assert made.status_code == 201
    endpoint = Endpoint.objects.get()
    assert endpoint.secret in made.content.decode()
    page = admin.get("/portal/notifications/").content.decode()
    assert endpoint.secret not in page  # shown once
    assert "https://hooks.example.com/x" in page
    assert "Nothing delivered yet." in page
    admin.post("/portal/notifications/", {"form": "switch", "endpoint": endpoint.pk})
    endpoint.refresh_from_db()
    assert endpoint.active is False
    assert "Switch on again" in admin.get("/portal/notifications/").content.decode()


@pytest.mark.django_db
def test_an_endpoint_form_in_hungarian(client, world):
    admin = signed_in(client, world.client_admin)
    client.cookies["django_language"] = "hu"

    page = admin.post(
        "/portal/notifications/",
        {"form": "endpoint", "url": "ftp://x", "events": ["report.ready"]},
    )

    assert page.status_code == 400
    assert "Adjon meg egy https:// címet." in page.content.decode()


@pytest.mark.django_db
def test_managers_choose_e_mails_but_do_not_see_webhooks(client, world):
    Endpoint.objects.create(
        client=world.client, url="https://hooks.example.com/x", created_by=world.client_admin
    )
    manager = signed_in(client, world.regional_manager)

    page = manager.get("/portal/notifications/").content.decode()
    manager.post("/portal/notifications/", {"form": "email", "events": ["appeal.decided"]})
    refused = manager.post("/portal/notifications/", {"form": "delete", "endpoint": "1"})

    assert "hooks.example.com" not in page
    assert email_events(world.regional_manager) == ["appeal.decided"]
    assert refused.status_code == 403
    assert Endpoint.objects.exists()
    other = signed_in(client, world.other_client_admin)
    gone = other.post(
        "/portal/notifications/", {"form": "delete", "endpoint": Endpoint.objects.get().pk}
    )
    assert gone.status_code == 404
    assert signed_in(client, world.reviewer).get("/portal/notifications/").status_code == 403


@pytest.mark.django_db
def test_the_delivery_logs_are_read_at_once_whatever_the_number_of_endpoints(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from notifications.models import Attempt, Delivery

    def endpoints(count):
        for _ in range(count):
            endpoint = Endpoint.objects.create(
                client=world.client,
                url="https://hooks.example.com/x",
                created_by=world.client_admin,
            )
            for _ in range(12):  # more than the page shows
                delivery = Delivery.objects.create(
                    endpoint=endpoint,
                    event="audit.approved",
                    payload={},
                    next_attempt_at=timezone.now(),
                )
                Attempt.objects.create(delivery=delivery, status_code=200)

    admin = signed_in(client, world.client_admin)
    endpoints(1)
    with CaptureQueriesContext(connection) as few:
        page = admin.get("/portal/notifications/")
    endpoints(2)
    with CaptureQueriesContext(connection) as many:
        page = admin.get("/portal/notifications/")

    assert len(many) == len(few)
    assert page.content.decode().count("<td>Pending</td>") == 3 * 10  # ten an endpoint
