"""Background report jobs: create, poll, download; idempotent; a failure says why; and, on
PostgreSQL with Redis, a real Celery worker round trip."""

import io
import os
import socket
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from pypdf import PdfReader

from reports.models import ReportJob
from tests.conftest import api_as, run_background_work
from tests.reports.test_reports import approved

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def north(world, field):
    return [approved(world, field.location, field.version) for _ in range(2)]


def period_of(audit) -> str:
    return audit.current_submission.started_at.strftime("%Y-%m")


def request_zip(user, world, period):
    return api_as(user).post(
        "/api/v1/jobs/",
        {"kind": "region_pdfs", "region": world.region.pk, "period": period},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fi",
    )


def worked(user, job: dict) -> dict:
    """The job as its requester polls it after the worker has run."""
    run_background_work()
    return api_as(user).get(f"/api/v1/jobs/{job['id']}/").json()


def read_zip(response) -> dict[str, bytes]:
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.django_db
def test_a_regions_period_as_a_zip_of_pdfs(world, north):
    response = request_zip(world.client_admin, world, period_of(north[0]))

    assert response.status_code == 202
    assert response.json()["status"] == "queued"  # the request does not wait for it
    job = worked(world.client_admin, response.json())
    assert job["status"] == "succeeded"
    assert job["progress"] == 1.0
    assert (job["done"], job["total"]) == (2, 2)
    polled = api_as(world.client_admin).get(f"/api/v1/jobs/{job['id']}/").json()
    assert polled["download"] == f"/api/v1/jobs/{job['id']}/download/"
    files = read_zip(api_as(world.client_admin).get(polled["download"]))
    assert len(files) == 2
    for name, pdf in files.items():
        assert name.endswith(".pdf")
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "Haamuasiakasraportti" in text
        assert "Kamppi" in text
        assert world.auditor.username not in text


@pytest.mark.django_db
def test_asking_again_returns_the_same_job(world, north):
    first = request_zip(world.client_admin, world, period_of(north[0])).json()

    again = request_zip(world.client_admin, world, period_of(north[0]))

    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert ReportJob.objects.count() == 1


@pytest.mark.django_db
def test_an_export_job(world, north):
    response = api_as(world.client_admin).post(
        "/api/v1/jobs/",
        {"kind": "export", "dataset": "answers", "extension": "xlsx"},
        format="json",
    )
    job = worked(world.client_admin, response.json())

    data = b"".join(api_as(world.client_admin).get(job["download"]).streaming_content)
    rows = list(openpyxl.load_workbook(io.BytesIO(data), read_only=True).active.values)
    assert rows[1][:3] == ("Audit", "Location", "Visited on")
    assert len(rows) == 2 + 2 * 7  # the title, the header and the answers


@pytest.mark.django_db
def test_a_failed_job_says_why_and_runs_again_when_asked(world, north, monkeypatch):
    import reports.pdf

    def broken(report):
        raise RuntimeError("the printer is on fire")

    monkeypatch.setattr(reports.pdf, "render_audit_pdf", broken)
    failed = worked(
        world.client_admin, request_zip(world.client_admin, world, period_of(north[0])).json()
    )
    download = api_as(world.client_admin).get(f"/api/v1/jobs/{failed['id']}/download/")
    monkeypatch.undo()
    retried = request_zip(world.client_admin, world, period_of(north[0]))

    assert failed["status"] == "failed"
    assert failed["error"] == "RuntimeError: the printer is on fire"
    assert download.status_code == 409
    assert download.json()["errors"][0]["current_state"] == "failed"
    assert retried.status_code == 202
    assert retried.json()["id"] == failed["id"]
    assert worked(world.client_admin, retried.json())["status"] == "succeeded"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "status", "attr"),
    [
        ({"kind": "region_pdfs", "period": "2026-10"}, 400, "region"),
        ({"kind": "region_pdfs", "region": 0, "period": "2026-10"}, 400, "region"),  # not an id
        ({"kind": "region_pdfs", "region": 987654, "period": "2026-10"}, 404, None),
        ({"kind": "region_pdfs", "region": "REGION", "period": "2026-13"}, 400, "period"),
        ({"kind": "export", "dataset": "people", "extension": "csv"}, 400, "dataset"),
        ({"kind": "weekly"}, 400, "kind"),
    ],
)
def test_bad_job_requests_make_no_job(world, body, status, attr):
    body = {k: (world.region.pk if v == "REGION" else v) for k, v in body.items()}

    response = api_as(world.client_admin).post("/api/v1/jobs/", body, format="json")

    assert response.status_code == status
    if attr:
        assert response.json()["errors"][0]["attr"] == attr
    assert not ReportJob.objects.exists()


@pytest.mark.django_db
def test_jobs_are_their_requesters_own(world, north):
    job = request_zip(world.client_admin, world, period_of(north[0])).json()

    for role in ("regional_manager", "other_client_admin", "reviewer"):
        client = api_as(getattr(world, role))
        assert client.get(f"/api/v1/jobs/{job['id']}/").status_code == 404
        assert client.get(f"/api/v1/jobs/{job['id']}/download/").status_code == 404
    auditor = api_as(world.auditor)
    assert auditor.get(f"/api/v1/jobs/{job['id']}/").status_code == 403
    assert auditor.get(f"/api/v1/jobs/{job['id']}/download/").status_code == 403
    assert api_as(None).get(f"/api/v1/jobs/{job['id']}/").status_code == 401


@pytest.mark.django_db
def test_a_manager_cannot_ask_for_another_regions_zip(world, north):
    response = api_as(world.regional_manager).post(
        "/api/v1/jobs/",
        {"kind": "region_pdfs", "region": world.other_region.pk, "period": "2026-10"},
        format="json",
    )

    assert response.status_code == 404
    assert not ReportJob.objects.exists()


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_builds_the_zip(world, north, settings, media_root):
    if not redis_up():
        pytest.fail("Redis is not answering on 127.0.0.1:6379; start it (redis-server).")
    from config.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    broker = "redis://127.0.0.1:6379/15"
    settings.CELERY_BROKER_URL = broker
    app.conf.update(broker_url=broker, task_default_queue=queue)
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": broker,
        "CELERY_QUEUE": queue,
        "MEDIA_ROOT": str(media_root),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        created = request_zip(world.client_admin, world, period_of(north[0])).json()
        assert created["status"] == "queued"
        deadline = time.monotonic() + 90
        job = created
        while job["status"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.5)
            job = api_as(world.client_admin).get(f"/api/v1/jobs/{created['id']}/").json()
        assert job["status"] == "succeeded", job
        files = read_zip(api_as(world.client_admin).get(job["download"]))
        assert len(files) == 2
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
        app.conf.update(broker_url=None)
    assert "Traceback" not in output, output
