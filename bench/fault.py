"""Load and faults: simulated phones submit visits with photos to gunicorn on PostgreSQL,
retrying every failure as the README tells them to, while reviewers approve what arrives, with
the background worker beside gunicorn. Then every visit is checked against the database and the
stored files: none lost, none duplicated, no orphan file, no photo without its files, and no 5xx
outside the outage.

Three phases on the same server: calm without webhooks (the floor for the latencies), calm with
50 dead webhook endpoints registered (approval p99 against the floor: the approving request
must not wait on them), and one with faults: gunicorn workers killed, the database out for a
while, and a region-quarter ZIP job whose worker is killed twice (it must still be done).

The outage is a proxy in front of PostgreSQL that resets every connection for
``OUTAGE_SECONDS`` (``BENCH_FAULT_OUTAGE=proxy``, the default: a shared PostgreSQL keeps
running), or a restart of PostgreSQL with ``pg_ctlcluster`` (``BENCH_FAULT_OUTAGE=restart``:
run it alone). Needs PostgreSQL (``DATABASE_URL``) and gunicorn (a dependency).
"""

from __future__ import annotations

import http.client
import io
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bench.common import auditor_with_assignments, checklist_draft, run_id
from bench.proxy import ProxyProcess

ROOT = Path(__file__).resolve().parent.parent
PHONES = 50
CALM_SECONDS = 120
FAULT_SECONDS = 120
KILL_EVERY_SECONDS = 15
RESTART_AT_SECONDS = 60
# 5xx answers this long after the restart began still count as "during the restart": the
# database takes a few seconds to come back, and requests under way then fail.
RESTART_GRACE_SECONDS = 10
OUTAGE_SECONDS = 10
REVIEWERS = 3
DEAD_ENDPOINTS = 50
# The ZIP job's worker is killed this many times (a job is claimed three times at most).
JOB_KILLS = 2
JOB_LEASE_SECONDS = 10
ASSIGNMENTS_PER_PHONE = 400
STRONG_KEY = "bench-" + "".join(
    random.choice("abcdefghijkmnopqrstuvwxyz23456789") for _ in range(60)
)


@dataclass
class Request:
    started: float
    seconds: float
    status: int | None  # None: no answer (connection refused or reset, a timeout)
    kind: str


@dataclass
class Phone:
    token: str
    assignments: list[int]
    done: list[tuple[str, str, int]] = field(default_factory=list)  # submission, photo, assignment
    requests: list[Request] = field(default_factory=list)
    gave_up: int = 0  # visits still unsynced two minutes after the phase ended


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _jpeg(seed: int) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (320, 240), (seed % 256, (seed // 256) % 256, 90))
    for x in range(0, 320, 16):
        image.putpixel((x, (seed * 7 + x) % 240), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def _multipart(fields: dict[str, str], file: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + file
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Server:
    """gunicorn with the production settings, as the README runs it."""

    settings = "config.settings.production"
    root = ROOT  # the checkout it serves (bench.load serves an older one beside it)
    extra_env: dict[str, str] = {}
    ready_path = "/api/v1/health/"  # answers 200 once the server is up

    def __init__(self, port: int, media: Path, log: Path):
        self.port, self.media, self.log = port, media, log
        self.process: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.settings,
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "MEDIA_ROOT": str(self.media),
            "BIND": f"127.0.0.1:{self.port}",
            "SUBMISSION_THROTTLE_RATE": "1000000/hour",
            "PHOTO_THROTTLE_RATE": "1000000/hour",
            "LOG_LEVEL": "WARNING",
            **self.extra_env,
        }

    def start(self) -> None:
        env = self.env()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
            ],
            cwd=self.root,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", self.ready_path)
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer its health check; see {self.log}")

    def workers(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in out.stdout.split()]

    def kill_a_worker(self) -> int | None:
        workers = self.workers()
        if not workers:
            return None
        victim = random.choice(workers)
        os.kill(victim, signal.SIGKILL)
        return victim

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def _send(port: int, phone: Phone, method: str, path: str, body: bytes, content_type: str, kind):
    start = time.monotonic()
    status = None
    payload = b""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            method,
            path,
            body=body,
            headers={"Authorization": f"Token {phone.token}", "Content-Type": content_type},
        )
        response = connection.getresponse()
        payload = response.read()
        status = response.status
        connection.close()
    except (OSError, http.client.HTTPException):
        status = None
    phone.requests.append(Request(start, time.monotonic() - start, status, kind))
    return status, payload


def _until_stored(port, phone, path, body, content_type, kind, give_up_at) -> bool:
    """Send until the server says stored (201) or already stored (200), backing off on
    anything else, as a phone does."""
    wait = 0.2
    while time.monotonic() < give_up_at:
        status, payload = _send(port, phone, "POST", path, body, content_type, kind)
        if status in (200, 201):
            return True
        if status is not None and 400 <= status < 500 and status != 429:
            raise AssertionError(f"{kind} refused with {status}: {payload[:300]!r}")
        time.sleep(wait + random.random() * wait)
        wait = min(wait * 2, 5.0)
    return False


def _phone_loop(port: int, phone: Phone, stop_at: float, photo: bytes, started_at, ended_at):
    """Visits one after another until ``stop_at``; a visit under way then is finished."""
    for assignment in phone.assignments:
        if time.monotonic() >= stop_at:
            return
        give_up_at = stop_at + 120
        submission_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
        body = json.dumps(
            {
                "id": submission_id,
                "assignment": assignment,
                "started_at": started_at,
                "ended_at": ended_at,
                "device_time": started_at,
                "check_in": {"latitude": "60.1691", "longitude": "24.9327", "accuracy_m": 10},
                "answers": {f"q{i}": {"value": i % 2 == 0} for i in range(10)},
            }
        ).encode()
        if not _until_stored(
            port, phone, "/api/v1/submissions/", body, "application/json", "submit", give_up_at
        ):
            phone.gave_up += 1
            return
        multipart, content_type = _multipart(
            {"id": photo_id, "submission": submission_id, "item": "entrance"}, photo
        )
        if not _until_stored(
            port, phone, "/api/v1/photos/", multipart, content_type, "photo", give_up_at
        ):
            phone.gave_up += 1
            return
        phone.done.append((submission_id, photo_id, assignment))


class Worker:
    """``manage.py worker`` beside gunicorn, with the same settings."""

    def __init__(self, server: Server, log: Path):
        self.server, self.log = server, log
        self.process: subprocess.Popen | None = None
        self.kills = 0

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "worker"],
            cwd=ROOT,
            env=self.server.env(),
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.kills += 1

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


class Blackhole:
    """Webhook endpoints that accept a connection and never answer."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=200)
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                self.held.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        self.listener.close()
        for held in self.held:
            held.close()


@dataclass
class Reviewer:
    token: str
    index: int
    requests: list[Request] = field(default_factory=list)


def _review_loop(port: int, reviewer: Reviewer, stop_at: float) -> None:
    """Approve what the queue offers (this reviewer's share of it) until ``stop_at``."""
    while time.monotonic() < stop_at:
        status, payload = _send(
            port,
            reviewer,
            "GET",
            "/api/v1/review/queue/?limit=50",
            b"",
            "application/json",
            "queue",
        )
        ids = []
        if status == 200:
            ids = [
                row["id"]
                for row in json.loads(payload)
                if row["id"] % REVIEWERS == reviewer.index
                and row.get("status", "submitted") == "submitted"
            ]
        for pk in ids:
            if time.monotonic() >= stop_at:
                return
            _send(
                port,
                reviewer,
                "POST",
                f"/api/v1/audits/{pk}/approve/",
                b"{}",
                "application/json",
                "approve",
            )
        if not ids:
            time.sleep(0.5)


def _approvals(reviewers: list[Reviewer], since: float, until: float) -> list[Request]:
    return [
        r
        for reviewer in reviewers
        for r in reviewer.requests
        if r.kind == "approve" and since <= r.started < until
    ]


def _build(name: str):

    from checklists.models import Item
    from checklists.services import checklist_version_publish
    from organizations.models import Client, Location, Region

    client = Client.objects.create(name=f"Fault {name}", slug=f"fault-{name}")
    region = Region.objects.create(client=client, name="R")
    location = Location.objects.create(
        client=client, region=region, name="L", latitude="60.1691", longitude="24.9327"
    )
    version, (phase,) = checklist_draft(client, key="fault", phases=1)
    for index in range(10):
        Item.objects.create(
            checklist_version=version,
            phase=phase,
            key=f"q{index}",
            position=index,
            type="yes_no",
            text=f"Question {index}",
        )
    Item.objects.create(
        checklist_version=version,
        phase=phase,
        key="entrance",
        position=10,
        type="photo",
        text="The entrance",
        min_photos=1,
    )
    version = checklist_version_publish(version=version)
    phones = []
    for index in range(PHONES):
        token, assignments = auditor_with_assignments(
            client,
            location,
            version,
            username=f"fault-{name}-{index}",
            count=ASSIGNMENTS_PER_PHONE,
            window=timedelta(hours=2),
        )
        phones.append(Phone(token=token, assignments=assignments))
    return client, phones


def _run_phase(port, phones, seconds, photo, visit, chaos=None, reviewers=()):
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_phone_loop, args=(port, phone, stop_at, photo, *visit))
        for phone in phones
    ] + [
        threading.Thread(target=_review_loop, args=(port, reviewer, stop_at))
        for reviewer in reviewers
    ]
    for thread in threads:
        thread.start()
    if chaos:
        chaos(stop_at)
    for thread in threads:
        thread.join()


def _percentiles(requests: list[Request]) -> tuple[float, float, int]:
    ok = sorted(r.seconds * 1000 for r in requests if r.status in (200, 201))
    if not ok:
        return float("nan"), float("nan"), 0
    return statistics.median(ok), ok[min(len(ok) - 1, int(len(ok) * 0.99))], len(ok)


def _verify(client, phones, media: Path) -> dict[str, int]:
    from audits.models import Photo, Submission

    acknowledged = {sub for phone in phones for sub, _, _ in phone.done}
    photos_acknowledged = {p for phone in phones for _, p, _ in phone.done}
    submissions = Submission.objects.filter(audit__assignment__client=client)
    keys = list(submissions.values_list("key", flat=True))
    stored = {str(key) for key in keys}
    per_assignment = submissions.values("audit__assignment").distinct().count()
    photo_rows = Photo.objects.filter(audit__assignment__client=client)
    photo_keys = {str(key) for key in photo_rows.values_list("key", flat=True)}
    names = set()
    for display, thumbnail in photo_rows.values_list("display", "thumbnail"):
        names |= {display, thumbnail}
    folder = media / "photos" / str(client.pk)
    on_disk = (
        {str(path.relative_to(media)) for path in folder.rglob("*") if path.is_file()}
        if folder.exists()
        else set()
    )
    return {
        "visits acknowledged": len(acknowledged),
        "lost (acknowledged, not stored)": len(acknowledged - stored)
        + len(photos_acknowledged - photo_keys),
        "duplicated (a second row for a visit)": (len(keys) - len(stored))
        + (len(keys) - per_assignment),
        "orphan files (no row)": len(on_disk - names),
        "photos without their files": len(names - on_disk),
    }


def _setup_reviewing(client, name: str):
    """A reviewer per share of the queue, a client admin (who asks for the ZIP), and the dead
    endpoints (registered later); their tokens."""
    from knox.models import AuthToken

    from accounts.constants import Role
    from accounts.models import User

    reviewers = []
    for index in range(REVIEWERS):
        user = User.objects.create_user(f"fault-{name}-reviewer-{index}", role=Role.REVIEWER)
        reviewers.append(Reviewer(token=AuthToken.objects.create(user=user)[1], index=index))
    admin = User.objects.create_user(f"fault-{name}-admin", role=Role.CLIENT_ADMIN, client=client)
    return reviewers, admin, AuthToken.objects.create(user=admin)[1]


def _register_dead_endpoints(client, admin, port: int) -> None:
    from notifications.models import Endpoint

    Endpoint.objects.bulk_create(
        Endpoint(
            client=client,
            url=f"http://127.0.0.1:{port}/dead/{number}",
            events=["audit.approved"],
            created_by=admin,
        )
        for number in range(DEAD_ENDPOINTS)
    )


def _request_zip(port: int, token: str, region_id: int) -> str:
    from django.utils import timezone

    today = timezone.now().date()
    period = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    holder = Reviewer(token=token, index=0)
    status, payload = _send(
        port,
        holder,
        "POST",
        "/api/v1/jobs/",
        json.dumps({"kind": "region_pdfs", "region": region_id, "period": period}).encode(),
        "application/json",
        "job",
    )
    if status not in (200, 202):
        raise RuntimeError(f"the ZIP job was refused: {status} {payload[:300]!r}")
    return json.loads(payload)["id"]


def _job(job_id):
    from django.db import connection

    from reports.models import ReportJob

    try:
        return ReportJob.objects.values("status", "done", "total", "attempts", "error").get(
            pk=job_id
        )
    finally:
        connection.close()


def run(rounds: int) -> bool:
    from django.db import connection

    if connection.vendor != "postgresql":
        print("The fault run needs PostgreSQL: set DATABASE_URL.", file=sys.stderr)
        return False
    outage = os.environ.get("BENCH_FAULT_OUTAGE", "proxy")
    cluster: list[str] = []
    if outage == "restart":
        if not shutil.which("pg_ctlcluster"):
            print("BENCH_FAULT_OUTAGE=restart needs pg_ctlcluster, which is missing.")
            return False
        cluster = subprocess.run(
            ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
        ).stdout.split()[:2]

    name = run_id()
    print(
        f"Building data: {PHONES} auditors with {ASSIGNMENTS_PER_PHONE} assignments each...",
        file=sys.stderr,
        flush=True,
    )
    client, phones = _build(name)
    reviewers, admin, admin_token = _setup_reviewing(client, name)
    region_id = client.regions.get().pk
    settings_dict = connection.settings_dict
    connection.close()
    proxy = ProxyProcess(int(settings_dict["PORT"] or 5432), settings_dict["HOST"] or "127.0.0.1")
    hole = Blackhole()
    work = Path(tempfile.mkdtemp(prefix="codex-fault-"))
    media = work / "media"
    port = _free_port()
    server = Server(port, media, work / "gunicorn.log")
    server.extra_env = {
        "WEBHOOKS_ALLOW_PRIVATE": "true",
        "WEBHOOKS_TIMEOUT": "2",
        "JOB_LEASE_SECONDS": str(JOB_LEASE_SECONDS),
        "WORKER_POLL_SECONDS": "0.5",
    }
    if outage == "proxy":
        server.extra_env["DATABASE_URL"] = (
            f"postgres://{settings_dict['USER'] or 'postgres'}@127.0.0.1:{proxy.port}/"
            f"{settings_dict['NAME']}"
        )
    server.start()
    worker = Worker(server, work / "worker.log")
    worker.start()
    print(
        f"gunicorn on 127.0.0.1:{port} with {len(server.workers())} workers and a background "
        f"worker; logs in {work}",
        file=sys.stderr,
        flush=True,
    )
    photo = _jpeg(1)
    from django.utils import timezone

    now = timezone.now()
    visit = ((now - timedelta(minutes=20)).isoformat(), (now - timedelta(minutes=5)).isoformat())
    events: list[tuple[float, str]] = []
    restart: list[float] = []
    quarter = ASSIGNMENTS_PER_PHONE // 4
    job_id = None

    try:
        half = CALM_SECONDS / 2
        print(
            f"Calm phase: {CALM_SECONDS} s, {PHONES} phones, {REVIEWERS} reviewers "
            f"(no webhooks, then {DEAD_ENDPOINTS} dead endpoints)...",
            file=sys.stderr,
            flush=True,
        )
        calm_phones = [Phone(p.token, p.assignments[: quarter // 2]) for p in phones]
        begun = time.monotonic()
        _run_phase(port, calm_phones, half, photo, visit, reviewers=reviewers)
        with_hooks_from = time.monotonic()
        _register_dead_endpoints(client, admin, hole.port)
        connection.close()
        hooked_phones = [Phone(p.token, p.assignments[quarter // 2 : quarter]) for p in phones]
        _run_phase(port, hooked_phones, half, photo, visit, reviewers=reviewers)
        with_hooks_until = time.monotonic()
        fault_phones = [Phone(p.token, p.assignments[quarter:]) for p in phones]
        job_id = _request_zip(port, admin_token, region_id)

        def chaos(stop_at: float) -> None:
            begun = time.monotonic()
            next_kill = begun + KILL_EVERY_SECONDS
            restarted = False
            while time.monotonic() < stop_at:
                now_ = time.monotonic()
                if now_ >= next_kill:
                    victim = server.kill_a_worker()
                    events.append((now_ - begun, f"killed gunicorn worker {victim}"))
                    next_kill += KILL_EVERY_SECONDS
                if worker.kills < JOB_KILLS:
                    job = _job(job_id)
                    claimed_again = job["attempts"] == worker.kills + 1  # by the new worker
                    if (
                        claimed_again
                        and job["status"] == "running"
                        and job["done"] >= max(1, job["total"] // 10)
                    ):
                        worker.kill()
                        events.append(
                            (
                                now_ - begun,
                                f"killed the ZIP's worker at {job['done']}/{job['total']}",
                            )
                        )
                        worker.start()
                if not restarted and now_ - begun >= RESTART_AT_SECONDS:
                    restarted = True
                    restart.append(time.monotonic())
                    if outage == "restart":
                        subprocess.run(
                            ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "restart"],
                            check=True,
                        )
                    else:
                        proxy.set("reset")
                        time.sleep(OUTAGE_SECONDS)
                        proxy.set("pass")
                    restart.append(time.monotonic())
                    events.append(
                        (
                            now_ - begun,
                            f"database out for {restart[1] - restart[0]:.1f} s ({outage})",
                        )
                    )
                time.sleep(0.2)

        print(
            f"Fault phase: {FAULT_SECONDS} s, a gunicorn worker killed every "
            f"{KILL_EVERY_SECONDS} s, the database out at {RESTART_AT_SECONDS} s, the ZIP "
            f"job's worker killed {JOB_KILLS} times...",
            file=sys.stderr,
            flush=True,
        )
        _run_phase(port, fault_phones, FAULT_SECONDS, photo, visit, chaos, reviewers=reviewers)
        deadline = time.monotonic() + 600
        while _job(job_id)["status"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(1)
    finally:
        worker.stop()
        server.stop()
        hole.close()
        proxy.close()

    connection.close()
    everyone = [*calm_phones, *hooked_phones, *fault_phones]
    counts = _verify(client, everyone, media)
    fault_requests = [r for p in fault_phones for r in p.requests]
    window = (restart[0] - 1, restart[1] + RESTART_GRACE_SECONDS) if restart else (0, 0)
    server_errors = [
        r for p in [*everyone, *reviewers] for r in p.requests if r.status and r.status >= 500
    ]
    outside = [r for r in server_errors if not window[0] <= r.started <= window[1]]
    no_answer = [r for r in fault_requests if r.status is None]
    counts["visits never synced (phone gave up)"] = sum(p.gave_up for p in everyone)
    counts["5xx outside the outage"] = len(outside)
    job = _job(job_id)
    counts["ZIP job not done"] = int(job["status"] != "succeeded")

    calm_p50, calm_p99, calm_n = _percentiles([r for p in calm_phones for r in p.requests])
    fault_p50, fault_p99, fault_n = _percentiles(fault_requests)
    bare_p50, bare_p99, bare_n = _percentiles(_approvals(reviewers, begun, with_hooks_from))
    hook_p50, hook_p99, hook_n = _percentiles(
        _approvals(reviewers, with_hooks_from, with_hooks_until)
    )
    print(
        f"\nLoad and faults: {PHONES} phones and {REVIEWERS} reviewers, gunicorn on PostgreSQL "
        f"(outage: {outage}) with a background worker; every failure retried with back-off."
    )
    print(f"{'phase':<22} {'answered 2xx':>12} {'p50':>9} {'p99':>9}")
    print(f"{'calm phones':<22} {calm_n:>12} {calm_p50:8.1f}ms {calm_p99:8.1f}ms   (the floor)")
    print(
        f"{'fault phones':<22} {fault_n:>12} {fault_p50:8.1f}ms {fault_p99:8.1f}ms   "
        f"(p50 {fault_p50 / calm_p50:.2f}x, p99 {fault_p99 / calm_p99:.2f}x the floor)"
    )
    print(
        f"{'approvals, no hooks':<22} {bare_n:>12} {bare_p50:8.1f}ms {bare_p99:8.1f}ms   "
        "(the floor)"
    )
    ratio = hook_p99 / bare_p99 if bare_n and hook_n else float("nan")
    verdict = "ok" if ratio <= 1.2 else "FAILED"
    print(
        f"{'approvals, 50 dead':<22} {hook_n:>12} {hook_p50:8.1f}ms {hook_p99:8.1f}ms   "
        f"(p99 {ratio:.2f}x the floor; target 1.2x: {verdict})"
    )
    print(
        f"ZIP job: {job['status']} after {job['attempts']} claims, {job['done']}/{job['total']} "
        f"audits {job['error'] or ''}"
    )
    print(
        f"5xx during the outage: {len(server_errors) - len(outside)}; requests with no "
        f"answer (a killed worker's, the outage's): {len(no_answer)}"
    )
    for label, value in events:
        print(f"  event at {label:5.1f} s: {value}")
    ok = verdict == "ok"
    for label, value in counts.items():
        target = "" if label == "visits acknowledged" else ("  ok" if value == 0 else "  FAILED")
        ok &= target != "  FAILED"
        print(f"{label:<42} {value:>6}{target}")
    return ok and counts["visits acknowledged"] > 0
