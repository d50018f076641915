"""Background work that can't stick or stall: a request only writes the work down; a worker
killed in the middle of a report job (the database worker or Celery's) leaves it to another,
which finishes it within two lease periods, or it ends failed saying why and can be asked for
again; a webhook receiver that hangs costs the approving request nothing."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import unittest.mock
from pathlib import Path

import pytest
from django.db import connection
from django.utils import translation

from notifications.models import Attempt, Delivery
from reports.models import ReportJob
from tests.audits.conftest import field  # noqa: F401 - a shared fixture
from tests.conftest import api_as, run_background_work
from tests.reports.test_jobs import period_of, read_zip, request_zip
from tests.reports.test_reports import approved
from work import worker

ROOT = Path(__file__).resolve().parents[2]
LEASE = 2  # seconds, for the workers these tests start

# A worker process whose PDFs take a while, so that it can be killed in the middle of a job.
SLOW_WORKER = """
import time
import django
django.setup()
import reports.pdf
render = reports.pdf.render_audit_pdf
def slow(report):
    time.sleep({delay})
    return render(report)
reports.pdf.render_audit_pdf = slow
{start}
"""
DATABASE_WORKER = "from work.worker import serve\nserve()"
CELERY_WORKER = (
    "from config.celery import app\n"
    "app.worker_main(['worker', '--pool=solo', '--without-gossip', '--without-mingle', "
    "'--loglevel=WARNING'{beat}])"
)


def environment(media_root, **extra) -> dict:
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "MEDIA_ROOT": str(media_root),
        "JOB_LEASE_SECONDS": str(LEASE),
        "WORKER_POLL_SECONDS": "0.2",
        **extra,
    }


# Every worker a test starts, so that none outlives its test (a failed wait would otherwise
# leave it polling the test database, and the next run's, for good).
_STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _no_worker_left():
    yield
    while _STARTED:
        process = _STARTED.pop()
        if process.poll() is None:
            kill(process)


def start(code: str, env: dict, delay: float = 0.4) -> subprocess.Popen:
    script = textwrap.dedent(SLOW_WORKER).format(delay=delay, start=code)
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _STARTED.append(process)
    return process


def kill(process: subprocess.Popen) -> str:
    """SIGKILL the worker and every process it started (a Celery pool's children too)."""
    with contextlib.suppress(ProcessLookupError):  # its whole group is gone already
        os.killpg(process.pid, signal.SIGKILL)
    return process.communicate(timeout=30)[0].decode(errors="replace")


def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {what}")


def running(job_id) -> bool:
    job = ReportJob.objects.get(pk=job_id)
    return job.status == "running" and job.done >= 1


def finished(job_id) -> ReportJob | None:
    job = ReportJob.objects.get(pk=job_id)
    return job if job.status in ("succeeded", "failed") else None


@pytest.fixture
def region_job(world, field):  # noqa: F811
    audits = [approved(world, field.location, field.version) for _ in range(6)]
    response = request_zip(world.client_admin, world, period_of(audits[0]))
    assert response.status_code == 202
    return response.json()["id"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_database_worker_killed_mid_job_leaves_it_to_another(world, region_job, media_root):
    env = environment(media_root)
    first = start(DATABASE_WORKER, env)
    wait_for(lambda: running(region_job), 30, "the first worker starts the job")
    kill(first)
    killed_at = time.monotonic()
    second = start(DATABASE_WORKER, env, delay=0)
    try:
        job = wait_for(lambda: finished(region_job), 2 * LEASE + 10, "another worker finishes")
    finally:
        output = kill(second)
    took = time.monotonic() - killed_at

    assert job.status == "succeeded", (job.error, output)
    assert job.attempts == 2
    assert took < 2 * LEASE + 5  # the lease ran out, then a poll found it
    download = api_as(world.client_admin).get(f"/api/v1/jobs/{region_job}/download/")
    assert len(read_zip(download)) == 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_job_that_kills_every_worker_ends_failed_saying_why_and_can_be_retried(
    world, region_job, media_root
):
    env = environment(media_root)
    for _attempt in range(3):
        process = start(DATABASE_WORKER, env)
        wait_for(lambda: running(region_job), 2 * LEASE + 30, "a worker starts the job")
        kill(process)
        ReportJob.objects.filter(pk=region_job).update(done=0)

    job = wait_for(
        lambda: worker.run_once() is not None and finished(region_job),
        2 * LEASE + 5,
        "the job ends failed",
    )
    polled = api_as(world.client_admin).get(f"/api/v1/jobs/{region_job}/").json()
    again = api_as(world.client_admin).post(
        "/api/v1/jobs/",
        {"kind": "region_pdfs", "region": world.region.pk, "period": job.params["period"]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    run_background_work()

    assert polled["status"] == "failed"
    assert polled["error"] == (  # in the language the report was asked for in
        "Raporttia koonnut työprosessi pysähtyi ennen kuin raportti valmistui, 3 kertaa. "
        "Pyydä raporttia uudelleen."
    )
    assert again.status_code == 202
    assert again.json()["id"] == region_job
    assert ReportJob.objects.get(pk=region_job).status == "succeeded"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_killed_mid_job_leaves_it_to_another(world, field, media_root, settings):  # noqa: F811
    from tests.reports.test_jobs import redis_up

    if not redis_up():
        pytest.fail("Redis is not answering on 127.0.0.1:6379; start it (redis-server).")
    import uuid

    from config.celery import app

    queue, broker = f"test-{uuid.uuid4().hex[:8]}", "redis://127.0.0.1:6379/15"
    settings.CELERY_BROKER_URL = broker
    app.conf.update(broker_url=broker, task_default_queue=queue)
    env = environment(
        media_root, CELERY_BROKER_URL=broker, CELERY_QUEUE=queue, WORK_SWEEP_SECONDS="1"
    )
    audits = [approved(world, field.location, field.version) for _ in range(6)]
    first = start(CELERY_WORKER.format(beat=""), env)
    try:
        response = request_zip(world.client_admin, world, period_of(audits[0]))
        job_id = response.json()["id"]
        wait_for(lambda: running(job_id), 60, "the Celery worker starts the job")
        kill(first)
        # The task was taken and never acknowledged; a new worker (with the beat's sweep)
        # hands it out again once the lease has run out.
        second = start(
            CELERY_WORKER.format(beat=", '--beat', '--schedule=/tmp/beat-" + queue + "'"),
            env,
            delay=0,
        )
        try:
            job = wait_for(lambda: finished(job_id), 2 * LEASE + 30, "another worker finishes")
        finally:
            output = kill(second)
    finally:
        app.conf.update(broker_url=None)

    assert job.status == "succeeded", (job.error, output)
    assert job.attempts == 2


class Hanging:
    """A receiver that accepts connections and never answers; counts them."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.connections.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self):
        self.listener.close()
        for connection_ in self.connections:
            connection_.close()


@pytest.mark.django_db
def test_a_hanging_receiver_with_fifty_endpoints_costs_the_approval_nothing(
    world,
    field,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_TIMEOUT = 0.2
    receiver = Hanging()
    try:
        for number in range(50):
            response = api_as(world.client_admin).post(
                "/api/v1/webhooks/",
                {"url": f"http://127.0.0.1:{receiver.port}/{number}", "events": ["audit.approved"]},
                format="json",
            )
            assert response.status_code == 201
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            approved(world, field.location, field.version)
        took = time.monotonic() - started
        contacted_by_request = len(receiver.connections)
        run_background_work()
    finally:
        receiver.close()

    assert contacted_by_request == 0  # the request only wrote the deliveries down
    assert took < 50 * settings.WEBHOOKS_TIMEOUT  # what waiting on each would have cost
    assert Delivery.objects.count() == 50
    # The worker tried each one, and waited its timeout, not forever.
    assert Attempt.objects.filter(status_code=None).count() == 50
    assert set(Delivery.objects.values_list("status", "attempts")) == {("pending", 1)}


@pytest.mark.django_db
def test_an_attempt_cut_by_a_dying_worker_is_in_the_log(world, field, settings, monkeypatch):  # noqa: F811
    from notifications import services
    from tests.notifications.test_webhooks import register

    settings.WEBHOOKS_ALLOW_PRIVATE = True
    register(world.client_admin, "http://127.0.0.1:9/hooks")
    approved(world, field.location, field.version)

    class Killed(BaseException):
        """Stands for SIGKILL in the middle of the POST."""

    def dies(delivery):
        raise Killed

    monkeypatch.setattr(services, "_post", dies)
    with pytest.raises(Killed):
        run_background_work()

    (attempt,) = Attempt.objects.all()
    delivery = Delivery.objects.get()
    with translation.override(world.client.language):  # the client's, as its admins read it
        assert attempt.error == str(services.CUT_OFF)
    assert delivery.attempts == 1
    assert delivery.next_attempt_at > attempt.at  # tried again once its lease runs out


@pytest.mark.django_db
def test_a_failing_endpoints_other_deliveries_wait_with_it(world, field, settings):  # noqa: F811
    from tests.notifications.test_webhooks import register

    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_TIMEOUT = 0.2
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    register(world.client_admin, f"http://127.0.0.1:{port}/hooks")
    for _ in range(3):
        approved(world, field.location, field.version)

    run_background_work()

    # One attempt told the endpoint was down; the other two wait for its next try.
    assert Attempt.objects.count() == 1
    assert len(set(Delivery.objects.values_list("next_attempt_at", flat=True))) == 1


@pytest.mark.django_db(transaction=True)
def test_a_long_job_never_holds_up_a_delivery_in_the_same_worker(settings):
    settings.WORKER_POLL_SECONDS = 0.05
    stop, job_started, events = threading.Event(), threading.Event(), []

    def long_job(pk):
        job_started.set()
        events.append("job started")
        stop.wait(5)  # a report that takes a while
        events.append("job done")
        return True

    def delivery(pk):
        job_started.wait(5)
        events.append("delivered")
        stop.set()
        return True

    def fake_kinds():
        return [
            worker.Kind(
                "report job", lambda n: [] if job_started.is_set() else [1], long_job, print
            ),
            worker.Kind("webhook delivery", lambda n: [1], delivery, print, threads=2),
        ]

    with unittest.mock.patch.object(worker, "kinds", fake_kinds):
        worker.serve(stop=stop.is_set)

    assert events[:2] == ["job started", "delivered"]  # while the job was still running


@pytest.mark.django_db
def test_a_database_outage_mid_job_gives_the_claim_back(world, region_job, monkeypatch):
    from django.db import OperationalError

    from reports import jobs

    progress = jobs._progress
    calls = []

    def outage_once(job, done, total):
        calls.append(done)
        if len(calls) == 2:
            raise OperationalError("the database went away")
        return progress(job, done, total)

    monkeypatch.setattr(jobs, "_progress", outage_once)
    assert jobs.run_report_job(region_job)
    paused = ReportJob.objects.get(pk=region_job)
    run_background_work()
    done = ReportJob.objects.get(pk=region_job)

    assert (paused.status, paused.attempts, paused.lease_token) == ("queued", 0, None)
    assert (done.status, done.attempts) == ("succeeded", 1)
