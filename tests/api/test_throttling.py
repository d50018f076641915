"""Throttles that hold: one counter for every process, client addresses that a forged header
cannot change, sliding windows, per-user limits on submissions and photos that resends never
touch, lockout per username and address under a ceiling per username, and a Redis that fails
never failing a visit."""

import os
import socket
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.test import APIClient

from api import throttling
from tests.audits.conftest import visit_payload
from tests.conftest import api_as
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rates(settings):
    def set_rates(**overrides):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                **overrides,
            },
        }

    return set_rates


def log_in(username, password=PASSWORD, **headers):
    return APIClient().post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        **headers,
    )


def assert_throttled(response, code="throttled"):
    assert response.status_code == 429, response.content
    assert int(response["Retry-After"]) >= 1
    body = response.json()
    assert body["type"] == "client_error"
    assert [error["code"] for error in body["errors"]] == [code]


@pytest.mark.parametrize(
    ("text", "limit", "seconds"),
    [("10/min", 10, 60), ("120/hour", 120, 3600), ("5/15min", 5, 900), ("3/s", 3, 1)],
)
def test_rates_are_read_as_a_count_per_window(text, limit, seconds):
    assert throttling.Rate.parse(text) == throttling.Rate(limit, seconds)


@pytest.mark.django_db
def test_sign_in_attempts_are_limited_per_address_and_a_forged_forwarding_header_changes_nothing(
    world, rates
):
    rates(login="3/min")
    for attempt in range(3):
        response = log_in(world.auditor.username, HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")
        assert response.status_code == 200

    assert_throttled(log_in(world.auditor.username, HTTP_X_FORWARDED_FOR="10.9.9.9"))
    assert_throttled(log_in(world.reviewer.username))


@pytest.mark.django_db
def test_behind_one_trusted_proxy_only_the_address_it_appended_counts(world, rates, settings):
    rates(login="2/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    for forged in ("1.1.1.1", "2.2.2.2"):
        assert (
            log_in(
                world.auditor.username, HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.7"
            ).status_code
            == 200
        )
    assert_throttled(log_in(world.auditor.username, HTTP_X_FORWARDED_FOR="3.3.3.3, 203.0.113.7"))
    # Another real client behind the same proxy has its own count.
    assert log_in(world.auditor.username, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


@pytest.mark.django_db
def test_a_burst_across_a_window_boundary_gets_the_limit_not_twice_it(world, rates, monkeypatch):
    rates(login="10/min")
    clock = [6_000_000 * 60 + 59.0]  # one second before a minute's window ends
    monkeypatch.setattr(throttling, "_now", lambda: clock[0])
    before = [log_in(world.auditor.username).status_code for _ in range(10)]
    clock[0] += 2  # one second into the next window

    after = [log_in(world.auditor.username) for _ in range(10)]

    assert before == [200] * 10
    assert [response.status_code for response in after] == [429] * 10
    # The previous window's ten still weigh 59/60 of ten: there is room again once they weigh
    # nine, six seconds into this window, five from now.
    assert int(after[0]["Retry-After"]) == 5
    clock[0] += 5
    assert log_in(world.auditor.username).status_code == 200


def test_retry_after_is_when_one_more_request_fits():
    # 60 s windows, 10 a minute, 20 s into the window.
    usage = throttling.Usage(current=10, previous=0, start=0, seconds=60, now=20)
    assert usage.retry_after(10) == 40 + 6  # the next window, once the ten weigh nine
    usage = throttling.Usage(current=4, previous=10, start=0, seconds=60, now=20)
    assert usage.retry_after(10) == 10  # at 30 s the ten weigh five: 5 + 4 + 1 fits
    usage = throttling.Usage(current=0, previous=10, start=0, seconds=60, now=0)
    assert usage.retry_after(10) == 6


@pytest.mark.django_db
def test_repeated_failures_lock_the_username_out_even_with_the_right_password(world, rates):
    rates(login_failures="3/15min")
    for _ in range(3):
        assert log_in(world.auditor.username, "wrong").status_code == 400

    assert_throttled(log_in(world.auditor.username), code="locked_out")
    assert_throttled(log_in(world.auditor.username.upper()), code="locked_out")
    assert log_in(world.reviewer.username).status_code == 200  # others are not affected


@pytest.mark.django_db
def test_a_forged_failure_burst_from_many_addresses_does_not_keep_the_owner_out(
    world, rates, settings
):
    rates(login="1000/min", login_failures="3/15min", login_ceiling="20/hour")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    name = world.auditor.username

    def from_address(address, password=PASSWORD):
        return log_in(name, password, HTTP_X_FORWARDED_FOR=address)

    assert from_address("203.0.113.5").status_code == 200  # the owner's office
    # An attacker guesses from forty addresses, three times each: 120 failures.
    for attempt in range(120):
        from_address(f"198.51.100.{attempt // 3}", "wrong")

    # The owner goes on signing in where they always do, however long it goes on.
    assert [from_address("203.0.113.5").status_code for _ in range(5)] == [200] * 5
    # An attacker's address is locked out, even with the right password.
    assert_throttled(from_address("198.51.100.7"), code="locked_out")
    # Past the ceiling, an address never seen for this user may not try.
    assert_throttled(from_address("192.0.2.99"), code="locked_out")
    # Others are not affected.
    assert log_in(world.reviewer.username, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 200


@pytest.mark.django_db
def test_successful_sign_ins_do_not_count_towards_the_lockout(world, rates):
    rates(login_failures="2/15min")
    for _ in range(4):
        assert log_in(world.auditor.username).status_code == 200


@pytest.mark.django_db
def test_submissions_are_limited_per_auditor(world, field, rates):
    from tests.factories import AssignmentFactory

    rates(submissions="2/hour")
    own = api_as(world.auditor)
    for _ in range(2):
        response = own.post("/api/v1/submissions/", visit_payload(field.assignment), format="json")
        assert response.status_code in (201, 409)

    assert_throttled(
        own.post("/api/v1/submissions/", visit_payload(field.assignment), format="json")
    )
    other = AssignmentFactory(
        location=field.other_assignment.location,
        checklist_version=field.other_assignment.checklist_version,
        auditor=world.other_auditor,
        status="accepted",
    )
    response = api_as(world.other_auditor).post(
        "/api/v1/submissions/", visit_payload(other), format="json"
    )
    assert response.status_code == 201, response.json()


@pytest.mark.django_db
def test_resends_are_never_counted_nor_refused(world, field, rates):
    from tests.factories import AssignmentFactory

    rates(submissions="2/hour")
    own = api_as(world.auditor)
    more = [
        AssignmentFactory(
            location=field.location,
            checklist_version=field.version,
            auditor=world.auditor,
            status="accepted",
        )
        for _ in range(2)
    ]
    first = visit_payload(field.assignment)
    assert own.post("/api/v1/submissions/", first, format="json").status_code == 201
    resent = [own.post("/api/v1/submissions/", first, format="json") for _ in range(119)]
    second = visit_payload(more[0])

    assert {response.status_code for response in resent} == {200}
    assert own.post("/api/v1/submissions/", second, format="json").status_code == 201
    # At the limit: a new visit waits, a resend is still answered.
    assert_throttled(own.post("/api/v1/submissions/", visit_payload(more[1]), format="json"))
    assert own.post("/api/v1/submissions/", first, format="json").status_code == 200
    assert own.post("/api/v1/submissions/", second, format="json").status_code == 200


@pytest.mark.django_db
def test_photo_resends_are_never_counted_nor_refused(world, field, submitted, rates, media_root):
    from tests.audits.conftest import jpeg_bytes
    from tests.audits.test_photos import upload

    rates(photos="1/hour")
    photo_id, data = uuid.uuid4(), jpeg_bytes()
    assert upload(world.auditor, submitted, data, photo_id=photo_id).status_code == 201
    resent = [upload(world.auditor, submitted, data, photo_id=photo_id) for _ in range(5)]

    assert {response.status_code for response in resent} == {200}
    assert_throttled(upload(world.auditor, submitted, jpeg_bytes(pattern=2)))
    assert upload(world.auditor, submitted, data, photo_id=photo_id).status_code == 200


@pytest.mark.django_db
def test_with_redis_unreachable_visits_go_through_and_sign_in_counts_in_the_database(
    world, field, rates, settings, caplog
):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    use_redis(settings, f"redis://127.0.0.1:{port}/0")
    throttling.failures.logged_at = 0.0
    rates(submissions="1/hour", login="2/min")

    visit = api_as(world.auditor).post(
        "/api/v1/submissions/", visit_payload(field.assignment), format="json"
    )
    sign_ins = [log_in(world.reviewer.username).status_code for _ in range(3)]

    assert visit.status_code == 201, visit.content
    assert sign_ins == [200, 200, 429]  # counted in the database meanwhile
    warnings = [
        record
        for record in caplog.records
        if record.name == "api.throttling" and record.levelname == "WARNING"
    ]
    assert len(warnings) == 1  # once a minute, not once a request
    assert "Redis is failing" in warnings[0].getMessage()


@pytest.mark.django_db
def test_photos_are_limited_per_auditor(world, field, rates):
    rates(photos="1/hour")
    client = api_as(world.auditor)
    first = client.post("/api/v1/photos/", {}, format="multipart")
    assert first.status_code == 400

    assert_throttled(client.post("/api/v1/photos/", {}, format="multipart"))


COUNTER_SCRIPT = """
import django
django.setup()
from api.throttling import hit
print(" ".join(str(hit("shared-test", 3600)[0]) for _ in range({n})))
"""

LOGIN_SCRIPT = """
import django
django.setup()
from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"] = "{limit}/hour"
api_settings.reload()
codes = [
    APIClient().post(
        "/api/v1/auth/token/", {{"username": "{username}", "password": "{password}"}},
        format="json", HTTP_X_FORWARDED_FOR="10.0.0.{{}}".format(i),
    ).status_code
    for i in range({n})
]
print(" ".join(map(str, codes)))
"""


def run_processes(script: str, count: int, **env) -> list[list[int]]:
    database = connection.settings_dict
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        **env,
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script)],
            cwd=ROOT,
            env=base,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append([int(value) for value in out.split()])
    return results


def use_redis(settings, url: str) -> None:
    """Throttles and the cache on Redis at ``url``, giving up on it after 0.2 s."""
    settings.REDIS_TIMEOUT = 0.2
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "api.redis_cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2},
        }
    }
    throttling._redis.cache_clear()


def redis_url() -> str:
    # Database 14: this test empties it, and the job tests' broker (15) may run beside it.
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not answering at {url}; start it (redis-server), as .ci/run does.")
    return url


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", ["database", "redis"])
def test_three_processes_share_one_atomic_counter(backend):
    env = {}
    if backend == "redis":
        env["REDIS_URL"] = redis_url()
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()

    counts = run_processes(COUNTER_SCRIPT.format(n=40), 3, **env)

    seen = sorted(count for process in counts for count in process)
    assert seen == list(range(1, 121))  # every hit counted once, none lost to a race


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_three_server_processes_together_let_exactly_the_limit_through(world):
    script = LOGIN_SCRIPT.format(limit=10, username=world.auditor.username, password=PASSWORD, n=8)

    codes = [code for process in run_processes(script, 3) for code in process]

    assert sorted(codes) == [200] * 10 + [429] * 14
