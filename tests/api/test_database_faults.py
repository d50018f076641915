"""A database that drops packets (a proxy in front of PostgreSQL that stops answering) is a
503 with Retry-After within the connect timeout, in one log line, for the API, the health check
and a page alike; not a request that hangs until the phone gives up."""

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from knox.models import AuthToken

from bench.proxy import Proxy

ROOT = Path(__file__).resolve().parents[2]
CONNECT_TIMEOUT = 2

SCRIPT = """
import json, time
import django
django.setup()
from django.test import Client
results = []
for path, headers in (
    ("/api/v1/me/", {{"HTTP_AUTHORIZATION": "Token {token}"}}),
    ("/api/v1/health/", {{}}),
    ("/portal/", {{"HTTP_ACCEPT": "text/html", "HTTP_COOKIE": "sessionid={session}"}}),
):
    started = time.monotonic()
    response = Client(raise_request_exception=False).get(path, **headers)
    results.append({{
        "path": path,
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "seconds": time.monotonic() - started,
    }})
print("RESULTS " + json.dumps(results))
"""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_database_that_drops_packets_is_a_503_within_the_connect_timeout(world):
    _, token = AuthToken.objects.create(user=world.regional_manager)
    browser = Client()
    browser.force_login(world.regional_manager)
    session = browser.cookies["sessionid"].value
    database = connection.settings_dict
    proxy = Proxy(int(database["PORT"] or 5432), database["HOST"] or "127.0.0.1")
    proxy.set("drop")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER'] or 'postgres'}@127.0.0.1:{proxy.port}/{database['NAME']}"
        ),
        "DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        "LOG_LEVEL": "INFO",
    }
    try:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(SCRIPT).format(token=token, session=session)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        took = time.monotonic() - started
    finally:
        proxy.close()

    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULTS "))
    results = json.loads(line.removeprefix("RESULTS "))
    for result in results:
        assert result["status"] == 503, result
        assert result["seconds"] < 2 * CONNECT_TIMEOUT + 2, result  # not a hang
    assert [r["retry_after"] for r in results if r["path"] != "/api/v1/health/"] == ["5", "5"]
    log = done.stderr.splitlines()
    # One line for each 503 of the API and the page; the health check says which part failed.
    assert sum("database unavailable" in line for line in log) == 2, done.stderr
    assert not any("Traceback" in line for line in log), done.stderr
    assert took < 60
