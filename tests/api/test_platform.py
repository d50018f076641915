"""What every request gets, whatever the endpoint: a request id, the error shape for Django's
own errors and for crashes, a cache policy that keeps client data out of shared caches, and a
health check; and production settings a careful operator would run."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from audits import views as audit_views
from tests.conftest import api_as

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def crashing(monkeypatch):
    def crash(self, request):
        raise RuntimeError("something broke")

    monkeypatch.setattr(audit_views.AssignmentSyncView, "get", crash)


@pytest.mark.django_db
def test_a_crash_answers_json_with_an_error_id_that_is_in_the_log(world, crashing, caplog):
    client = api_as(world.auditor)
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR):
        response = client.get("/api/v1/assignments/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["type"] == "server_error"
    assert [error["code"] for error in body["errors"]] == ["server_error"]
    assert body["error_id"] == response["X-Request-ID"]
    assert "something broke" not in response.content.decode()
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged
    assert {r.request_id for r in logged} == {body["error_id"]}


@pytest.mark.django_db
def test_a_proxys_request_id_is_kept_and_a_malformed_one_replaced(world):
    client = api_as(world.auditor)

    kept = client.get("/api/v1/me/", HTTP_X_REQUEST_ID="lb-1234abcd")
    replaced = client.get("/api/v1/me/", HTTP_X_REQUEST_ID="bad id\r\ninjected: yes")

    assert kept["X-Request-ID"] == "lb-1234abcd"
    assert replaced["X-Request-ID"] != "bad id\r\ninjected: yes"
    assert len(replaced["X-Request-ID"]) == 32


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/nope/", "/api/v1/audits/abc/", "/api/v1/"])
def test_unknown_paths_answer_json_not_html(world, path):
    response = APIClient().get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["code"] == "not_found"


@pytest.mark.django_db
def test_the_admin_keeps_its_html_pages(world):
    response = APIClient().get("/admin/nope/")

    assert response.status_code in (302, 404)
    assert "application/json" not in response.get("Content-Type", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/me/",
        "/api/v1/assignments/",
        "/api/v1/checklists/",
        "/api/v1/scores/missed-norms/",
        "/api/v1/exports/audits.csv",
    ],
)
def test_api_answers_are_private_to_their_reader(world, path):
    user = world.auditor if "scores" not in path and "exports" not in path else world.client_admin

    response = api_as(user).get(path)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


@pytest.mark.django_db
def test_health_is_open_and_says_every_part_is_ok(world):
    response = APIClient().get("/api/v1/health/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert response["Cache-Control"] == "no-store"
    assert not default_storage.listdir("health")[1]  # its probe file is gone


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["cache", "storage"])
def test_health_names_the_failing_part_with_a_503(world, monkeypatch, part):
    def broken(*args, **kwargs):
        raise ConnectionError("down")

    target = (cache, "set") if part == "cache" else (default_storage, "save")
    monkeypatch.setattr(*target, broken)

    response = APIClient().get("/api/v1/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"][part] == "failing"
    assert "down" not in response.content.decode()


STRONG_KEY = "k3Y-" + "".join(chr(ord("a") + i % 26) + str(i % 10) for i in range(30))


def run_production(code: str, tmp_path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "audit.example.com",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("LOG_FORMAT", None)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_serves_static_files_sends_security_headers_and_logs_json(tmp_path):
    result = run_production(
        "import django, json; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('collectstatic', '--noinput', verbosity=0)\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='audit.example.com')\n"
        "css = c.get('/static/admin/css/base.css', secure=True)\n"
        "docs = c.get('/api/docs/', secure=True)\n"
        "missing = c.get('/api/v1/nope/', secure=True)\n"
        "plain = c.get('/api/v1/me/')\n"
        "health = c.get('/api/v1/health/')\n"
        "print(json.dumps({'css': css.status_code, 'docs': docs.status_code,\n"
        "  'hsts': missing.get('Strict-Transport-Security'),\n"
        "  'nosniff': missing.get('X-Content-Type-Options'),\n"
        "  'frame': docs.get('X-Frame-Options'),\n"
        "  'missing': missing.status_code, 'plain': plain.status_code,\n"
        "  'health': health.status_code}))\n",
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["css"] == 200
    assert seen["docs"] == 200
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["nosniff"] == "nosniff"
    assert seen["frame"] == "DENY"
    assert seen["missing"] == 404
    assert seen["plain"] == 301  # plain HTTP is redirected to HTTPS
    assert seen["health"] != 301  # the load balancer's probe is not
    log_lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    not_found = [line for line in log_lines if "Not Found" in line.get("message", "")]
    assert not_found, result.stderr
    assert {"time", "level", "logger", "request_id", "message"} <= set(not_found[0])
    assert not_found[0]["request_id"] != "-"


@pytest.mark.django_db
def test_an_unreachable_database_is_a_503_the_phone_retries(world, monkeypatch):
    from django.db import OperationalError

    def down(self, request):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(audit_views.AssignmentSyncView, "get", down)

    response = api_as(world.auditor).get("/api/v1/assignments/")

    assert response.status_code == 503
    assert int(response["Retry-After"]) >= 1
    body = response.json()
    assert [error["code"] for error in body["errors"]] == ["service_unavailable"]
    assert body["error_id"] == response["X-Request-ID"]
    assert "closed the connection" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/audits/abc/", "/api/v1/nothing/"])
def test_with_debug_on_api_clients_still_get_json_and_browsers_the_debug_page(
    world, settings, path
):
    settings.DEBUG = True

    api = APIClient().get(path, HTTP_ACCEPT="application/json")
    anything = APIClient().get(path, HTTP_ACCEPT="*/*")
    browser = APIClient().get(path, HTTP_ACCEPT="text/html,application/xhtml+xml")

    for response in (api, anything):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["errors"][0]["code"] == "not_found"
    assert browser["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_and_the_api_docs_do_not(world):
    from django.test import Client

    page = Client().get("/portal/sign-in/")
    docs = Client().get("/api/docs/")

    policy = dict(part.strip().split(" ", 1) for part in page["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "Content-Security-Policy" not in docs
