"""Schema fuzzing: schemathesis against gunicorn and PostgreSQL, once for each role, with the demo
data. Every check is on (the stateful phase too); the exceptions, each with its reason, are in
``api_schema/schemathesis.toml``. Exit status 1 when any role's run fails.

    python .ci/fuzz.py [--database-url URL] [--port PORT] [--max-examples N]

Needs the test extra installed (schemathesis) and PostgreSQL. It drops and creates its own
database (``codex_audit_fuzz`` by default)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "api_schema" / "openapi.yaml"
CONFIG = ROOT / "api_schema" / "schemathesis.toml"
# The demo's people (demo.services.DEMO_USERS): one run each, as that role's phone or browser.
ROLES = ["auditor", "reviewer", "manager", "clientadmin", "admin"]
DEMO_PASSWORD = "demo-password"


def say(message: str) -> None:
    print(f"fuzz: {message}", flush=True)


def fresh_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("fuzz: gunicorn exited before it answered; see its output above")
        try:
            with urllib.request.urlopen(f"{base}/api/v1/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise SystemExit(f"fuzz: the server did not answer on {base} within {seconds:.0f} s")


def sign_in(base: str, username: str) -> str:
    body = json.dumps({"username": username, "password": DEMO_PASSWORD}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/auth/token/",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["token"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "FUZZ_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/codex_audit_fuzz"
        ),
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("FUZZ_PORT", "8765")))
    parser.add_argument(
        "--max-examples", type=int, default=int(os.environ.get("FUZZ_MAX_EXAMPLES", "5"))
    )
    parser.add_argument("--roles", nargs="*", default=ROLES, choices=ROLES)
    args = parser.parse_args()

    media = tempfile.mkdtemp(prefix="codex-fuzz-media-")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "MEDIA_ROOT": media,
        # Sign-in and submission limits are part of the contract (429 is documented), but a
        # fuzzer sends thousands of requests a minute: the limits are raised so every operation
        # is exercised, not only its 429.
        "LOGIN_THROTTLE_RATE": "100000/min",
        "LOGIN_LOCKOUT_RATE": "100000/15min",
        "SUBMISSION_THROTTLE_RATE": "100000/hour",
        "PHOTO_THROTTLE_RATE": "100000/hour",
        # A webhook the fuzzer registers points anywhere: a delivery gives up quickly.
        "WEBHOOKS_TIMEOUT": "1",
    }
    env.pop("CELERY_BROKER_URL", None)  # jobs run in the request: no worker to start
    say(f"fresh database {urlsplit(args.database_url).path.lstrip('/')}")
    fresh_database(args.database_url)
    say("migrating and installing the demo data")
    subprocess.run(
        [sys.executable, "manage.py", "quickstart"],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "1"},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    server_log = Path(media) / "gunicorn.log"
    say(f"gunicorn on {base}, its log in {server_log}")
    log_file = server_log.open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "2",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "0"},
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    failed = []
    try:
        wait_until_up(base, server)
        for role in args.roles:
            token = sign_in(base, role)
            say(
                f"{role}: schemathesis, every check and phase, at most {args.max_examples} examples"
            )
            started = time.monotonic()
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "schemathesis.cli",
                    "--config-file",
                    str(CONFIG),
                    "run",
                    str(SCHEMA),
                    "--url",
                    base,
                    "--header",
                    f"Authorization: Token {token}",
                    "--max-examples",
                    str(args.max_examples),
                    "--seed",
                    "1",
                    "--no-color",
                ],
                cwd=ROOT,
                env=env,
            )
            say(f"{role}: exit status {result.returncode} in {time.monotonic() - started:.0f} s")
            if result.returncode != 0:
                failed.append(role)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log_file.close()
    if failed:
        say(f"FAILED for {', '.join(failed)}: each failure above names the operation and check")
        return 1
    say("every role passed every check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
