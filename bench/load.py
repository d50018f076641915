"""Ingest under load: phones send new 60-answer submissions to gunicorn (the README's deployment,
``gunicorn.conf.py``, production settings) on PostgreSQL, at one phone and at eight, each for
``SECONDS``. Reported for ours, for the bare-insert floor on the same server, and for the main
of before issues 9 to 11 (``BASELINE``), checked out beside this one in a git worktree and
served the same way from its own database: accepted submissions a second, and CPU milliseconds
per accepted submission, server, PostgreSQL and Redis together (``/proc/stat``: the machine's
busy time, less this process's own, since the phones run here). Then identical resends to ours
(each answered 200 from what is stored), and the SQL statements of a new submission and of its
resend, counted in this process.

Needs PostgreSQL (``DATABASE_URL``) on this machine. Run it alone: other work on the machine is
counted as PostgreSQL's CPU."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

from bench.common import auditor_with_assignments, run_id
from bench.dataset import say
from bench.fault import Server, _free_port
from bench.ingest import ANSWERS, _answers, _checklist

SECONDS = int(os.environ.get("LOAD_SECONDS", "20"))
WARMUP_SECONDS = 5
PHONE_COUNTS = (1, 8)
ASSIGNMENTS_PER_PHONE = int(os.environ.get("LOAD_ASSIGNMENTS", "2500"))
# Issue 11: CPU (server and PostgreSQL) per accepted submission at eight phones, and accepted
# submissions a second at eight phones against the main the issue measured.
TARGET_CPU_MS = 12.0
TARGET_RATE = 1.5
# And at most this many SQL statements for a new submission and for an identical resend.
TARGET_STATEMENTS = (7, 3)
CONTROL = ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")
# Assignments per phone kept out of the phases: the statement count's two, the resend's one.
EXTRA = 3
BASELINE = os.environ.get("LOAD_BASELINE", "a9b7cd5")
# The README's deployment: PostgreSQL and Redis (the cache, and the throttles' counters).
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/3")
ROOT = Path(__file__).resolve().parent.parent

# Run inside the baseline's checkout, with its own code and models: its data, as JSON.
BUILD_BASELINE = """
import json, sys
from datetime import timedelta
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.utils import timezone
from knox.models import AuthToken
from accounts.constants import Role
from accounts.models import User
from audits.models import Assignment
from organizations.models import Client, Location, Region
from bench.ingest import _checklist
phones, per_phone = int(sys.argv[1]), int(sys.argv[2])
client = Client.objects.create(name="Load baseline", slug="load-baseline")
region = Region.objects.create(client=client, name="R")
location = Location.objects.create(
    client=client, region=region, name="L", latitude="60.1691", longitude="24.9327"
)
version = _checklist(client)
now = timezone.now()
pools = []
for i in range(phones):
    auditor = User.objects.create_user(f"load-baseline-{i}", role=Role.AUDITOR)
    auditor.works_for.add(client)
    _, token = AuthToken.objects.create(user=auditor)
    rows = Assignment.objects.bulk_create(
        Assignment(
            client=client, location=location, checklist_version=version, auditor=auditor,
            window_start=now - timedelta(days=1), window_end=now + timedelta(days=1),
            status="accepted",
        )
        for _ in range(per_phone)
    )
    pools.append([token, [row.pk for row in rows]])
print(json.dumps({"pools": pools, "items": {i.key: i.pk for i in version.items.all()}}))
"""
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _busy_ticks() -> int:
    """CPU time the whole machine spent working, less this process's own (the phones): that is
    gunicorn, PostgreSQL and Redis, including the backends and workers that start and end
    within a phase, which a list of processes taken at its start would miss."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    mine = [int(v) for v in Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[11:13]]
    return sum(fields[:8]) - idle - sum(mine)


class BenchServer(Server):
    """The production server with the bench's floor views beside the real API."""

    settings = "bench.production_settings"
    extra_env = {"REDIS_URL": REDIS_URL}


def _fresh_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _baseline(work: Path, per_phone: int):
    """The baseline's checkout, database and data; its server (not started) and phones."""
    checkout = work / "baseline"
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--force", str(checkout), BASELINE],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/codex_audit_load_baseline"
    _fresh_database(url)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    built = subprocess.run(
        [sys.executable, "-c", BUILD_BASELINE, str(max(PHONE_COUNTS)), str(per_phone)],
        cwd=checkout,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(built.stdout.strip().splitlines()[-1])

    class BaselineServer(Server):
        root = checkout
        extra_env = {"DATABASE_URL": url, "REDIS_URL": REDIS_URL}
        ready_path = "/api/schema/"  # it had no health endpoint yet

    server = BaselineServer(_free_port(), work / "baseline-media", work / "baseline.log")
    return server, [tuple(pool) for pool in data["pools"]]


def _phone(port, path, token, assignments, body_for, stop_at, accepted, failures, expect=201):
    """Send one submission after another until ``stop_at``: a new one for each assignment, or,
    for a resend phase (``assignments`` a single already-stored body, repeated), that body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    for assignment in assignments:
        if time.monotonic() >= stop_at:
            break
        body = assignment if isinstance(assignment, str) else body_for(assignment)
        connection.request("POST", path, body, headers)
        response = connection.getresponse()
        response.read()
        if response.status == expect:
            accepted.append(1)
        else:
            failures.append(response.status)
    connection.close()


def _statements(token: str, extras: list[int], body_for) -> tuple[int, int]:
    """The SQL statements of a new submission and of its identical resend, counted in this
    process (after one submission, so the checklist's rules are cached as in a running server),
    as ``tests/audits/test_ingest_statements.py`` counts them."""
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext

    http = HttpClient(HTTP_AUTHORIZATION=f"Token {token}")
    path, kind = "/api/v1/submissions/", "application/json"
    assert http.post(path, body_for(extras[0]), content_type=kind).status_code == 201
    body = body_for(extras[1])
    counts = []
    for expect in (201, 200):
        with CaptureQueriesContext(connection) as queries:
            assert http.post(path, body, content_type=kind).status_code == expect
        counts.append(
            sum(
                1
                for query in queries.captured_queries
                if not query["sql"].lstrip().upper().startswith(CONTROL)
                and "throttlecounter" not in query["sql"]
            )
        )
    return counts[0], counts[1]


def _resends(server, pools, extras, body_for) -> dict:
    """Identical resends (a phone that did not hear the answer sends again): each phone stores
    one submission, then sends the same body again and again; each is answered 200."""
    results = {}
    bodies = {}
    for index, (token, _) in pools.items():
        # The statement count used the first phone's extras; a new one for every phone here.
        body = bodies[index] = body_for(extras[index][-1])
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request(
            "POST",
            "/api/v1/submissions/",
            body,
            {"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        assert connection.getresponse().status == 201
        connection.close()
    for count in PHONE_COUNTS:
        say(f"  ours, identical resends, {count} phone(s), {SECONDS} s...")
        phones = [(pools[i][0], [bodies[i]] * 1_000_000) for i in range(count)]
        results[("resend", count)] = _phase(
            server, "/api/v1/submissions/", phones, body_for, SECONDS, expect=200
        )
    return results


def _slice(assignments: list[int], slot: int) -> list[int]:
    return assignments[slot * ASSIGNMENTS_PER_PHONE : (slot + 1) * ASSIGNMENTS_PER_PHONE]


def _phase(server, path, phones, body_for, seconds, expect=201):
    accepted: list[int] = []
    failures: list[int] = []
    stop_at = time.monotonic() + seconds
    before, started = _busy_ticks(), time.monotonic()
    threads = [
        threading.Thread(
            target=_phone,
            args=(server.port, path, token, pool, body_for, stop_at, accepted, failures, expect),
        )
        for token, pool in phones
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cpu_ms = (_busy_ticks() - before) * TICK_MS
    count = len(accepted)
    assert not failures, f"{path}: {len(failures)} refused, e.g. {failures[:3]}"
    return count / elapsed, cpu_ms / count if count else float("inf")


def run(rounds: int) -> bool:
    from django.db import connection
    from django.utils import timezone

    from organizations.models import Client, Location, Region

    if connection.vendor != "postgresql":
        print("load: needs PostgreSQL (set DATABASE_URL); skipped.")
        return True
    name = run_id()
    most = max(PHONE_COUNTS)
    say(f"Building a {ANSWERS}-item checklist and {most} phones' assignments...")
    client = Client.objects.create(name=f"Load {name}", slug=f"load-{name}")
    region = Region.objects.create(client=client, name="R")
    location = Location.objects.create(
        client=client, region=region, name="L", latitude="60.1691", longitude="24.9327"
    )
    version = _checklist(client)
    # Each phase takes fresh assignments: a pool per phone, a slice of it per phase (a warm-up
    # and one per phone count, for ours and for the floor).
    phases = (1 + len(PHONE_COUNTS)) * 2
    pools, extras = {}, {}
    for index in range(most):
        token, assignments = auditor_with_assignments(
            client,
            location,
            version,
            username=f"load-{name}-{index}",
            count=ASSIGNMENTS_PER_PHONE * phases + EXTRA,
            window=timedelta(days=1),
        )
        # The last few are the resend phase's and the statement count's, never a phase's.
        pools[index] = (token, assignments[:-EXTRA])
        extras[index] = assignments[-EXTRA:]
    now = timezone.now()
    answers = _answers()

    def body_for(assignment: int) -> str:
        return json.dumps(
            {
                "id": str(uuid.uuid4()),
                "assignment": assignment,
                "started_at": (now - timedelta(minutes=20)).isoformat(),
                "ended_at": (now - timedelta(minutes=5)).isoformat(),
                "device_time": now.isoformat(),
                "check_in": {"latitude": 60.1691, "longitude": 24.9327, "accuracy_m": 10},
                "answers": answers,
            }
        )

    statements = _statements(pools[0][0], extras[0], body_for)
    items = {item.key: item.pk for item in version.items.all()}
    work = Path(tempfile.mkdtemp(prefix="codex-load-"))
    (work / "items.json").write_text(json.dumps(items))
    os.environ["BENCH_INGEST_ITEMS"] = str(work / "items.json")
    say(f"The baseline ({BASELINE}) in a worktree beside this checkout, with its own data...")
    baseline, baseline_pools = _baseline(work, ASSIGNMENTS_PER_PHONE * (1 + len(PHONE_COUNTS)))
    ours = BenchServer(_free_port(), work / "media", work / "gunicorn.log")
    ours_phones = [pools[i] for i in range(most)]
    # (label, server, path, its phones); each phase takes the next unused slice of their pools.
    plans = [
        ("ours", ours, "/api/v1/submissions/", ours_phones),
        ("floor", ours, "/bench/floor-ingest/", ours_phones),
        ("baseline", baseline, "/api/v1/submissions/", baseline_pools),
    ]
    results, used = {}, {}
    try:
        for server in (ours, baseline):
            server.start()
            say(f"gunicorn on 127.0.0.1:{server.port} ({len(server.workers())} workers), {work}")
            try:
                # A warm-up first (workers' imports, caches, connections), not counted.
                for count in (-most, *PHONE_COUNTS):
                    for label, _server, path, source in (p for p in plans if p[1] is server):
                        slot = used[id(source)] = used.get(id(source), -1) + 1
                        phones = [
                            (token, _slice(assignments, slot)) for token, assignments in source
                        ][: abs(count)]
                        seconds = WARMUP_SECONDS if count < 0 else SECONDS
                        say(f"  {label}, {abs(count)} phone(s), {seconds} s...")
                        figures = _phase(server, path, phones, body_for, seconds)
                        if count > 0:
                            results[(label, count)] = figures
                if server is ours:
                    results.update(_resends(ours, pools, extras, body_for))
            finally:
                server.stop()
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(work / "baseline")],
            cwd=ROOT,
            check=False,
            capture_output=True,
        )
    print(f"\nIngest under load: new {ANSWERS}-answer submissions, {SECONDS} s a phase, on")
    print("gunicorn (gunicorn.conf.py, production settings) and PostgreSQL on this machine.")
    print(f"baseline: main at {BASELINE} (before issues 9 to 11), served the same way.")
    new, resend = statements
    print(
        f"SQL statements (selects, inserts, updates, the token's check included; transaction "
        f"control and the throttle's counter not counted): {new} for a new submission, "
        f"{resend} for an identical resend "
        f"(targets {TARGET_STATEMENTS[0]} and {TARGET_STATEMENTS[1]})"
    )
    ok = new <= TARGET_STATEMENTS[0] and resend <= TARGET_STATEMENTS[1]
    for count in PHONE_COUNTS:
        ours_rate, ours_cpu = results[("ours", count)]
        floor_rate, floor_cpu = results[("floor", count)]
        base_rate, base_cpu = results[("baseline", count)]
        resend_rate, resend_cpu = results[("resend", count)]
        print(
            f"{count} phone(s): ours {ours_rate:6.1f}/s at {ours_cpu:5.1f} CPU-ms each; "
            f"floor {floor_rate:6.1f}/s at {floor_cpu:5.1f}; "
            f"baseline {base_rate:6.1f}/s at {base_cpu:5.1f}; "
            f"ours' identical resends (200) {resend_rate:6.1f}/s at {resend_cpu:5.1f}"
        )
        print(
            f"  ours against the floor: {ours_rate / floor_rate:.2f}x the rate, "
            f"{ours_cpu / floor_cpu:.2f}x the CPU; against the baseline: "
            f"{ours_rate / base_rate:.2f}x the rate, {ours_cpu / base_cpu:.2f}x the CPU"
        )
        if count == most:
            cpu_ok, rate_ok = ours_cpu <= TARGET_CPU_MS, ours_rate >= TARGET_RATE * base_rate
            print(
                f"  targets at {most} phones: CPU at most {TARGET_CPU_MS:.0f} ms "
                f"{'ok' if cpu_ok else 'OVER'}; rate at least {TARGET_RATE}x the baseline's "
                f"{'ok' if rate_ok else 'UNDER'}"
            )
            ok &= cpu_ok and rate_ok
    return ok
