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
