"""What every benchmark shares: timing loops, reports, and fresh names for data it builds."""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from collections.abc import Callable


def run_id() -> str:
    """Published data is protected from deletion, so each run builds under fresh names."""
    return uuid.uuid4().hex[:8]


def measure(label: str, fn: Callable[[], object], rounds: int) -> list[float]:
    times = []
    for index in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        if (index + 1) % max(1, rounds // 4) == 0:
            print(f"  {label}: {index + 1}/{rounds}", file=sys.stderr, flush=True)
    return times


def interleaved(
    cases: dict[str, Callable[[], object]], rounds: int, warmup: int = 5, batches: int = 5
):
    """Time every case in turns (in `batches` turns of rounds / batches each), so drift on the
    machine hits all of them alike."""
    for fn in cases.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(batches):
        for name, fn in cases.items():
            times[name] += measure(name, fn, max(1, rounds // batches))
    return times


def report(name: str, ours: list[float], floor: list[float], target: float | None) -> bool:
    ours_ms, floor_ms = statistics.median(ours) * 1000, statistics.median(floor) * 1000
    ratio = ours_ms / floor_ms
    verdict = (
        ""
        if target is None
        else (f"  ok (target {target}x)" if ratio <= target else f"  OVER target {target}x")
    )
    print(
        f"{name:<46} ours {ours_ms:9.3f} ms   floor {floor_ms:9.3f} ms   "
        f"ratio {ratio:5.2f}x{verdict}",
        flush=True,
    )
    return target is None or ratio <= target


def checklist_draft(client, *, key: str, phases: int):
    """A published codex of ``phases`` phases and a draft checklist version pinned to it, for a
    benchmark to add its items to and publish; the version and its phases."""
    from django.utils import timezone

    from checklists.models import Checklist, ChecklistVersion
    from codex.constants import VersionStatus
    from codex.models import CodexVersion, Phase, Situation

    codex = CodexVersion.objects.create(client=client, number=1)
    phase_rows = [
        Phase.objects.create(codex_version=codex, key=f"p{i}", position=i, name=f"Phase {i}")
        for i in range(phases)
    ]
    situation = Situation.objects.create(codex_version=codex, key="s", name="Situation")
    CodexVersion.objects.filter(pk=codex.pk).update(
        status=VersionStatus.PUBLISHED, published_at=timezone.now()
    )
    checklist = Checklist.objects.create(
        client=client, key=key, name=key.title(), situation_key="s", channel="in_person"
    )
    version = ChecklistVersion.objects.create(
        checklist=checklist, number=1, codex_version=codex, situation=situation
    )
    return version, phase_rows


def auditor_with_assignments(client, location, version, *, username: str, count: int, window):
    """An auditor working for ``client`` with a token and ``count`` accepted assignments at
    ``location`` open ``window`` (a timedelta) either side of now: the token and the ids."""
    from django.utils import timezone
    from knox.models import AuthToken

    from accounts.constants import Role
    from accounts.models import User
    from audits.models import Assignment

    auditor = User.objects.create_user(username, role=Role.AUDITOR)
    auditor.works_for.add(client)
    _, token = AuthToken.objects.create(user=auditor)
    now = timezone.now()
    assignments = Assignment.objects.bulk_create(
        Assignment(
            client=client,
            location=location,
            checklist_version=version,
            auditor=auditor,
            window_start=now - window,
            window_end=now + window,
            status="accepted",
        )
        for _ in range(count)
    )
    return token, [assignment.pk for assignment in assignments]
