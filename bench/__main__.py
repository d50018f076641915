"""Run the benchmarks: ``python -m bench [checklist]``.

Each measurement runs our endpoint and its floor alternately in the same process, so machine
noise hits both alike; the ratio is the figure to watch, not the absolute times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def measure(label: str, fn: Callable[[], object], rounds: int) -> list[float]:
    times = []
    for index in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        if (index + 1) % max(1, rounds // 4) == 0:
            print(f"  {label}: {index + 1}/{rounds}", file=sys.stderr, flush=True)
    return times


def report(name: str, ours: list[float], floor: list[float], target: float | None) -> bool:
    ours_ms, floor_ms = statistics.median(ours) * 1000, statistics.median(floor) * 1000
    ratio = ours_ms / floor_ms
    verdict = "" if target is None else (" ok" if ratio <= target else f" OVER target {target}x")
    print(
        f"{name:<46} ours {ours_ms:8.3f} ms   floor {floor_ms:8.3f} ms   "
        f"ratio {ratio:5.2f}x{verdict}"
    )
    return target is None or ratio <= target


def bench_checklist(rounds: int) -> bool:
    from django.core.cache import cache
    from django.test import Client as HttpClient
    from knox.models import AuthToken

    from accounts.constants import Role
    from accounts.models import User
    from bench import urls
    from checklists.defaults import default_codex_install
    from checklists.models import Checklist
    from organizations.models import Client

    print("Building data: default codex (24 checklists) and an auditor...", file=sys.stderr)
    run = uuid.uuid4().hex[:8]  # published data is protected from deletion: use fresh names
    client = Client.objects.create(name=f"Bench {run}", slug=f"bench-{run}")
    default_codex_install(client=client)
    auditor = User.objects.create_user(f"bench-auditor-{run}", role=Role.AUDITOR)
    auditor.works_for.add(client)
    _, token = AuthToken.objects.create(user=auditor)
    checklist = Checklist.objects.get(
        client=client, situation_key="product_inquiry", channel="in_person"
    )
    http = HttpClient(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="fi")
    url = f"/api/v1/checklists/{checklist.pk}/"
    first = http.get(url)
    assert first.status_code == 200, first.content
    urls.FLOOR_BODY["checklist"] = first.content
    etag = first["ETag"]
    assert http.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    print(
        f"Checklist document: {len(first.content)} bytes, "
        f"{sum(len(s['items']) for s in first.json()['sections'])} items",
        file=sys.stderr,
    )

    def full():
        return http.get(url)

    def cold():
        cache.clear()
        return http.get(url)

    def not_modified():
        return http.get(url, HTTP_IF_NONE_MATCH=etag)

    def floor():
        return http.get("/bench/floor/")

    def floor_authenticated():
        return http.get("/bench/floor-authenticated/")

    cases = {
        "full": full,
        "cold": cold,
        "304": not_modified,
        "floor": floor,
        "floor+auth": floor_authenticated,
    }
    for fn in cases.values():  # warm up
        for _ in range(20):
            fn()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(5):  # interleaved, so drift hits every case alike
        for name, fn in cases.items():
            times[name] += measure(name, fn, rounds // 5)
    print()
    print("floor: a bare Django view returning the same bytes through the same middleware;")
    print("floor+auth: the same behind the same token authentication.")
    for name, label in [
        ("full", "checklist fetch, full (cached)"),
        ("cold", "checklist fetch, full (rendered)"),
        ("304", "checklist fetch, 304"),
    ]:
        report(f"{label} vs floor", times[name], times["floor"], None)
        report(f"{label} vs floor+auth", times[name], times["floor+auth"], None)
    return True


BENCHMARKS = {"checklist": bench_checklist}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"any of {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()
    unknown = set(args.names) - set(BENCHMARKS)
    if unknown:
        parser.error(
            f"unknown benchmark {', '.join(sorted(unknown))}; choose from {list(BENCHMARKS)}"
        )
    setup_django()
    from django.db import connection

    print(f"Database: {connection.vendor}; rounds: {args.rounds}", file=sys.stderr)
    ok = True
    for name in args.names or BENCHMARKS:
        ok &= BENCHMARKS[name](args.rounds)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
