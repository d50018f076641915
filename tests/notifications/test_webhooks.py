"""Webhooks against a local receiver (a real HTTP server on 127.0.0.1, allowed by the setting
for private addresses): the signature verifies, a 500 is retried with back-off, every attempt
is logged, an endpoint failing for days is switched off with notice, and nothing goes to a
private address without the setting."""

import io
import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from checklists.models import Item
from notifications import services
from notifications.models import Delivery, Endpoint
from notifications.signing import verify
from tests.audits.conftest import field  # noqa: F401 - a shared fixture
from tests.conftest import api_as, run_background_work
from tests.reports.test_reports import approved


class Receiver:
    """An HTTP server that answers with the statuses it is given, in turn (then 200), and
    keeps what it was sent."""

    def __init__(self):
        self.requests, self.statuses = [], []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b'{"ok": true}' if status < 300 else b"receiver broke")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    server = Receiver()
    yield server
    server.close()


def register(user, url, events=("audit.approved",)):
    return api_as(user).post(
        "/api/v1/webhooks/", {"url": url, "events": list(events)}, format="json"
    )


@pytest.mark.django_db
def test_an_approval_is_delivered_signed_thin_and_logged(
    world,
    field,  # noqa: F811
    receiver,
    django_capture_on_commit_callbacks,
):
    made = register(world.client_admin, receiver.url, ["audit.approved", "location.critical_miss"])
    assert made.status_code == 201
    secret = made.json()["secret"]
    assert secret.startswith("whsec_")

    with django_capture_on_commit_callbacks(execute=True):
        audit = approved(world, field.location, field.version)
    run_background_work()

    ((headers, body),) = receiver.requests
    assert headers["X-Codex-Event"] == "audit.approved"
    assert verify(secret, headers["X-Codex-Timestamp"], body, headers["X-Codex-Signature"])
    assert not verify(
        secret, headers["X-Codex-Timestamp"], body + b" ", headers["X-Codex-Signature"]
    )
    assert not verify(
        "whsec_other", headers["X-Codex-Timestamp"], body, headers["X-Codex-Signature"]
    )
    stale = int(headers["X-Codex-Timestamp"]) + 301
    assert not verify(
        secret, headers["X-Codex-Timestamp"], body, headers["X-Codex-Signature"], now=stale
    )
    payload = json.loads(body)
    assert payload["event"] == "audit.approved"
    assert payload["id"] == headers["X-Codex-Delivery"]
    assert payload["data"]["audit"] == audit.pk
    assert payload["data"]["location"] == field.location.pk
    for trace in (world.auditor.username, world.auditor.email):
        assert trace not in body.decode()
    log = api_as(world.client_admin).get(f"/api/v1/webhooks/{made.json()['id']}/deliveries/")
    (delivery,) = log.json()["results"]
    assert delivery["status"] == "succeeded"
    assert [(t["status_code"], t["response"]) for t in delivery["tries"]] == [(200, '{"ok": true}')]


@pytest.mark.django_db
def test_a_500_is_retried_with_back_off_and_each_attempt_logged(
    world,
    field,  # noqa: F811
    receiver,
    django_capture_on_commit_callbacks,
):
    endpoint_id = register(world.client_admin, receiver.url).json()["id"]
    receiver.statuses = [500, 503]

    with django_capture_on_commit_callbacks(execute=True):
        approved(world, field.location, field.version)
    run_background_work()

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(seconds=60)
    assert services.deliver_due() == 0  # not yet due
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert services.deliver_due() == 1
    delivery.refresh_from_db()
    second_wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=290) < second_wait <= timedelta(seconds=300)  # backing off
    Delivery.objects.update(next_attempt_at=timezone.now())
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)  # what runs retries without a job queue
    assert out.getvalue().strip() == "1 piece of work done."

    assert len(receiver.requests) == 3
    assert len({headers["X-Codex-Delivery"] for headers, _body in receiver.requests}) == 1
    log = api_as(world.client_admin).get(f"/api/v1/webhooks/{endpoint_id}/deliveries/").json()
    (entry,) = log["results"]
    assert entry["status"] == "succeeded"
    assert entry["attempts"] == 3
    assert [(t["status_code"], t["response"]) for t in entry["tries"]] == [
        (500, "receiver broke"),
        (503, "receiver broke"),
        (200, '{"ok": true}'),
    ]
    assert Endpoint.objects.get().failing_since is None  # it works again


@pytest.mark.django_db
def test_with_a_job_queue_a_retry_is_a_task_due_after_the_back_off(
    world,
    field,  # noqa: F811
    receiver,
    settings,
    monkeypatch,
):
    register(world.client_admin, receiver.url)
    settings.CELERY_BROKER_URL = "memory://"
    queued = []
    monkeypatch.setattr(services, "_enqueue", lambda pk, countdown: queued.append((pk, countdown)))
    receiver.statuses = [500]
    services.notify("audit.approved", client_id=world.client.pk, data={"audit": 1})
    delivery = Delivery.objects.get()
    services._dispatch([delivery.pk], [])
    assert queued == [(delivery.pk, 0)]

    services.deliver(delivery.pk)  # as the worker would

    assert queued[1][0] == delivery.pk
    assert 50 < queued[1][1] <= 60


@pytest.mark.django_db
def test_an_endpoint_failing_for_days_is_switched_off_with_notice(
    world,
    field,  # noqa: F811
    receiver,
    django_capture_on_commit_callbacks,
):
    world.client.language = "en"  # what the notice is written in
    world.client.save()
    world.client_admin.email = "admin@acme.example"
    world.client_admin.save()
    endpoint_id = register(world.client_admin, receiver.url).json()["id"]
    receiver.statuses = [500] * 5
    with django_capture_on_commit_callbacks(execute=True):
        approved(world, field.location, field.version)
    run_background_work()
    Endpoint.objects.update(failing_since=timezone.now() - timedelta(days=3, minutes=1))
    Delivery.objects.update(next_attempt_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        services.deliver_due()
    run_background_work()

    endpoint = api_as(world.client_admin).get(f"/api/v1/webhooks/{endpoint_id}/").json()
    assert endpoint["active"] is False
    assert endpoint["disabled_reason"] == "Every delivery failed for 3 days."
    assert Delivery.objects.get().status == "failed"
    (notice,) = mail.outbox
    assert notice.to == ["admin@acme.example"]
    assert receiver.url in notice.body
    # Switched off, it is told of nothing; switched on again, it is.
    with django_capture_on_commit_callbacks(execute=True):
        approved(world, field.location, field.version)
    run_background_work()
    assert Delivery.objects.count() == 1
    again = api_as(world.client_admin).patch(
        f"/api/v1/webhooks/{endpoint_id}/", {"active": True}, format="json"
    )
    assert again.json()["active"] is True
    assert again.json()["failing_since"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hooks",
        "https://10.1.2.3/hooks",
        "https://192.168.0.10/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "https://[2002:7f00:1::1]/hooks",  # 6to4 of 127.0.0.1
        "https://[2002:a9fe:a9fe::]/hooks",  # 6to4 of 169.254.169.254
        "https://[64:ff9b::7f00:1]/hooks",  # NAT64 of 127.0.0.1
        "https://[64:ff9b::a01:203]/hooks",  # NAT64 of 10.1.2.3
        "https://localhost/hooks",
        "https://printer.local/hooks",
        "http://hooks.example.com/plain",
        "https://user:pass@hooks.example.com/",
        "ftp://hooks.example.com/",
        "not a url",
    ],
)
def test_private_and_odd_addresses_are_refused_without_the_setting(world, url):
    response = register(world.client_admin, url)

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "url"
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
def test_a_name_that_resolves_inward_is_not_delivered_to(
    world,
    field,  # noqa: F811
    receiver,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    port = receiver.server.server_port

    def resolves_inward(host, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolves_inward)
    assert register(world.client_admin, "https://hooks.example.com/in").status_code == 201

    with django_capture_on_commit_callbacks(execute=True):
        approved(world, field.location, field.version)
    run_background_work()

    assert receiver.requests == []
    (attempt,) = Delivery.objects.get().tries.all()
    assert attempt.status_code is None
    assert "yksityiseen verkkoon" in attempt.error  # "private network", in the client's Finnish


@pytest.mark.django_db
def test_a_delivery_connects_to_the_address_it_checked_with_the_name_kept(
    world,
    field,  # noqa: F811
    receiver,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    # The name answers 127.0.0.1 once, then an address nothing listens on: the delivery must
    # go where the first (checked) answer pointed, with the name in Host.
    port = receiver.server.server_port
    answers = iter(["127.0.0.1", "127.0.0.2"])
    real = socket.getaddrinfo

    def changing(host, *args, **kwargs):
        if host != "hooks.example.test":
            return real(host, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", changing)
    assert register(world.client_admin, f"http://hooks.example.test:{port}/in").status_code == 201

    with django_capture_on_commit_callbacks(execute=True):
        approved(world, field.location, field.version)
    run_background_work()

    ((headers, _body),) = receiver.requests
    assert headers["Host"] == f"hooks.example.test:{port}"
    assert Delivery.objects.get().status == "succeeded"


@pytest.mark.django_db
def test_a_failed_connection_reads_the_same_whatever_the_port(
    world,
    field,  # noqa: F811
    receiver,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.WEBHOOKS_TIMEOUT = 0.5
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()  # nothing listens: refused at once
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen()  # accepts, never answers: times out
    for port in (closed_port, listening.getsockname()[1]):
        register(world.client_admin, f"http://127.0.0.1:{port}/hooks")

    with django_capture_on_commit_callbacks(execute=True):
        approved(world, field.location, field.version)
    run_background_work()

    errors = {delivery.tries.get().error for delivery in Delivery.objects.all()}
    listening.close()
    with translation.override(world.client.language):  # the client's, as its admins read it
        assert errors == {str(services.NO_ANSWER)}


@pytest.mark.django_db
def test_a_critical_miss_and_a_decided_appeal_are_events_too(
    world,
    field,  # noqa: F811
    receiver,
    django_capture_on_commit_callbacks,
):
    register(world.client_admin, receiver.url, ["location.critical_miss", "appeal.decided"])
    Item.objects.filter(key="greeting").update(critical=True)

    with django_capture_on_commit_callbacks(execute=True):
        audit = approved(world, field.location, field.version, greeting={"value": 20})
    run_background_work()
    events = [headers["X-Codex-Event"] for headers, _body in receiver.requests]
    assert events == ["location.critical_miss"]

    appeal = api_as(world.client_admin).post(
        f"/api/v1/audits/{audit.pk}/appeals/",
        {"item": "greeting", "reason": "It was 7 seconds."},
        format="json",
    )
    with django_capture_on_commit_callbacks(execute=True):
        api_as(world.reviewer).post(
            f"/api/v1/appeals/{appeal.json()['id']}/decide/",
            {"outcome": "dismissed", "note": "The recording says 20."},
            format="json",
        )
    run_background_work()
    payload = json.loads(receiver.requests[-1][1])
    assert payload["event"] == "appeal.decided"
    assert payload["data"] == {
        "appeal": appeal.json()["id"],
        "audit": audit.pk,
        "outcome": "dismissed",
    }


@pytest.mark.django_db
def test_only_a_client_admin_sees_and_changes_their_clients_endpoints(world, receiver):
    own = register(world.client_admin, receiver.url).json()["id"]
    theirs = register(world.other_client_admin, receiver.url).json()["id"]

    assert [
        e["id"] for e in api_as(world.client_admin).get("/api/v1/webhooks/").json()["results"]
    ] == [own]
    for path in (f"/api/v1/webhooks/{theirs}/", f"/api/v1/webhooks/{theirs}/deliveries/"):
        assert api_as(world.client_admin).get(path).status_code == 404
    assert api_as(world.client_admin).get("/api/v1/webhooks/999999/").status_code == 404
    assert (
        api_as(world.client_admin)
        .patch(f"/api/v1/webhooks/{theirs}/", {"active": False}, format="json")
        .status_code
        == 404
    )
    assert api_as(world.client_admin).delete(f"/api/v1/webhooks/{theirs}/").status_code == 404
    odd = api_as(world.client_admin).patch(f"/api/v1/webhooks/{own}/", {"active": 0}, format="json")
    assert odd.status_code == 400  # true or false, as JSON has them
    assert odd.json()["errors"][0]["attr"] == "active"
    for user in (world.regional_manager, world.auditor, world.reviewer, world.agency_admin):
        assert api_as(user).get("/api/v1/webhooks/").status_code == 403
        assert api_as(user).get(f"/api/v1/webhooks/{own}/").status_code == 403
        assert register(user, receiver.url).status_code == 403
    assert api_as(None).get("/api/v1/webhooks/").status_code == 401
    assert "secret" not in api_as(world.client_admin).get(f"/api/v1/webhooks/{own}/").json()
    assert api_as(world.client_admin).delete(f"/api/v1/webhooks/{own}/").status_code == 204
    assert not Endpoint.objects.filter(pk=own).exists()


@pytest.mark.django_db
def test_the_delivery_log_speaks_the_clients_language(
    world,
    field,  # noqa: F811
    settings,
):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_TIMEOUT = 0.5
    world.client.language = "fi"
    world.client.save()
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    register(world.client_admin, f"http://127.0.0.1:{port}/hooks")
    approved(world, field.location, field.version)

    run_background_work()

    (attempt,) = Delivery.objects.get().tries.all()
    assert attempt.error.startswith("HTTPS-vastausta ei tullut ajoissa")
